// AWS Signature Version 4 for requests sent through HttpTransport.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "dynamodb/http_transport.h"
#include "flamingock/dynamodb/credentials.h"

namespace flamingock::dynamodb::detail {

struct SigningScope {
  std::string region;
  std::string service = "dynamodb";
};

// Signs `request` in place: adds Host (when absent), X-Amz-Date, X-Amz-Security-Token (for a
// session token) and Authorization. The signature covers every header already on the request.
void signRequest(HttpRequest& request, const Credentials& credentials, const SigningScope& scope,
                 std::chrono::system_clock::time_point now);

}  // namespace flamingock::dynamodb::detail
