// A TCP listener on a free port of 127.0.0.1 that serves each accepted connection on a thread of
// its own: the socket plumbing the test servers (LoopbackHttpServer, TlsFront) share.
//
//   LoopbackListener listener([](int fd, int connection) { /* read and write fd */ });
//   connectTo(listener.port());
//
// `serve` owns nothing: the listener closes the socket once `serve` returns. stop() (also run by
// the destructor) shuts every socket down, which wakes a `serve` blocked on its socket, and joins
// the threads; a `serve` that waits on anything else must also watch stopping().
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace flamingock::test {

class LoopbackListener {
 public:
  // fd of the accepted connection; `connection` is 1 for the first, 2 for the next, ...
  using Serve = std::function<void(int fd, int connection)>;

  // Listens at once; throws std::runtime_error when it cannot.
  explicit LoopbackListener(Serve serve);
  ~LoopbackListener() { stop(); }
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;

  // Stops accepting, shuts down every open connection and waits for their threads. Idempotent.
  void stop();

  int port() const { return port_; }
  int acceptedConnections() const { return accepted_.load(); }
  int closedConnections() const { return closed_.load(); }  // by the listener, once served
  bool stopping() const { return stopping_.load(); }

 private:
  void acceptLoop();
  void serveAndClose(int fd, int connection);

  Serve serve_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> accepted_{0};
  std::atomic<int> closed_{0};
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::vector<int> open_fds_;
  std::vector<std::thread> connection_threads_;
  std::thread accept_thread_;
};

// Writes all of bytes to the socket `fd`; false when the peer is gone. Never raises SIGPIPE.
bool sendAll(int fd, std::string_view bytes);

// A TCP connection to `ipv4_address`:`port` (a relay's upstream); -1 when it cannot be made.
int connectTo(const std::string& ipv4_address, int port);

}  // namespace flamingock::test
