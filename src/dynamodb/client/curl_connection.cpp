#include "dynamodb/client/curl_connection.h"

#include <arpa/inet.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "dynamodb/client/curl_url_parts.h"
#include "flamingock/dynamodb/error.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

// Certificate and handshake failures: the same certificate and settings fail the same way again.
bool isTlsFailure(CURLcode code) {
  switch (code) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
      return true;
    default:
      return false;
  }
}

long millisecondsUntil(Deadline deadline) {
  auto left =
      std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return std::max<long>(0, static_cast<long>(left.count()));
}

// libcurl's CURLOPT_RESOLVE entry that pins origin's host and port to addresses,
// "host:port:address[,address]". Host and port are libcurl's own reading of origin, so the entry
// is the one libcurl looks up when it connects.
std::string pinEntry(const std::string& origin, const std::vector<std::string>& addresses) {
  CurlUrlParts parts = curlUrlParts(origin, "URL");
  if (parts.hostIsAddress()) {
    throw ConfigurationError("URL '" + origin +
                             "' comes with resolved addresses, but its host is an address already, "
                             "not a name to resolve");
  }
  std::string entry = parts.host + ":" + parts.port + ":";
  for (const std::string& address : addresses) {
    in6_addr bytes{};
    if (inet_pton(AF_INET, address.c_str(), &bytes) == 1) {
      entry += address;
    } else if (inet_pton(AF_INET6, address.c_str(), &bytes) == 1) {
      entry += "[" + address + "]";
    } else {
      throw ConfigurationError("resolved address '" + address + "' for URL '" + origin +
                               "' is not an IP address");
    }
    entry += ',';
  }
  entry.pop_back();
  return entry;
}

}  // namespace

CurlConnection::CurlConnection(const HttpOptions& options, const std::string& origin,
                               const std::vector<std::string>& resolved_addresses,
                               std::string where, Deadline deadline)
    : curl_(curl_easy_init()), where_(std::move(where)) {
  if (!curl_) throw NetworkError("libcurl could not create a handle (curl_easy_init failed)");
  CURL* handle = curl_.get();
  long left_ms = millisecondsUntil(deadline);
  if (left_ms == 0) throw TimeoutError("HTTP request to " + where_ + " timed out");
  curl_easy_setopt(handle, CURLOPT_URL, origin.c_str());
  curl_easy_setopt(handle, CURLOPT_CONNECT_ONLY, 1L);
  // Through a proxy, every request is ours to frame: a tunnel for http as for https.
  curl_easy_setopt(handle, CURLOPT_HTTPPROXYTUNNEL, 1L);
  // Offer only HTTP/1.1 in the TLS handshake (ALPN): a server must not pick HTTP/2 for bytes
  // the transport writes as HTTP/1.1.
  curl_easy_setopt(handle, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer_);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                   std::min(left_ms, static_cast<long>(options.connect_timeout.count())));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, left_ms);
  if (!options.ca_bundle.empty()) {
    curl_easy_setopt(handle, CURLOPT_CAINFO, options.ca_bundle.c_str());
  }
  if (!resolved_addresses.empty()) {
    pin_.reset(curl_slist_append(nullptr, pinEntry(origin, resolved_addresses).c_str()));
    if (!pin_) throw NetworkError("libcurl could not allocate the addresses to connect to");
    curl_easy_setopt(handle, CURLOPT_RESOLVE, pin_.get());
    // A proxy would resolve the host itself, and read what plain http carries.
    curl_easy_setopt(handle, CURLOPT_PROXY, "");
  }
  CURLcode code = curl_easy_perform(handle);
  if (code == CURLE_OK) {
    code = curl_easy_getinfo(handle, CURLINFO_ACTIVESOCKET, &socket_);
    if (code == CURLE_OK && socket_ == CURL_SOCKET_BAD) code = CURLE_COULDNT_CONNECT;
  }
  if (code == CURLE_OK) return;
  std::string reason = error_buffer_[0] != '\0' ? error_buffer_ : curl_easy_strerror(code);
  if (code == CURLE_OPERATION_TIMEDOUT) {
    throw TimeoutError("HTTP request to " + where_ + " timed out: " + reason);
  }
  if (isTlsFailure(code)) {
    throw TlsError("HTTPS request to " + where_ + " refused by TLS: " + reason);
  }
  throw NetworkError("HTTP request to " + where_ + " failed: " + reason);
}

bool CurlConnection::isOpenAndIdle() {
  pollfd target{.fd = socket_, .events = POLLIN, .revents = 0};
  // Readable while idle: the end of the connection, an error, TLS records that carry no data
  // (a session ticket, which the read consumes), or stray bytes.
  while (poll(&target, 1, 0) > 0) {
    char byte = 0;
    size_t received = 0;
    if (curl_easy_recv(curl_.get(), &byte, 1, &received) != CURLE_AGAIN) return false;
  }
  return true;
}

bool CurlConnection::send(std::string_view bytes, Deadline deadline) {
  while (!bytes.empty()) {
    size_t sent = 0;
    error_buffer_[0] = '\0';
    CURLcode code = curl_easy_send(curl_.get(), bytes.data(), bytes.size(), &sent);
    if (code == CURLE_AGAIN) {
      await(POLLOUT, deadline);
      continue;
    }
    if (code != CURLE_OK) {
      failure_ = error_buffer_[0] != '\0' ? error_buffer_ : curl_easy_strerror(code);
      return false;
    }
    bytes.remove_prefix(sent);
  }
  return true;
}

long CurlConnection::receive(char* buffer, size_t size, Deadline deadline) {
  for (;;) {
    size_t received = 0;
    error_buffer_[0] = '\0';
    CURLcode code = curl_easy_recv(curl_.get(), buffer, size, &received);
    if (code == CURLE_OK) return static_cast<long>(received);
    if (code != CURLE_AGAIN) {
      failure_ = error_buffer_[0] != '\0' ? error_buffer_ : curl_easy_strerror(code);
      return -1;
    }
    await(POLLIN, deadline);
  }
}

void CurlConnection::await(short events, Deadline deadline) {
  pollfd target{.fd = socket_, .events = events, .revents = 0};
  for (;;) {
    long left_ms = millisecondsUntil(deadline);
    if (left_ms == 0) break;
    int ready = poll(&target, 1, static_cast<int>(std::min<long>(left_ms, 1 << 30)));
    if (ready > 0) return;  // readable, writable, or an error that the next call reports
    if (ready < 0 && errno != EINTR) {
      throw NetworkError("HTTP request to " + where_ + " failed: poll: " + std::strerror(errno));
    }
  }
  throw TimeoutError("HTTP request to " + where_ + " timed out " +
                     (events == POLLOUT ? "sending the request" : "waiting for the answer"));
}

}  // namespace flamingock::dynamodb::detail
