// A small HTTP/1.1 server on 127.0.0.1 for tests of the transport, the credential providers and
// anything else that needs a real socket without leaving the machine.
//
//   flamingock::test::LoopbackHttpServer server([](const auto& request) {
//     flamingock::test::LoopbackHttpServer::Response response;
//     response.body = "hello " + request.path;
//     return response;
//   });
//   transport->send({.method = "GET", .url = server.url() + "/x"});
//   EXPECT_EQ(server.acceptedConnections(), 1);
//
// Each connection is served by its own thread and kept alive until the client closes it, so a
// client that reuses connections shows it through acceptedConnections(). A response can be
// delayed, replaced by raw bytes, or dropped (the connection closes without an answer), which is
// what fault tests need. The destructor stops every thread, including those in a delay.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/loopback_listener.h"

namespace flamingock::test {

class LoopbackHttpServer {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  struct Request {
    std::string method;
    std::string target;  // as on the request line: path and query
    std::string path;    // target without the query
    Headers headers;
    std::string body;
    int connection = 0;  // 1 for the first accepted connection, 2 for the next, ...

    // First header of that name, compared without regard to case; nullptr when absent.
    const std::string* header(std::string_view name) const;
  };

  struct Response {
    int status = 200;
    Headers headers;  // Content-Length is added unless given
    std::string body;
    std::chrono::milliseconds delay{0};  // wait this long before answering
    bool drop = false;                   // close the connection without answering
    bool close_after = false;            // answer, then close the connection
    std::optional<std::string> raw;      // send these bytes instead of a response, then close
  };

  using Handler = std::function<Response(const Request&)>;

  // Listens on a free port of 127.0.0.1 at once. The handler runs on connection threads, possibly
  // several at a time.
  explicit LoopbackHttpServer(Handler handler);
  ~LoopbackHttpServer();
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  int port() const { return listener_.port(); }
  std::string url() const;  // "http://127.0.0.1:PORT"

  int acceptedConnections() const { return listener_.acceptedConnections(); }
  int closedConnections() const { return listener_.closedConnections(); }
  std::vector<Request> requests() const;  // every request received so far, in arrival order

 private:
  void serve(int fd, int connection);
  bool waitOrStop(std::chrono::milliseconds delay);  // false when the server is stopping

  Handler handler_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::condition_variable stop_signal_;
  std::vector<Request> requests_;
  LoopbackListener listener_;  // last: its threads use the members above
};

}  // namespace flamingock::test
