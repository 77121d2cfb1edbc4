#include "dynamodb/client/client_core.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <locale>
#include <optional>
#include <random>
#include <sstream>

#include "dynamodb/client/aws_environment.h"
#include "dynamodb/client/crc32.h"
#include "dynamodb/client/curl_transport.h"
#include "dynamodb/client/error_response.h"
#include "dynamodb/client/sigv4.h"

namespace flamingock::dynamodb::detail {
namespace {

constexpr std::string_view kTargetPrefix = "DynamoDB_20120810.";
constexpr std::chrono::minutes kClockSkewTolerance{4};  // servers refuse beyond 5 minutes

double threadLocalUnitRandom() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

std::string endpointUrl(const ClientConfig& config) {
  if (config.endpoint.empty()) return "https://dynamodb." + config.region + ".amazonaws.com";
  validateEndpoint(config.endpoint, "ClientConfig::endpoint");
  std::string url = config.endpoint;
  while (url.back() == '/') url.pop_back();
  return url;
}

ClientConfig validated(ClientConfig config) {
  if (config.region.empty()) {
    throw ConfigurationError("DynamoDB client config has no region (set ClientConfig::region)");
  }
  validateRegion(config.region, "ClientConfig::region");
  if (!config.credentials) {
    throw ConfigurationError(
        "DynamoDB client config has no credentials provider (set ClientConfig::credentials)");
  }
  if (config.retry_policy.max_attempts < 1) {
    throw ConfigurationError("retry_policy.max_attempts must be at least 1, not " +
                             std::to_string(config.retry_policy.max_attempts));
  }
  if (config.retry_policy.base_delay.count() < 0 || config.retry_policy.max_delay.count() < 0) {
    throw ConfigurationError("retry_policy delays must not be negative (base " +
                             std::to_string(config.retry_policy.base_delay.count()) + " ms, max " +
                             std::to_string(config.retry_policy.max_delay.count()) + " ms)");
  }
  if (config.connect_timeout.count() <= 0 || config.request_timeout.count() <= 0) {
    throw ConfigurationError("timeouts must be positive (connect " +
                             std::to_string(config.connect_timeout.count()) + " ms, request " +
                             std::to_string(config.request_timeout.count()) + " ms)");
  }
  if (!config.ca_bundle.empty() && !std::ifstream(config.ca_bundle)) {
    throw ConfigurationError("ClientConfig::ca_bundle '" + config.ca_bundle +
                             "' cannot be read (a PEM file of certificate authorities)");
  }
  if (config.max_connections < 1) {
    throw ConfigurationError("max_connections must be at least 1, not " +
                             std::to_string(config.max_connections));
  }
  return config;
}

// A body that does not match its x-amz-crc32 was damaged on the way: a retryable error.
void checkCrc32(std::string_view operation, const HttpResponse& response) {
  const std::string* header = response.header("x-amz-crc32");
  if (header == nullptr) return;
  std::uint32_t actual = crc32Of(response.body);
  std::uint64_t expected = 0;
  auto [end, error] = std::from_chars(header->data(), header->data() + header->size(), expected);
  if (error == std::errc() && end == header->data() + header->size() && expected == actual) return;
  DynamoDBError::Details details;
  details.operation = std::string(operation);
  details.code = ErrorCode::kCorruptedResponse;
  details.type = "CRC32 mismatch";
  details.message =
      "response body has CRC32 " + std::to_string(actual) + " but x-amz-crc32 says " + *header;
  details.http_status = response.status;
  if (const std::string* id = response.header("x-amzn-RequestId")) details.request_id = *id;
  throw DynamoDBError(std::move(details));
}

}  // namespace

ClientCore::ClientCore(ClientConfig config)
    : config_(validated(std::move(config))),
      transport_(config_.transport ? config_.transport : defaultHttpTransport(config_)),
      clock_(config_.clock ? *config_.clock : Clock::system()),
      jitter_(config_.jitter ? config_.jitter : threadLocalUnitRandom),
      url_(endpointUrl(config_) + "/") {}

void ClientCore::backOff(int attempt) const {
  clock_.sleepFor(config_.retry_policy.backoff(attempt, jitter_()));
}

std::string ClientCore::exhaustedMessage(std::string_view operation, int attempts,
                                         const std::exception& last) {
  return "DynamoDB " + std::string(operation) + " gave up after " + std::to_string(attempts) +
         (attempts == 1 ? " attempt" : " attempts") + "; last error: " + last.what();
}

DynamoDBError malformedResponse(std::string_view operation, std::string_view reason) {
  DynamoDBError::Details details;
  details.operation = std::string(operation);
  details.code = ErrorCode::kMalformedResponse;
  details.type = "MalformedResponse";
  details.message =
      "the answer is not a valid " + std::string(operation) + " response: " + std::string(reason);
  details.http_status = 200;
  return DynamoDBError(std::move(details));
}

namespace {

// Answers that may mean our clock is off, as the AWS SDKs list them; correctClockSkew confirms it
// with the answer's Date header.
bool isClockSkewError(const DynamoDBError& error) {
  static constexpr std::array<std::string_view, 6> kClockSkewTypes{
      "RequestTimeTooSkewed", "RequestExpired",        "RequestInTheFuture",
      "InvalidSignature",     "SignatureDoesNotMatch", "AuthFailure"};
  std::string_view type = error.type();
  if (type.ends_with("Exception")) type.remove_suffix(std::string_view("Exception").size());
  return std::find(kClockSkewTypes.begin(), kClockSkewTypes.end(), type) != kClockSkewTypes.end();
}

// An HTTP date ("Mon, 30 Nov 2026 14:45:03 GMT", RFC 9110's IMF-fixdate); none when unreadable.
std::optional<std::chrono::system_clock::time_point> parseHttpDate(const std::string& text) {
  std::tm fields{};
  std::istringstream in(text);
  in.imbue(std::locale::classic());
  in >> std::get_time(&fields, "%a, %d %b %Y %H:%M:%S GMT");
  if (in.fail()) return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&fields));
}

}  // namespace

