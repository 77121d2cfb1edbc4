#include "dynamodb/client/curl_url_parts.h"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <memory>

#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

}  // namespace

CurlUrlParts curlUrlParts(const std::string& url, std::string_view what) {
  std::unique_ptr<CURLU, UrlDeleter> parsed(curl_url());
  CURLUcode code =
      parsed ? curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) : CURLUE_OUT_OF_MEMORY;
  auto part = [&](CURLUPart which, unsigned int flags) {
    char* text = nullptr;
    if (code == CURLUE_OK) code = curl_url_get(parsed.get(), which, &text, flags);
    std::string value = text != nullptr ? text : "";
    curl_free(text);
    return value;
  };
  CurlUrlParts parts;
  parts.scheme = part(CURLUPART_SCHEME, 0);
  // Punycode: libcurl converts an international name before it resolves it.
  parts.host = part(CURLUPART_HOST, CURLU_PUNYCODE);
  parts.port = part(CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (code != CURLUE_OK) {
    throw ConfigurationError(std::string(what) + " '" + url +
                             "' is not a URL libcurl accepts: " + curl_url_strerror(code));
  }
  if (parts.host.size() > 1 && parts.host.front() == '[') {
    parts.host = parts.host.substr(1, parts.host.size() - 2);
  }
  return parts;
}

bool CurlUrlParts::hostIsAddress() const {
  in6_addr address{};
  return inet_pton(AF_INET, host.c_str(), &address) == 1 ||
         inet_pton(AF_INET6, host.c_str(), &address) == 1;
}

}  // namespace flamingock::dynamodb::detail
