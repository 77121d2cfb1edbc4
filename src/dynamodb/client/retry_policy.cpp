#include "flamingock/dynamodb/retry_policy.h"

#include <algorithm>

#include "flamingock/dynamodb/error.h"

namespace flamingock::dynamodb {
namespace {

// A cancelled transaction that only lost a race (nothing in it was refused) applied nothing and
// may succeed when sent again.
bool isRetryableCancellation(const DynamoDBError& error) {
  bool any_contention = false;
  for (const auto& reason : error.cancellationReasons()) {
    if (reason.code == "None") continue;
    if (reason.code != "TransactionConflict" && reason.code != "ThrottlingError" &&
        reason.code != "ProvisionedThroughputExceeded") {
      return false;
    }
    any_contention = true;
  }
  return any_contention;
}

}  // namespace

std::chrono::milliseconds RetryPolicy::backoffCeiling(int attempt) const {
  // Doubling stops once past the cap, so the shift never overflows.
  std::chrono::milliseconds ceiling = base_delay;
  for (int i = 1; i < attempt && ceiling < max_delay; ++i) ceiling *= 2;
  return std::min(ceiling, max_delay);
}

std::chrono::milliseconds RetryPolicy::backoff(int attempt, double unit_random) const {
  auto ceiling = backoffCeiling(attempt).count();
  auto wait = static_cast<std::chrono::milliseconds::rep>(static_cast<double>(ceiling) *
                                                          std::clamp(unit_random, 0.0, 1.0));
  return std::chrono::milliseconds(std::min(wait, ceiling));
}

bool isThrottling(const DynamoDBError& error) {
  return error.code() == ErrorCode::kProvisionedThroughputExceeded ||
         error.code() == ErrorCode::kThrottling || error.code() == ErrorCode::kRequestLimitExceeded;
}

bool isRetryable(const DynamoDBError& error) {
  if (isThrottling(error)) return true;
  switch (error.code()) {
    case ErrorCode::kTransactionConflict:
    case ErrorCode::kTransactionInProgress:
    case ErrorCode::kInternalServerError:
    case ErrorCode::kServiceUnavailable:
    case ErrorCode::kCorruptedResponse:
      return true;
    case ErrorCode::kTransactionCanceled:
      return isRetryableCancellation(error);
    default:
      return error.httpStatus() >= 500;
  }
}

bool isRetryable(const std::exception& error) {
  if (const auto* dynamo = dynamic_cast<const DynamoDBError*>(&error)) return isRetryable(*dynamo);
  return dynamic_cast<const NetworkError*>(&error) != nullptr &&
         dynamic_cast<const TlsError*>(&error) == nullptr;
}

}  // namespace flamingock::dynamodb
