// HttpTransport on libcurl. libcurl opens each connection (name resolution, connect time-out,
// TLS, proxies); the transport then writes each request and reads its response itself over the
// connection, which a pool keeps alive for the next request from any thread. Owning only the
// framing spares each request libcurl's per-transfer state machine and its extra polls. A request
// is written once: a kept connection is checked before the request is written to it, and any
// failure after that is the caller's to retry.
#include <curl/curl.h>

#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynamodb/client/curl_connection.h"
#include "dynamodb/client/curl_transport.h"
#include "dynamodb/client/http1_response_parser.h"
#include "dynamodb/client/http_syntax.h"
#include "flamingock/dynamodb/error.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

void initializeCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw NetworkError("libcurl could not be initialised (curl_global_init failed)");
    }
  });
}

// The parts of a request's URL the exchange needs, viewing the URL's text.
struct Target {
  std::string_view origin;     // "scheme://authority": what a pooled connection is for
  std::string_view authority;  // "[user@]host[:port]"
  std::string_view path;       // path and query as on the request line
  bool https = false;

  explicit Target(std::string_view url) {
    size_t scheme_end = url.find("://");
    std::string_view scheme = url.substr(0, scheme_end);
    https = equalsIgnoringCase(scheme, "https");
    if (scheme_end == std::string_view::npos || (!https && !equalsIgnoringCase(scheme, "http"))) {
      throw ConfigurationError("URL '" + std::string(url) + "' is not an http or https URL");
    }
    size_t authority_end = url.find_first_of("/?#", scheme_end + 3);
    if (authority_end == std::string_view::npos) authority_end = url.size();
    origin = url.substr(0, authority_end);
    authority = url.substr(scheme_end + 3, authority_end - scheme_end - 3);
    if (authority.empty() || authority.substr(authority.rfind('@') + 1).empty()) {
      throw ConfigurationError("URL '" + std::string(url) + "' names no host");
    }
    path = url.substr(authority_end, url.find('#', authority_end) - authority_end);
  }

  // "host:port", with the scheme's default port when none is written, for messages.
  std::string where() const {
    std::string_view host = authority.substr(authority.rfind('@') + 1);
    size_t bracket = host.rfind(']');  // an IPv6 literal holds colons of its own
    bool has_port =
        host.find(':', bracket == std::string_view::npos ? 0 : bracket) != std::string_view::npos;
    return std::string(host) + (has_port ? "" : https ? ":443" : ":80");
  }

  // The Host header libcurl would send: the authority without user info.
  std::string_view host() const { return authority.substr(authority.rfind('@') + 1); }
};

// Throws ConfigurationError for a request that cannot be written as HTTP/1.1 safely.
void validate(const HttpRequest& request) {
  if (!isHttpToken(request.method)) {
    throw ConfigurationError("HTTP method '" + request.method + "' is not a valid method");
  }
  for (const auto& [name, value] : request.headers) {
    if (!isHttpToken(name)) {
      throw ConfigurationError("HTTP header name '" + name + "' is not a valid header name");
    }
    // A line break would end the header early and let the value add headers of its own. The
    // value itself stays out of the message: it may be a secret.
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      throw ConfigurationError("HTTP header '" + name + "' has a line break or NUL in its value");
    }
  }
}

// The request as bytes on the wire, into out (whose capacity is kept from request to request).
void writeRequest(std::string& out, const HttpRequest& request, const Target& target) {
  out.clear();
  out.append(request.method).append(" ");
  out.append(target.path.empty() ? "/" : target.path).append(" HTTP/1.1\r\n");
  bool has_host = false;
  for (const auto& [name, value] : request.headers) {
    has_host = has_host || equalsIgnoringCase(name, "Host");
  }
  if (!has_host) out.append("Host: ").append(target.host()).append("\r\n");
  for (const auto& [name, value] : request.headers) {
    if (equalsIgnoringCase(name, "Content-Length")) continue;  // ours, from the body below
    out.append(name).append(value.empty() ? ":" : ": ").append(value).append("\r\n");
  }
  bool has_body = request.method != "GET" && request.method != "HEAD";
  if (has_body) {
    out.append("Content-Length: ").append(std::to_string(request.body.size())).append("\r\n");
  }
  out.append("\r\n");
  if (has_body) out.append(request.body);
}

// A connection in the pool with the buffers its exchanges reuse.
struct PooledConnection {
  PooledConnection(const HttpOptions& options, const Target& target,
                   const std::vector<std::string>& resolved_addresses, Deadline deadline)
      : origin(target.origin),
        resolved_addresses(resolved_addresses),
        connection(options, origin, resolved_addresses, target.where(), deadline) {}

