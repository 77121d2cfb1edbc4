// HttpTransport on libcurl. Each request borrows an easy handle from a pool and gives it back, so
// the connection the handle keeps alive serves the next request from any thread. A pooled handle
// stays configured: a request sets only what differs from the last one.
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

// The request headers as a curl_slist whose nodes and text this object owns, rebuilt in place for
// each request: no allocation once the buffers have grown to a request's size, where
// curl_slist_append would allocate twice per header.
class HeaderLines {
 public:
  curl_slist* build(const HttpHeaders& headers) {
    text_.clear();
    offsets_.clear();
    bool has_content_type = false;
    for (const auto& [name, value] : headers) {
      has_content_type = has_content_type || strcasecmp(name.c_str(), "Content-Type") == 0;
      offsets_.push_back(text_.size());
      // "Name;" is libcurl's way to send a header with an empty value.
      text_.append(name).append(value.empty() ? ";" : ": ").append(value).push_back('\0');
    }
    // Suppress headers libcurl would add on its own: a form content type for POST bodies, and
    // "Expect: 100-continue", which costs a round trip on large bodies.
    if (!has_content_type) appendLine("Content-Type:");
    appendLine("Expect:");
    nodes_.resize(offsets_.size());
    for (size_t i = 0; i < nodes_.size(); ++i) {
      nodes_[i].data = text_.data() + offsets_[i];  // text_ no longer grows: pointers stay valid
      nodes_[i].next = i + 1 < nodes_.size() ? &nodes_[i + 1] : nullptr;
    }
    return nodes_.data();
  }

 private:
  void appendLine(std::string_view line) {
    offsets_.push_back(text_.size());
    text_.append(line).push_back('\0');
  }

  std::string text_;
  std::vector<size_t> offsets_;
  std::vector<curl_slist> nodes_;
};

// An easy handle with everything that is the same for every request set once, and the buffers it
// fills; a request changes only its URL (when another), method, body and headers. Not resetting
// the handle also keeps libcurl's parsed URL and connection state between requests.
class PooledHandle {
 public:
  explicit PooledHandle(const HttpOptions& options) : curl_(curl_easy_init()) {
    if (!curl_) throw NetworkError("libcurl could not create a handle (curl_easy_init failed)");
    CURL* handle = curl_.get();
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer_);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(options.request_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, appendBody);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &response_.body);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, appendHeader);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &response_.headers);
    if (!options.ca_bundle.empty()) {
      curl_easy_setopt(handle, CURLOPT_CAINFO, options.ca_bundle.c_str());
    }
  }

  // The outcome of the transfer; the response is valid until the next perform.
  CURLcode perform(const HttpRequest& request) {
    CURL* handle = curl_.get();
    if (request.url != url_) {
      curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());  // libcurl keeps a copy
      url_ = request.url;
    }
    setMethod(request);
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, header_lines_.build(request.headers));
    response_.status = 0;
    response_.headers.clear();
    response_.body.clear();
    error_buffer_[0] = '\0';
    CURLcode code = curl_easy_perform(handle);
    if (code == CURLE_OK) curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response_.status);
    // The body belongs to the caller's request: leave no pointer to it in the pooled handle.
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, nullptr);
    return code;
  }

  HttpResponse takeResponse() { return std::move(response_); }
  const char* errorText() const { return error_buffer_; }

 private:
  void setMethod(const HttpRequest& request) {
    CURL* handle = curl_.get();
    // Undo what another method left on the handle before setting this one's.
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, nullptr);
    curl_easy_setopt(handle, CURLOPT_NOBODY, 0L);
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

  CurlHandle curl_;
  std::string url_;  // what CURLOPT_URL holds
  HeaderLines header_lines_;
  HttpResponse response_;
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(const HttpOptions& options) : options_(options) {}

  HttpResponse send(const HttpRequest& request) override {
    std::unique_ptr<PooledHandle> handle = borrowHandle();
    CURLcode code = handle->perform(request);
    if (code != CURLE_OK) {
      std::string reason = handle->errorText()[0] != '\0' ? std::string(handle->errorText())
                                                          : curl_easy_strerror(code);
      returnHandle(std::move(handle));
      throwFailure(code, request.url, reason);
    }
    HttpResponse response = handle->takeResponse();
    returnHandle(std::move(handle));
    return response;
  }

 private:
  [[noreturn]] static void throwFailure(CURLcode code, const std::string& url,
                                        const std::string& reason) {
    std::string where = hostAndPort(url);
    if (code == CURLE_OPERATION_TIMEDOUT) {
      throw TimeoutError("HTTP request to " + where + " timed out: " + reason);
    }
    if (isTlsFailure(code)) {
      throw TlsError("HTTPS request to " + where + " refused by TLS: " + reason);
    }
    throw NetworkError("HTTP request to " + where + " failed: " + reason);
  }

  std::unique_ptr<PooledHandle> borrowHandle() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        std::unique_ptr<PooledHandle> handle = std::move(idle_.back());
        idle_.pop_back();
        return handle;
      }
    }
    return std::make_unique<PooledHandle>(options_);
  }

  void returnHandle(std::unique_ptr<PooledHandle> handle) {
    std::lock_guard lock(mutex_);
    if (static_cast<int>(idle_.size()) < options_.max_idle_connections) {
      idle_.push_back(std::move(handle));
    }
  }

  const HttpOptions options_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<PooledHandle>>
      idle_;  // most recently used last, so its connection is the warmest
};

}  // namespace

std::shared_ptr<HttpTransport> makeCurlTransport(const HttpOptions& options) {
  initializeCurlOnce();
  return std::make_shared<CurlTransport>(options);
}

}  // namespace flamingock::dynamodb::detail
