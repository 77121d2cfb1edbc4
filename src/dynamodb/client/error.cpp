#include "flamingock/dynamodb/error.h"

#include <array>
#include <utility>

namespace flamingock::dynamodb {
namespace {

std::string describe(const DynamoDBError::Details& details) {
  std::string text = "DynamoDB " + (details.operation.empty() ? "request" : details.operation) +
                     " failed: " + (details.type.empty() ? "unknown error" : details.type);
  if (!details.message.empty()) text += ": " + details.message;
  text += " (HTTP " + std::to_string(details.http_status);
  if (!details.request_id.empty()) text += ", request id " + details.request_id;
  return text + ")";
}

}  // namespace

ErrorCode errorCodeFromType(std::string_view type) {
  static constexpr std::string_view kSuffix = "Exception";
  if (type.ends_with(kSuffix)) type.remove_suffix(kSuffix.size());
  static constexpr std::array<std::pair<std::string_view, ErrorCode>, 24> kCodes{{
      {"ConditionalCheckFailed", ErrorCode::kConditionalCheckFailed},
      {"TransactionCanceled", ErrorCode::kTransactionCanceled},
      {"TransactionConflict", ErrorCode::kTransactionConflict},
      {"TransactionInProgress", ErrorCode::kTransactionInProgress},
      {"IdempotentParameterMismatch", ErrorCode::kIdempotentParameterMismatch},
      {"ProvisionedThroughputExceeded", ErrorCode::kProvisionedThroughputExceeded},
      {"Throttling", ErrorCode::kThrottling},
      {"RequestLimitExceeded", ErrorCode::kRequestLimitExceeded},
      {"LimitExceeded", ErrorCode::kLimitExceeded},
      {"ResourceNotFound", ErrorCode::kResourceNotFound},
      {"ResourceInUse", ErrorCode::kResourceInUse},
      {"ItemCollectionSizeLimitExceeded", ErrorCode::kItemCollectionSizeLimitExceeded},
      {"Validation", ErrorCode::kValidation},
      {"Serialization", ErrorCode::kSerialization},
      {"AccessDenied", ErrorCode::kAccessDenied},
      {"UnrecognizedClient", ErrorCode::kUnrecognizedClient},
      {"MissingAuthenticationToken", ErrorCode::kMissingAuthenticationToken},
      {"IncompleteSignature", ErrorCode::kIncompleteSignature},
      {"InvalidSignature", ErrorCode::kInvalidSignature},
      {"ExpiredToken", ErrorCode::kExpiredToken},
      {"InternalServerError", ErrorCode::kInternalServerError},
      {"InternalFailure", ErrorCode::kInternalServerError},
      {"ServiceUnavailable", ErrorCode::kServiceUnavailable},
      {"ThrottlingError", ErrorCode::kThrottling},
  }};
  for (const auto& [name, code] : kCodes) {
    if (name == type) return code;
  }
  return ErrorCode::kUnknown;
}

DynamoDBError::DynamoDBError(Details details)
    : Error(describe(details)), details_(std::move(details)) {}

DynamoDBError::DynamoDBError(const std::string& what, Details details)
    : Error(what), details_(std::move(details)) {}

}  // namespace flamingock::dynamodb
