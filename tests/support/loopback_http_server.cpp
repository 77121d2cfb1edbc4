#include "support/loopback_http_server.h"

#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace flamingock::test {
namespace {

const std::string* findHeader(const LoopbackHttpServer::Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return &value;
    }
  }
  return nullptr;
}

std::string trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t\r");
  return std::string(text.substr(begin, end - begin + 1));
}

// Reads from `fd` into `buffer` until it holds at least `size` bytes; false at end of stream.
bool readAtLeast(int fd, std::string& buffer, size_t size) {
  char chunk[16384];
  while (buffer.size() < size) {
    ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(got));
  }
  return true;
}

// Reads one request (Content-Length bodies only) from `fd`; bytes past it stay in `buffer` for the
// next request of a kept-alive connection. nullopt when the client closed the connection.
std::optional<LoopbackHttpServer::Request> readRequest(int fd, std::string& buffer) {
  size_t header_end;
  while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (!readAtLeast(fd, buffer, buffer.size() + 1)) return std::nullopt;
  }
  LoopbackHttpServer::Request request;
  std::string_view head(buffer.data(), header_end);
  size_t line_end = head.find("\r\n");
  std::string_view request_line = head.substr(0, line_end);
  size_t first_space = request_line.find(' ');
  size_t second_space = request_line.find(' ', first_space + 1);
  if (first_space == std::string_view::npos || second_space == std::string_view::npos) {
    return std::nullopt;
  }
  request.method = std::string(request_line.substr(0, first_space));
  request.target =
      std::string(request_line.substr(first_space + 1, second_space - first_space - 1));
  request.path = request.target.substr(0, request.target.find('?'));
  while (line_end != std::string_view::npos) {
    size_t next = head.find("\r\n", line_end + 2);
    std::string_view line =
        head.substr(line_end + 2,
                    next == std::string_view::npos ? std::string_view::npos : next - line_end - 2);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      request.headers.emplace_back(std::string(line.substr(0, colon)),
                                   trim(line.substr(colon + 1)));
    }
    line_end = next;
  }
  size_t body_size = 0;
  if (const std::string* length = request.header("Content-Length")) {
    body_size = std::stoul(*length);
  }
  if (const std::string* expect = request.header("Expect");
      expect && strcasecmp(expect->c_str(), "100-continue") == 0) {
    sendAll(fd, "HTTP/1.1 100 Continue\r\n\r\n");
  }
  size_t body_begin = header_end + 4;
  if (!readAtLeast(fd, buffer, body_begin + body_size)) return std::nullopt;
  request.body = buffer.substr(body_begin, body_size);
  buffer.erase(0, body_begin + body_size);
  return request;
}

std::string serialize(const LoopbackHttpServer::Response& response, bool close) {
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " Status\r\n";
  for (const auto& [name, value] : response.headers) out += name + ": " + value + "\r\n";
  if (findHeader(response.headers, "Content-Length") == nullptr) {
    out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  }
  if (close) out += "Connection: close\r\n";
  out += "\r\n";
  out += response.body;
  return out;
}

}  // namespace

const std::string* LoopbackHttpServer::Request::header(std::string_view name) const {
  return findHeader(headers, name);
}

LoopbackHttpServer::LoopbackHttpServer(Handler handler)
    : handler_(std::move(handler)),
      listener_([this](int fd, int connection) { serve(fd, connection); }) {}

LoopbackHttpServer::~LoopbackHttpServer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_signal_.notify_all();  // wakes answers held back by a delay
  listener_.stop();
}

std::string LoopbackHttpServer::url() const { return "http://127.0.0.1:" + std::to_string(port()); }

std::vector<LoopbackHttpServer::Request> LoopbackHttpServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

bool LoopbackHttpServer::waitOrStop(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  return !stop_signal_.wait_for(lock, delay, [this] { return stopping_.load(); });
}

void LoopbackHttpServer::serve(int fd, int connection) {
  std::string buffer;
  while (!stopping_) {
    std::optional<Request> request = readRequest(fd, buffer);
    if (!request) break;
    request->connection = connection;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(*request);
    }
    Response response = handler_(*request);
    if (response.delay.count() > 0 && !waitOrStop(response.delay)) break;
    if (response.drop) break;
    if (response.raw) {
      sendAll(fd, *response.raw);
      break;
    }
    const std::string* client_connection = request->header("Connection");
    bool close = response.close_after ||
                 (client_connection && strcasecmp(client_connection->c_str(), "close") == 0);
    if (!sendAll(fd, serialize(response, close)) || close) break;
  }
}

}  // namespace flamingock::test
