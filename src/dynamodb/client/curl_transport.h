// The client's own HttpTransport on libcurl, with the options the credential providers and the
// tests set directly (ClientConfig's settings reach it through defaultHttpTransport).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "flamingock/dynamodb/http_transport.h"

namespace flamingock::dynamodb::detail {

struct HttpOptions {
  std::chrono::milliseconds connect_timeout{3000};   // to open a connection
  std::chrono::milliseconds request_timeout{10000};  // for a whole request and its response
  int max_idle_connections = 16;                     // kept alive for reuse
  std::string ca_bundle;  // PEM file of trusted CAs for https; empty: the system's
};

// libcurl with keep-alive connections reused across requests and threads; keeps HttpTransport's
// promises (flamingock/dynamodb/http_transport.h). Throws ConfigurationError when a time-out is
// not positive.
std::shared_ptr<HttpTransport> makeCurlTransport(const HttpOptions& options);

}  // namespace flamingock::dynamodb::detail
