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
      {"ConditionalCheckFailed", ErrorCode::ConditionalCheckFailed},
      {"TransactionCanceled", ErrorCode::TransactionCanceled},
      {"TransactionConflict", ErrorCode::TransactionConflict},
      {"TransactionInProgress", ErrorCode::TransactionInProgress},
      {"IdempotentParameterMismatch", ErrorCode::IdempotentParameterMismatch},
      {"ProvisionedThroughputExceeded", ErrorCode::ProvisionedThroughputExceeded},
      {"Throttling", ErrorCode::Throttling},
      {"RequestLimitExceeded", ErrorCode::RequestLimitExceeded},
      {"LimitExceeded", ErrorCode::LimitExceeded},
      {"ResourceNotFound", ErrorCode::ResourceNotFound},
      {"ResourceInUse", ErrorCode::ResourceInUse},
      {"ItemCollectionSizeLimitExceeded", ErrorCode::ItemCollectionSizeLimitExceeded},
      {"Validation", ErrorCode::Validation},
      {"Serialization", ErrorCode::Serialization},
      {"AccessDenied", ErrorCode::AccessDenied},
      {"UnrecognizedClient", ErrorCode::UnrecognizedClient},
      {"MissingAuthenticationToken", ErrorCode::MissingAuthenticationToken},
      {"IncompleteSignature", ErrorCode::IncompleteSignature},
      {"InvalidSignature", ErrorCode::InvalidSignature},
      {"ExpiredToken", ErrorCode::ExpiredToken},
      {"InternalServerError", ErrorCode::InternalServerError},
      {"InternalFailure", ErrorCode::InternalServerError},
      {"ServiceUnavailable", ErrorCode::ServiceUnavailable},
      {"ThrottlingError", ErrorCode::Throttling},
  }};
  for (const auto& [name, code] : kCodes) {
    if (name == type) return code;
  }
  return ErrorCode::Unknown;
}

DynamoDBError::DynamoDBError(Details details)
    : Error(describe(details)), details_(std::move(details)) {}

DynamoDBError::DynamoDBError(const std::string& what, Details details)
    : Error(what), details_(std::move(details)) {}

}  // namespace flamingock::dynamodb
