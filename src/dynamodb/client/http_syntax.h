// The bits of HTTP/1.1's grammar that both sides of the transport check: the request it writes
// (curl_transport.cpp) and the response it reads (http1_response_parser.cpp).
#pragma once

#include <strings.h>

#include <algorithm>
#include <string_view>

namespace flamingock::dynamodb::detail {

// Header names and the like compare without regard to case.
inline bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// A token (RFC 9110 §5.6.2): what a method or a header name must be.
inline bool isHttpToken(std::string_view text) {
  auto token_char = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  };
  return !text.empty() && std::all_of(text.begin(), text.end(), token_char);
}

}  // namespace flamingock::dynamodb::detail
