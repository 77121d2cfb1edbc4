// The network as the DynamoDB client sees it: one HTTP request in, one HTTP response out. Set
// ClientConfig::transport to your own HttpTransport to record the traffic, inject faults, or send
// it through a proxy of your own; leave it empty for libcurl with the config's time-outs, pool
// size and CA bundle (defaultHttpTransport).
//
//   // Records what the client sends, then sends it over the real network.
//   class RecordingTransport : public flamingock::dynamodb::HttpTransport {
//    public:
//     explicit RecordingTransport(std::shared_ptr<HttpTransport> next) : next_(std::move(next)) {}
//     HttpResponse send(const HttpRequest& request) override {
//       {
//         std::lock_guard lock(mutex_);
//         sent_.push_back(request);
//       }
//       return next_->send(request);
//     }
//    private:
//     std::shared_ptr<HttpTransport> next_;
//     std::mutex mutex_;
//     std::vector<HttpRequest> sent_;
//   };
//
//   config.transport = std::make_shared<RecordingTransport>(defaultHttpTransport(config));
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flamingock::dynamodb {

struct ClientConfig;

// In the order they are sent (or were received); names keep the case they were written in.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "POST";
  std::string url;  // scheme://host[:port]/path[?query]
  HttpHeaders headers;
  std::string body;
  // When not empty, the IP addresses ("127.0.0.1", "::1") to reach the URL's host at, instead of
  // resolving it: the addresses a check on the host approved before the request carries a secret
  // there, which a second look-up could answer differently. The transport connects only to one of
  // them, directly (never through a proxy), and over no connection opened otherwise. The URL's
  // host must be a name. The client never sets it; its container credentials do, over libcurl.
  std::vector<std::string> resolved_addresses;
};

struct HttpResponse {
  long status = 0;  // the HTTP status code, 200 for success
  HttpHeaders headers;
  std::string body;

  // The first header of that name, compared without regard to case; nullptr when absent.
  const std::string* header(std::string_view name) const;
};

// Sends requests and waits for their responses.
//
// Thread safety: `send` is called from several threads at once (copies of a Client share one
// transport; a parallel scan sends from one thread per segment), so an implementation must allow
// that.
//
// The client signs each request before it hands it over: send the method, URL, headers and body
// as they are (a transport may add framing headers such as Content-Length, never change the
// others). An HTTP error status is a response, not an exception: return it, and the client turns
// it into a DynamoDBError and retries it if its RetryPolicy says so. When no response arrives,
// throw flamingock::dynamodb::NetworkError, TimeoutError for a time-out, or TlsError for a refused
// certificate or handshake (flamingock/dynamodb/error.h): the client retries the first two and
// not the third. Any other exception reaches the caller of the client's method unchanged. Send a
// request at most once: the server may have executed one that got no answer, so sending it again
// is the retry policy's decision.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

// What an empty ClientConfig::transport stands for: libcurl with keep-alive connections reused
// across requests and threads, config.connect_timeout and request_timeout, at most
// config.max_connections idle connections and config.ca_bundle. Each call makes a new pool. Throws
// flamingock::ConfigurationError when a time-out is not positive.
std::shared_ptr<HttpTransport> defaultHttpTransport(const ClientConfig& config);

}  // namespace flamingock::dynamodb
