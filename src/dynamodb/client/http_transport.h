// The HTTP seam of the DynamoDB client: the client, the credential providers and the tests all
// talk through HttpTransport, so a test can swap the network for a fake.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flamingock::dynamodb::detail {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "POST";
  std::string url;  // scheme://host[:port]/path[?query]
  HttpHeaders headers;
  std::string body;
};

struct HttpResponse {
  long status = 0;
  HttpHeaders headers;  // names as the server sent them
  std::string body;

  // The first header of that name, compared without regard to case; nullptr when absent.
  const std::string* header(std::string_view name) const;
};

struct HttpOptions {
  std::chrono::milliseconds connect_timeout{3000};   // to open a connection
  std::chrono::milliseconds request_timeout{10000};  // for a whole request and its response
  int max_idle_connections = 16;                     // kept alive for reuse
  std::string ca_bundle;  // PEM file of trusted CAs for https; empty: the system's
};

// Sends requests and waits for their responses. Safe to use from several threads at once.
// Throws flamingock::dynamodb::NetworkError (TimeoutError for time-outs, TlsError for a refused
// certificate or handshake) when no HTTP response arrives; an HTTP error status is a response, not
// an exception. A request is written at most once: the server may have executed one that got no
// answer, so sending it again is the caller's decision (the client's retry policy).
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

// libcurl with keep-alive connections reused across requests and threads.
std::shared_ptr<HttpTransport> makeCurlTransport(const HttpOptions& options);

}  // namespace flamingock::dynamodb::detail
