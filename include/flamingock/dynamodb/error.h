// Errors of the DynamoDB client.
//
//   flamingock::Error
//   ├── dynamodb::NetworkError        no HTTP answer: connection refused, reset, TLS failure
//   │   ├── dynamodb::TimeoutError    no complete answer in time
//   │   └── dynamodb::TlsError        certificate or TLS handshake refused: never retried
//   └── dynamodb::DynamoDBError       the service answered with an error (see its code())
//
//   try {
//     client.putItem(request);
//   } catch (const flamingock::dynamodb::DynamoDBError& e) {
//     if (e.code() != flamingock::dynamodb::ErrorCode::kConditionalCheckFailed) throw;
//     if (e.item()) inspect(*e.item());  // with ReturnValuesOnConditionCheckFailure::kAllOld
//   }
//
// What a client call throws after its retries names the operation, the number of attempts and the
// last cause. Messages never contain credentials or signatures.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flamingock/dynamodb/attribute_value.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb {

class NetworkError : public Error {
 public:
  using Error::Error;
};

class TimeoutError : public NetworkError {
 public:
  using NetworkError::NetworkError;
};

// The TLS handshake failed: an untrusted or invalid certificate, a missing CA bundle, no common
// protocol. Sending again would fail the same way, so the client never retries it.
class TlsError : public NetworkError {
 public:
  using NetworkError::NetworkError;
};

// The error type DynamoDB reported (the part of `__type` after '#', without "Exception").
enum class ErrorCode {
  kConditionalCheckFailed,
  kTransactionCanceled,
  kTransactionConflict,
  kTransactionInProgress,
  kIdempotentParameterMismatch,
  kProvisionedThroughputExceeded,
  kThrottling,
  kRequestLimitExceeded,
  kLimitExceeded,
  kResourceNotFound,
  kResourceInUse,
  kItemCollectionSizeLimitExceeded,
  kValidation,
  kSerialization,
  kAccessDenied,
  kUnrecognizedClient,
  kMissingAuthenticationToken,
  kIncompleteSignature,
  kInvalidSignature,
  kExpiredToken,
  kInternalServerError,
  kServiceUnavailable,
  kCorruptedResponse,  // the body did not match its x-amz-crc32 checksum
  kMalformedResponse,  // a success answer that is not the JSON the operation returns
  kUnknown,            // any other type, or an error answer without one (an HTML 5xx page)
};

// The ErrorCode of a raw type name ("ConditionalCheckFailedException", "ThrottlingException",
// "ValidationException", ...); Unknown when none matches.
ErrorCode errorCodeFromType(std::string_view type);

// Why one action of a cancelled transaction failed.
struct CancellationReason {
  std::string code;          // "None", "ConditionalCheckFailed", "TransactionConflict", ...
  std::string message;       // empty when the server gave none
  std::optional<Item> item;  // with ReturnValuesOnConditionCheckFailure::kAllOld
  friend bool operator==(const CancellationReason&, const CancellationReason&) = default;
};

// DynamoDB answered with an error, or with an answer that could not be read.
class DynamoDBError : public Error {
 public:
  struct Details {
    std::string operation;  // "PutItem"
    ErrorCode code = ErrorCode::kUnknown;
    std::string type;     // raw type name, "ConditionalCheckFailedException"; may be empty
    std::string message;  // the server's message; may be empty
    int http_status = 0;
    std::string request_id;  // x-amzn-RequestId; may be empty
    std::optional<Item> item;
    std::vector<CancellationReason> cancellation_reasons;
  };

  // what() is built from the details: operation, type, HTTP status, request id and message.
  explicit DynamoDBError(Details details);
  // what() as given, for an error that adds context (such as the number of attempts).
  DynamoDBError(const std::string& what, Details details);

  ErrorCode code() const { return details_.code; }
  const std::string& operation() const { return details_.operation; }
  const std::string& type() const { return details_.type; }
  const std::string& message() const { return details_.message; }
  int httpStatus() const { return details_.http_status; }
  const std::string& requestId() const { return details_.request_id; }
  // The item as it was, for a ConditionalCheckFailed with ReturnValuesOnConditionCheckFailure.
  const std::optional<Item>& item() const { return details_.item; }
  // One entry per action of a TransactionCanceled, in the request's order; empty otherwise.
  const std::vector<CancellationReason>& cancellationReasons() const {
    return details_.cancellation_reasons;
  }
  const Details& details() const { return details_; }

 private:
  Details details_;
};

}  // namespace flamingock::dynamodb
