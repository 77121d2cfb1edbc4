// One connection that libcurl opens and the transport then talks HTTP/1.1 over by itself.
// libcurl does everything hard once per connection: name resolution, the connect time-out, TLS
// (OpenSSL, the configured CA bundle) and proxies as its environment variables name them, always as
// a CONNECT tunnel; or, pinned, the addresses given and no proxy. Each request afterwards costs one
// send and one receive or a few, with a poll only when the socket has nothing to give yet.
//
//   CurlConnection connection(options, "http://127.0.0.1:8000", {}, "127.0.0.1:8000", deadline);
//   if (!connection.isOpenAndIdle()) { /* closed while kept: open another */ }
//   if (!connection.send(bytes, deadline)) { /* broken: read what the server said, if anything */ }
//   long n = connection.receive(buffer, sizeof buffer, deadline);  // 0: closed, -1: broken
//
// Not thread-safe: one request at a time, as the transport's pool lends it.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dynamodb/client/curl_transport.h"

namespace flamingock::dynamodb::detail {

using Deadline = std::chrono::steady_clock::time_point;

class CurlConnection {
 public:
  // Connects to origin ("scheme://host[:port]"), at one of resolved_addresses when there are any
  // (HttpRequest::resolved_addresses). Throws TimeoutError, TlsError or NetworkError naming
  // `where` (host:port) when it cannot, ConfigurationError for addresses it cannot pin.
  CurlConnection(const HttpOptions& options, const std::string& origin,
                 const std::vector<std::string>& resolved_addresses, std::string where,
                 Deadline deadline);

  // Whether a kept connection is still fit for a request: false when the peer closed it or it
  // broke while idle, or when bytes that no request asked for arrived. Waits for nothing.
  bool isOpenAndIdle();

  // Writes all of bytes. False when the connection turned out broken; throws TimeoutError at the
  // deadline.
  bool send(std::string_view bytes, Deadline deadline);

  // Reads what has arrived, waiting for something until the deadline (then TimeoutError): the
  // number of bytes, 0 when the peer closed the connection, -1 when it broke.
  long receive(char* buffer, size_t size, Deadline deadline);

  const std::string& where() const { return where_; }
  // libcurl's words for the last failure of send or receive.
  const std::string& failure() const { return failure_; }

 private:
  // Waits until the socket is ready for `events`; throws TimeoutError at the deadline.
  void await(short events, Deadline deadline);

  struct HandleDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
  };
  struct ListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
  };
  // The pin (CURLOPT_RESOLVE), which the handle refers to as long as it lives: destroyed after it.
  std::unique_ptr<curl_slist, ListDeleter> pin_;
  std::unique_ptr<CURL, HandleDeleter> curl_;
  curl_socket_t socket_ = CURL_SOCKET_BAD;
  std::string where_;
  std::string failure_;
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace flamingock::dynamodb::detail
