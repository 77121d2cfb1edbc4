// A URL's scheme, host and port as libcurl reads them when it connects (its URL API, curl_url), so
// that a check made on the host holds for the host libcurl connects to. A parser of our own would
// disagree with libcurl on some URLs (user info, percent-encoding, backslashes, IPv6 zone ids) and
// vet one host while libcurl connects to another.
//
//   CurlUrlParts parts = curlUrlParts("http://user@[::1%25lo]/creds", "endpoint");
//   // parts.scheme "http", parts.host "::1", parts.port "80", parts.hostIsAddress()
#pragma once

#include <string>
#include <string_view>

namespace flamingock::dynamodb::detail {

struct CurlUrlParts {
  std::string scheme;  // lower case
  // A name in ASCII (an international one as punycode, as libcurl resolves it), an IPv4 address,
  // or an IPv6 address without its brackets and zone id.
  std::string host;
  std::string port;  // as written, else the scheme's default

  // Whether the host is an IP address, which libcurl connects to without resolving anything.
  bool hostIsAddress() const;
};

// Throws ConfigurationError "<what> '<url>' is not a URL libcurl accepts: <libcurl's reason>" when
// libcurl refuses the URL or finds no host in it.
CurlUrlParts curlUrlParts(const std::string& url, std::string_view what);

}  // namespace flamingock::dynamodb::detail