bool ClientCore::correctClockSkew(const DynamoDBError& error, const HttpResponse& response) const {
  if (!isClockSkewError(error)) return false;
  const std::string* date = response.header("Date");
  if (date == nullptr) return false;
  std::optional<std::chrono::system_clock::time_point> server_time = parseHttpDate(*date);
  if (!server_time) return false;
  auto offset =
      std::chrono::duration_cast<std::chrono::milliseconds>(*server_time - clock_.wallNow());
  auto previous = std::chrono::milliseconds(clock_offset_ms_.load());
  // Signatures are accepted within 5 minutes of the server's time: a smaller difference is not
  // what made this request fail (a wrong secret, say), and retrying would not help.
  if (std::chrono::abs(offset - previous) < kClockSkewTolerance) return false;
  clock_offset_ms_.store(offset.count());
  return true;
}

std::string ClientCore::send(std::string_view operation, std::string body) const {
  HttpRequest request;
  request.url = url_;
  request.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                     {"X-Amz-Target", std::string(kTargetPrefix) + std::string(operation)}};
  request.body = std::move(body);
  const RetryPolicy& policy = config_.retry_policy;
  bool clock_corrected = false;  // attempt() corrects the clock at most once a call
  bool skew_retried = false;
  for (int attempt_number = 1;; ++attempt_number) {
    try {
      return attempt(operation, request, clock_corrected);
    } catch (const DynamoDBError& error) {
      // Once, at once, whatever the policy: the answer told us the server's time.
      if (clock_corrected && !skew_retried) {
        skew_retried = true;
        continue;
      }
      if (!isRetryable(error) || (!policy.retry_throttling && isThrottling(error))) throw;
      if (!policy.hasAttemptsLeft(attempt_number)) {
        throw DynamoDBError(exhaustedMessage(operation, attempt_number, error), error.details());
      }
    } catch (const TlsError&) {
      throw;  // a refused certificate or handshake is refused again
    } catch (const TimeoutError& error) {
      if (!policy.hasAttemptsLeft(attempt_number)) {
        throw TimeoutError(exhaustedMessage(operation, attempt_number, error));
      }
    } catch (const NetworkError& error) {
      if (!policy.hasAttemptsLeft(attempt_number)) {
        throw NetworkError(exhaustedMessage(operation, attempt_number, error));
      }
    }
    backOff(attempt_number);
  }
}

std::string ClientCore::attempt(std::string_view operation, HttpRequest& request,
                                bool& clock_corrected) const {
  // Signed again at every attempt: the clock moved on and credentials may have been refreshed.
  signRequest(request, config_.credentials->credentials(), {.region = config_.region},
              clock_.wallNow() + std::chrono::milliseconds(clock_offset_ms_.load()));
  HttpResponse response = transport_->send(request);
  checkCrc32(operation, response);
  if (response.status != 200) {
    DynamoDBError error = errorFromResponse(operation, response);
    if (!clock_corrected) clock_corrected = correctClockSkew(error, response);
    throw error;
  }
  return std::move(response.body);
}

}  // namespace flamingock::dynamodb::detail

namespace flamingock::dynamodb {

std::shared_ptr<HttpTransport> defaultHttpTransport(const ClientConfig& config) {
  return detail::makeCurlTransport({.connect_timeout = config.connect_timeout,
                                    .request_timeout = config.request_timeout,
                                    .max_idle_connections = config.max_connections,
                                    .ca_bundle = config.ca_bundle});
}

}  // namespace flamingock::dynamodb