  // What the connection may be lent for: a request to this origin pinned to exactly these
  // addresses. An unpinned request must not ride to a pinned address, nor a pinned one over a
  // connection to an address nobody checked.
  std::string origin;
  std::vector<std::string> resolved_addresses;
  CurlConnection connection;
  std::string request_bytes;
  std::array<char, 16 * 1024> input;
};

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(const HttpOptions& options) : options_(options) {}

  HttpResponse send(const HttpRequest& request) override {
    validate(request);
    Target target(request.url);
    Deadline deadline = std::chrono::steady_clock::now() + options_.request_timeout;
    std::unique_ptr<PooledConnection> pooled =
        borrowOpen(target.origin, request.resolved_addresses);
    if (!pooled) {
      pooled = std::make_unique<PooledConnection>(options_, target, request.resolved_addresses,
                                                  deadline);
    }
    writeRequest(pooled->request_bytes, request, target);
    Http1ResponseParser parser(request.method == "HEAD");
    if (exchange(*pooled, parser, deadline)) giveBack(std::move(pooled));
    return parser.takeResponse();
  }

 private:
  // Sends the request and reads its response into parser; returns whether the connection may
  // carry another request. Throws NetworkError when no whole answer came. A request that may have
  // reached the server is never sent again here: the server may have executed it, and whether to
  // try again is the retry policy's decision, with its backoff.
  static bool exchange(PooledConnection& pooled, Http1ResponseParser& parser, Deadline deadline) {
    CurlConnection& connection = pooled.connection;
    std::string ended;
    if (!connection.send(pooled.request_bytes, deadline)) {
      std::string failure = connection.failure();
      // A server may answer before it has read the whole request (413, 400) and close the
      // connection, which fails the write: its answer, when it came whole, says more.
      if (!receive(pooled, parser, deadline, ended)) fail(connection, failure);
      return false;
    }
    std::optional<bool> keep_alive = receive(pooled, parser, deadline, ended);
    if (!keep_alive) fail(connection, ended);
    return *keep_alive;
  }

  // Reads the answer into parser until it is whole, then returns whether the connection may carry
  // another request; nullopt, with the reason in `ended`, when the connection ended first. Throws
  // NetworkError for a malformed answer.
  static std::optional<bool> receive(PooledConnection& pooled, Http1ResponseParser& parser,
                                     Deadline deadline, std::string& ended) {
    CurlConnection& connection = pooled.connection;
    while (!parser.done()) {
      long received = connection.receive(pooled.input.data(), pooled.input.size(), deadline);
      if (received <= 0) {
        if (received == 0 && parser.finishAtEndOfConnection()) return false;
        ended = received < 0       ? connection.failure()
                : parser.started() ? "connection closed mid-answer"
                                   : "connection closed without an answer";
        return std::nullopt;
      }
      std::string_view bytes(pooled.input.data(), static_cast<size_t>(received));
      size_t used = 0;
      try {
        used = parser.feed(bytes);
      } catch (const NetworkError& error) {
        fail(connection, error.what());
      }
      // Bytes after the answer belong to no request of ours: the connection cannot be trusted.
      if (used < bytes.size()) return false;
    }
    return parser.keepAlive();
  }

  [[noreturn]] static void fail(const CurlConnection& connection, const std::string& reason) {
    throw NetworkError("HTTP request to " + connection.where() + " failed: " + reason);
  }

  // A kept connection to origin, pinned to resolved_addresses, that is still open, or null. One
  // the server closed while it was idle is dropped: nothing of the request was written to it yet.
  std::unique_ptr<PooledConnection> borrowOpen(std::string_view origin,
                                               const std::vector<std::string>& resolved_addresses) {
    for (;;) {
      std::unique_ptr<PooledConnection> pooled = borrow(origin, resolved_addresses);
      if (!pooled || pooled->connection.isOpenAndIdle()) return pooled;
    }
  }

  std::unique_ptr<PooledConnection> borrow(std::string_view origin,
                                           const std::vector<std::string>& resolved_addresses) {
    std::lock_guard lock(mutex_);
    for (size_t i = idle_.size(); i-- > 0;) {  // the most recently used is the warmest
      if (idle_[i]->origin == origin && idle_[i]->resolved_addresses == resolved_addresses) {
        std::unique_ptr<PooledConnection> pooled = std::move(idle_[i]);
        idle_.erase(idle_.begin() + static_cast<long>(i));
        return pooled;
      }
    }
    return nullptr;
  }

  void giveBack(std::unique_ptr<PooledConnection> pooled) {
    std::lock_guard lock(mutex_);
    if (options_.max_idle_connections <= 0) return;
    if (static_cast<int>(idle_.size()) >= options_.max_idle_connections) idle_.erase(idle_.begin());
    idle_.push_back(std::move(pooled));
  }

  const HttpOptions options_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<PooledConnection>> idle_;  // most recently used last
};

}  // namespace

std::shared_ptr<HttpTransport> makeCurlTransport(const HttpOptions& options) {
  if (options.connect_timeout.count() <= 0 || options.request_timeout.count() <= 0) {
    throw ConfigurationError("HTTP time-outs must be positive (connect " +
                             std::to_string(options.connect_timeout.count()) + " ms, request " +
                             std::to_string(options.request_timeout.count()) + " ms)");
  }
  initializeCurlOnce();
  return std::make_shared<CurlTransport>(options);
}

}  // namespace flamingock::dynamodb::detail
