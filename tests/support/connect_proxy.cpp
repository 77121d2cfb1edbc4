#include "support/connect_proxy.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <optional>
#include <string_view>

namespace flamingock::test {
namespace {

constexpr int kPollMillis = 100;  // how often a relay looks whether the proxy is stopping
constexpr size_t kMaxRequestBytes = 8192;

// The head of the client's request, up to the empty line; nullopt when it never ends. Reads one
// byte at a time so that nothing after the head (the tunnel's first bytes) is taken.
std::optional<std::string> readHead(int fd) {
  std::string head;
  while (head.size() < kMaxRequestBytes) {
    char c;
    ssize_t got = ::recv(fd, &c, 1, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return std::nullopt;
    head.push_back(c);
    if (head.ends_with("\r\n\r\n")) return head;
  }
  return std::nullopt;
}

// The port of "CONNECT 127.0.0.1:PORT HTTP/1.1" (or localhost); 0 for anything else.
int loopbackPort(std::string_view head, std::string& target) {
  std::string_view line = head.substr(0, head.find("\r\n"));
  if (!line.starts_with("CONNECT ")) return 0;
  line.remove_prefix(8);
  target = std::string(line.substr(0, line.find(' ')));
  for (std::string_view host : {"127.0.0.1:", "localhost:"}) {
    if (target.starts_with(host)) {
      int port = std::atoi(target.c_str() + host.size());
      return port > 0 && port < 65536 ? port : 0;
    }
  }
  return 0;
}

}  // namespace

ConnectProxy::ConnectProxy() : listener_([this](int fd, int) { serve(fd); }) {
  std::signal(SIGPIPE, SIG_IGN);  // a write to a peer that hung up must not end the test
}

std::vector<std::string> ConnectProxy::targets() const {
  std::lock_guard lock(mutex_);
  return targets_;
}

void ConnectProxy::serve(int client_fd) {
  std::optional<std::string> head = readHead(client_fd);
  if (!head) return;
  std::string target;
  int port = loopbackPort(*head, target);
  int upstream_fd = port > 0 ? connectTo("127.0.0.1", port) : -1;
  if (upstream_fd < 0) {
    sendAll(client_fd, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    return;
  }
  {
    std::lock_guard lock(mutex_);
    targets_.push_back(target);
  }
  if (sendAll(client_fd, "HTTP/1.1 200 Connection established\r\n\r\n")) {
    relay(client_fd, upstream_fd);
  }
  ::close(upstream_fd);
}

void ConnectProxy::relay(int client_fd, int upstream_fd) {
  std::array<char, 16384> buffer;
  while (!listener_.stopping()) {
    std::array<pollfd, 2> fds{{{client_fd, POLLIN, 0}, {upstream_fd, POLLIN, 0}}};
    int ready = ::poll(fds.data(), fds.size(), kPollMillis);
    if (ready < 0 && errno != EINTR) return;
    if (ready <= 0) continue;
    for (size_t from = 0; from < 2; ++from) {
      if (fds[from].revents == 0) continue;
      ssize_t got = ::recv(fds[from].fd, buffer.data(), buffer.size(), 0);
      if (got <= 0 || !sendAll(fds[1 - from].fd, {buffer.data(), static_cast<size_t>(got)})) {
        return;
      }
    }
  }
}

}  // namespace flamingock::test
