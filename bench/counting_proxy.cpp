#include "counting_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace bench {
namespace {

constexpr std::string_view kTargetPrefix = "DynamoDB_20120810.";

sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

int connectTo(int port) {
  int socket_fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = loopback(port);
  if (connect(socket_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(socket_fd);
    throw std::runtime_error("counting proxy: cannot connect to port " + std::to_string(port));
  }
  // Without it the proxy's small writes would wait for the peer's delayed ACK.
  int on = 1;
  setsockopt(socket_fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  return socket_fd;
}

bool writeAll(int socket_fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t written = send(socket_fd, data, size, MSG_NOSIGNAL);
    if (written <= 0) return false;
    data += written;
    size -= static_cast<std::size_t>(written);
  }
  return true;
}

// Copies bytes from `from` to `to` until either side closes, adding them to `copied`, then
// closes both directions so the other pump of the connection ends too.
void pump(int from, int to, std::atomic<long>& copied) {
  std::array<char, 65536> buffer;
  for (;;) {
    ssize_t read = recv(from, buffer.data(), buffer.size(), 0);
    if (read <= 0 || !writeAll(to, buffer.data(), static_cast<std::size_t>(read))) break;
    copied += read;
  }
  shutdown(from, SHUT_RDWR);
  shutdown(to, SHUT_RDWR);
}

std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

// The value of header `name` (lower case) in a request head, or "".
std::string headerValue(std::string_view head, std::string_view name) {
  std::size_t line = head.find("\r\n");
  while (line != std::string_view::npos && line + 2 < head.size()) {
    std::size_t begin = line + 2;
    std::size_t end = head.find("\r\n", begin);
    std::string_view field = head.substr(begin, end - begin);
    std::size_t colon = field.find(':');
    if (colon != std::string_view::npos && lower(field.substr(0, colon)) == name) {
      std::string_view value = field.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      return std::string(value);
    }
    line = end;
  }
  return "";
}

}  // namespace

long total(const RequestCounts& counts) {
  long sum = 0;
  for (const auto& [operation, number] : counts) sum += number;
  return sum;
}

std::string describe(const RequestCounts& counts) {
  std::string text;
  for (const auto& [operation, number] : counts) {
    text += (text.empty() ? "" : ", ") + operation + " " + std::to_string(number);
  }
  return text.empty() ? "none" : text;
}

CountingProxy::CountingProxy(const std::string& upstream) {
  upstream_port_ = std::stoi(upstream.substr(upstream.rfind(':') + 1));
  listener_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = loopback(0);
  socklen_t length = sizeof address;
  if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listener_, 64) != 0 ||
      getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(listener_);
    throw std::runtime_error("counting proxy: cannot listen on loopback");
  }
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { acceptLoop(); });
}

CountingProxy::~CountingProxy() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
    for (int socket_fd : sockets_) shutdown(socket_fd, SHUT_RDWR);
  }
  shutdown(listener_, SHUT_RDWR);  // wakes accept()
  acceptor_.join();
  for (std::thread& thread : pumps_) thread.join();
  for (int socket_fd : sockets_) close(socket_fd);
  close(listener_);
}

std::string CountingProxy::endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

RequestCounts CountingProxy::takeCounts() {
  std::lock_guard lock(mutex_);
  return std::exchange(counts_, {});
}

long CountingProxy::takeAnswerBytes() { return answer_bytes_.exchange(0); }

void CountingProxy::count(const std::string& operation) {
  std::lock_guard lock(mutex_);
  ++counts_[operation];
}

void CountingProxy::acceptLoop() {
  for (;;) {
    int client = accept(listener_, nullptr, nullptr);
    if (client < 0) return;
    int on = 1;
    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    int upstream = -1;
    try {
      upstream = connectTo(upstream_port_);
    } catch (const std::runtime_error&) {
      close(client);  // the client sees a dropped connection, as it would without the proxy
      continue;
    }
    std::lock_guard lock(mutex_);
    sockets_.insert(sockets_.end(), {client, upstream});
    if (closing_) {
      shutdown(client, SHUT_RDWR);
      shutdown(upstream, SHUT_RDWR);
    }
    pumps_.emplace_back([this, client, upstream] { countRequests(client, upstream); });
    pumps_.emplace_back([this, client, upstream] { pump(upstream, client, answer_bytes_); });
  }
}

// Forwards the client's bytes as they come and, alongside, follows the HTTP framing (a head,
// then Content-Length bytes of body) to count each request once. A request is counted before its
// last bytes go upstream: counting after them let a run's last request (its lock release) reach
// the server, be answered and the run end before the count, which then landed in the next
// measurement.
void CountingProxy::countRequests(int from_client, int to_upstream) {
  std::string pending;  // bytes not yet attributed to a head or a body
  std::size_t body_left = 0;
  std::array<char, 65536> buffer;
  for (;;) {
    ssize_t read = recv(from_client, buffer.data(), buffer.size(), 0);
    if (read <= 0) break;
    pending.append(buffer.data(), static_cast<std::size_t>(read));
    for (;;) {
      if (body_left > 0) {
        std::size_t skipped = std::min(body_left, pending.size());
        pending.erase(0, skipped);
        body_left -= skipped;
        if (body_left > 0) break;
      }
      std::size_t head_end = pending.find("\r\n\r\n");
      if (head_end == std::string::npos) break;
      std::string_view head(pending.data(), head_end + 2);
      std::string target = headerValue(head, "x-amz-target");
      count(target.starts_with(kTargetPrefix) ? target.substr(kTargetPrefix.size())
                                              : "(other) " + target);
      std::string length = headerValue(head, "content-length");
      body_left = length.empty() ? 0 : std::stoul(length);
      pending.erase(0, head_end + 4);
    }
    if (!writeAll(to_upstream, buffer.data(), static_cast<std::size_t>(read))) break;
  }
  shutdown(from_client, SHUT_RDWR);
  shutdown(to_upstream, SHUT_RDWR);
}

}  // namespace bench
