#include <nlohmann/json.hpp>
#include "core/iso_date_time.h"

#include "dynamodb/client/credentials/providers.h"
#include "dynamodb/client/curl_transport.h"
#include "flamingock/dynamodb/error.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

std::shared_ptr<HttpTransport> transportOrDefault(const RemoteCredentialsOptions& options) {
  if (options.transport) return options.transport;
  HttpOptions http;
  http.connect_timeout = options.connect_timeout;
  http.request_timeout = options.request_timeout;
  http.max_idle_connections = 1;
  return makeCurlTransport(http);
}

std::string requiredString(const nlohmann::json& document, const char* key,
                           const std::string& source) {
  auto found = document.find(key);
  if (found == document.end() || !found->is_string() || found->get<std::string>().empty()) {
    throw ConfigurationError("credentials from " + source + " have no " + key);
  }
  return found->get<std::string>();
}

}  // namespace

RefreshingCredentialsProvider::RefreshingCredentialsProvider(
    const RemoteCredentialsOptions& options)
    : transport_(transportOrDefault(options)),
      clock_(options.now),
      refresh_before_expiry_(options.refresh_before_expiry) {}

std::chrono::system_clock::time_point RefreshingCredentialsProvider::now() const {
  return clock_ ? clock_() : std::chrono::system_clock::now();
}

Credentials RefreshingCredentialsProvider::credentials() {
  std::lock_guard lock(mutex_);
  auto time = now();
  if (cached_ && (!cached_->expiration || time < *cached_->expiration - refresh_before_expiry_)) {
    return *cached_;
  }
  try {
    cached_ = fetch();
  } catch (const Error&) {
    // Still valid credentials are better than none while the source is briefly unreachable.
    if (cached_ && cached_->expiration && time < *cached_->expiration) return *cached_;
    throw;
  }
  return *cached_;
}

HttpResponse RefreshingCredentialsProvider::fetchOk(const HttpRequest& request,
                                                    const std::string& source) {
  HttpResponse response;
  try {
    response = transport_->send(request);
  } catch (const NetworkError& error) {
    throw ConfigurationError(source + " did not answer: " + error.what());
  }
  if (response.status != 200) {
    throw ConfigurationError(source + " answered HTTP " + std::to_string(response.status));
  }
  return response;
}

Credentials parseCredentialsDocument(const std::string& body, const std::string& source) {
  nlohmann::json document = nlohmann::json::parse(body, nullptr, false);
  if (!document.is_object())
    throw ConfigurationError("credentials from " + source + " are not JSON");
  if (auto code = document.find("Code");
      code != document.end() && code->is_string() && code->get<std::string>() != "Success") {
    throw ConfigurationError("credentials from " + source + " have Code '" +
                             code->get<std::string>() + "'");
  }
  Credentials credentials;
  credentials.access_key_id = requiredString(document, "AccessKeyId", source);
  credentials.secret_access_key = requiredString(document, "SecretAccessKey", source);
  if (auto token = document.find("Token"); token != document.end() && token->is_string()) {
    credentials.session_token = token->get<std::string>();
  }
  if (auto expiration = document.find("Expiration"); expiration != document.end()) {
    std::string text =
        expiration->is_string() ? expiration->get<std::string>() : expiration->dump();
    credentials.expiration = flamingock::detail::parseIsoDateTime(text);
    if (!credentials.expiration) {
      // The value is not echoed: it sits next to the secret in the document.
      throw ConfigurationError("credentials from " + source +
                               " have an Expiration that is not an ISO 8601 UTC time such as "
                               "2024-05-01T12:00:00Z");
    }
  }
  return credentials;
}

}  // namespace flamingock::dynamodb::detail
