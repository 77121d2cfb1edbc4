// HttpTransport on libcurl. Each request borrows an easy handle from a pool and gives it back, so
// the connection the handle keeps alive serves the next request from any thread; curl_easy_reset
// keeps a handle's live connections while clearing the previous request's options.
#include <curl/curl.h>
#include <strings.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dynamodb/client/http_transport.h"
#include "flamingock/dynamodb/error.h"

namespace flamingock::dynamodb::detail {
namespace {

struct CurlHandleDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using CurlHandle = std::unique_ptr<CURL, CurlHandleDeleter>;

struct HeaderListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, HeaderListDeleter>;

void initializeCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw NetworkError("libcurl could not be initialised (curl_global_init failed)");
    }
  });
}

// "host:port" of a URL, with the scheme's default port when none is written, for messages.
std::string hostAndPort(const std::string& url) {
  size_t scheme_end = url.find("://");
  size_t authority_begin = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  size_t authority_end = url.find_first_of("/?#", authority_begin);
  std::string authority = url.substr(authority_begin, authority_end == std::string::npos
                                                          ? std::string::npos
                                                          : authority_end - authority_begin);
  size_t at = authority.rfind('@');
  if (at != std::string::npos) authority.erase(0, at + 1);
  size_t bracket = authority.rfind(']');  // an IPv6 literal holds colons of its own
  if (authority.find(':', bracket == std::string::npos ? 0 : bracket) != std::string::npos) {
    return authority;
  }
  return authority + (url.rfind("https://", 0) == 0 ? ":443" : ":80");
}

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

size_t appendBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t appendHeader(char* data, size_t size, size_t count, void* user) {
  auto* headers = static_cast<HttpHeaders*>(user);
  std::string_view line(data, size * count);
  // A new status line starts a new response (after "100 Continue"): drop the interim headers.
  if (line.rfind("HTTP/", 0) == 0) {
    headers->clear();
    return line.size();
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return line.size();
  std::string_view value = line.substr(colon + 1);
  size_t begin = value.find_first_not_of(" \t");
  size_t end = value.find_last_not_of(" \t\r\n");
  headers->emplace_back(std::string(line.substr(0, colon)),
                        begin == std::string_view::npos
                            ? std::string()
                            : std::string(value.substr(begin, end - begin + 1)));
  return line.size();
}

HeaderList buildHeaderList(const HttpHeaders& headers) {
  curl_slist* list = nullptr;
  auto add = [&list](const std::string& line) {
    curl_slist* grown = curl_slist_append(list, line.c_str());
    if (grown == nullptr) {
      curl_slist_free_all(list);
      throw std::bad_alloc();
    }
    list = grown;
  };
  bool has_content_type = false;
  for (const auto& [name, value] : headers) {
    has_content_type = has_content_type || strcasecmp(name.c_str(), "Content-Type") == 0;
    // "Name;" is libcurl's way to send a header with an empty value.
    add(value.empty() ? name + ";" : name + ": " + value);
  }
  // Suppress headers libcurl would add on its own: a form content type for POST bodies, and
  // "Expect: 100-continue", which costs a round trip on large bodies.
  if (!has_content_type) add("Content-Type:");
  add("Expect:");
  return HeaderList(list);
}

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(const HttpOptions& options) : options_(options) {}

  HttpResponse send(const HttpRequest& request) override {
    CurlHandle handle = borrowHandle();
    HttpResponse response;
    HeaderList header_list = buildHeaderList(request.headers);
    char error_buffer[CURL_ERROR_SIZE] = {};
    configure(handle.get(), request, header_list.get(), response, error_buffer);
    CURLcode code = curl_easy_perform(handle.get());
    if (code == CURLE_OK) curl_easy_getinfo(handle.get(), CURLINFO_RESPONSE_CODE, &response.status);
    // Clear pointers into this call's stack before the handle outlives it in the pool.
    curl_easy_reset(handle.get());
    returnHandle(std::move(handle));
    if (code != CURLE_OK) throwFailure(code, request.url, error_buffer);
    return response;
  }

 private:
  void configure(CURL* handle, const HttpRequest& request, curl_slist* header_list,
                 HttpResponse& response, char* error_buffer) const {
    curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(options_.request_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, header_list);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, appendBody);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, appendHeader);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &response.headers);
    if (!options_.ca_bundle.empty()) {
      curl_easy_setopt(handle, CURLOPT_CAINFO, options_.ca_bundle.c_str());
    }
    if (request.method == "GET") {
      curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
    } else if (request.method == "HEAD") {
      curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
    } else {
      // POSTFIELDS sends the body with a Content-Length, also when it is empty.
      curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
      if (request.method != "POST") {
        curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      }
    }
  }

  [[noreturn]] static void throwFailure(CURLcode code, const std::string& url,
                                        const char* error_buffer) {
    std::string reason = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
    std::string where = hostAndPort(url);
    if (code == CURLE_OPERATION_TIMEDOUT) {
      throw TimeoutError("HTTP request to " + where + " timed out: " + reason);
    }
    if (isTlsFailure(code)) {
      throw TlsError("HTTPS request to " + where + " refused by TLS: " + reason);
    }
    throw NetworkError("HTTP request to " + where + " failed: " + reason);
  }

  CurlHandle borrowHandle() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        CurlHandle handle = std::move(idle_.back());
        idle_.pop_back();
        return handle;
      }
    }
    CurlHandle handle(curl_easy_init());
    if (!handle) throw NetworkError("libcurl could not create a handle (curl_easy_init failed)");
    return handle;
  }

  void returnHandle(CurlHandle handle) {
    std::lock_guard lock(mutex_);
    if (static_cast<int>(idle_.size()) < options_.max_idle_connections) {
      idle_.push_back(std::move(handle));
    }
  }

  const HttpOptions options_;
  std::mutex mutex_;
  std::vector<CurlHandle> idle_;  // most recently used last, so its connection is the warmest
};

}  // namespace

std::shared_ptr<HttpTransport> makeCurlTransport(const HttpOptions& options) {
  initializeCurlOnce();
  return std::make_shared<CurlTransport>(options);
}

}  // namespace flamingock::dynamodb::detail
