#include "flamingock/dynamodb/retry_policy.h"

#include <gtest/gtest.h>

#include "flamingock/dynamodb/error.h"

namespace flamingock::dynamodb {
namespace {

using std::chrono::milliseconds;

DynamoDBError errorWith(ErrorCode code, long status = 400,
                        std::vector<CancellationReason> reasons = {}) {
  DynamoDBError::Details details;
  details.code = code;
  details.http_status = status;
  details.cancellation_reasons = std::move(reasons);
  return DynamoDBError(std::move(details));
}

RetryPolicy policy(milliseconds base, milliseconds cap) {
  RetryPolicy retry;
  retry.base_delay = base;
  retry.max_delay = cap;
  return retry;
}

TEST(RetryPolicyTest, CeilingDoublesFromTheBaseUpToTheCap) {
  RetryPolicy retry = policy(milliseconds(25), milliseconds(150));

  EXPECT_EQ(retry.backoffCeiling(1), milliseconds(25));
  EXPECT_EQ(retry.backoffCeiling(2), milliseconds(50));
  EXPECT_EQ(retry.backoffCeiling(3), milliseconds(100));
  EXPECT_EQ(retry.backoffCeiling(4), milliseconds(150));
  EXPECT_EQ(retry.backoffCeiling(1000), milliseconds(150));
}

TEST(RetryPolicyTest, FullJitterSpansZeroToTheCeiling) {
  RetryPolicy retry = policy(milliseconds(100), milliseconds(1000));

  EXPECT_EQ(retry.backoff(3, 0.0), milliseconds(0));
  EXPECT_EQ(retry.backoff(3, 0.5), milliseconds(200));
  EXPECT_EQ(retry.backoff(3, 0.999999), milliseconds(399));
  EXPECT_LE(retry.backoff(3, 1.5), milliseconds(400));  // a faulty source stays in bounds
}

TEST(RetryPolicyTest, CountsAttemptsIncludingTheFirst) {
  RetryPolicy retry;
  retry.max_attempts = 3;

  EXPECT_TRUE(retry.hasAttemptsLeft(2));
  EXPECT_FALSE(retry.hasAttemptsLeft(3));
}

TEST(RetryPolicyTest, ThrottlingConflictsAndServerErrorsAreRetryable) {
  for (ErrorCode code : {ErrorCode::kProvisionedThroughputExceeded, ErrorCode::kThrottling,
                         ErrorCode::kRequestLimitExceeded, ErrorCode::kTransactionConflict,
                         ErrorCode::kInternalServerError, ErrorCode::kServiceUnavailable,
                         ErrorCode::kCorruptedResponse}) {
    EXPECT_TRUE(isRetryable(errorWith(code))) << static_cast<int>(code);
  }
  EXPECT_TRUE(isRetryable(errorWith(ErrorCode::kUnknown, 502)));
}

TEST(RetryPolicyTest, CallerAndAuthErrorsAreNeverRetried) {
  for (ErrorCode code :
       {ErrorCode::kValidation, ErrorCode::kConditionalCheckFailed, ErrorCode::kResourceNotFound,
        ErrorCode::kResourceInUse, ErrorCode::kAccessDenied, ErrorCode::kUnrecognizedClient,
        ErrorCode::kInvalidSignature, ErrorCode::kExpiredToken, ErrorCode::kMalformedResponse,
        ErrorCode::kUnknown}) {
    EXPECT_FALSE(isRetryable(errorWith(code))) << static_cast<int>(code);
  }
}

TEST(RetryPolicyTest, CancelledTransactionIsRetriedOnlyWhenItLostARace) {
  EXPECT_TRUE(isRetryable(errorWith(ErrorCode::kTransactionCanceled, 400,
                                    {{"None", "", {}}, {"TransactionConflict", "", {}}})));
  EXPECT_TRUE(
      isRetryable(errorWith(ErrorCode::kTransactionCanceled, 400, {{"ThrottlingError", "", {}}})));
  EXPECT_FALSE(isRetryable(
      errorWith(ErrorCode::kTransactionCanceled, 400,
                {{"TransactionConflict", "", {}}, {"ConditionalCheckFailed", "", {}}})));
  EXPECT_FALSE(isRetryable(errorWith(ErrorCode::kTransactionCanceled, 400, {{"None", "", {}}})));
  EXPECT_FALSE(isRetryable(errorWith(ErrorCode::kTransactionCanceled)));
}

TEST(RetryPolicyTest, NetworkFailuresAreRetryableOtherExceptionsAreNot) {
  EXPECT_TRUE(isRetryable(static_cast<const std::exception&>(NetworkError("reset"))));
  EXPECT_TRUE(isRetryable(static_cast<const std::exception&>(TimeoutError("slow"))));
  EXPECT_FALSE(isRetryable(static_cast<const std::exception&>(TlsError("certificate"))));
  EXPECT_FALSE(isRetryable(static_cast<const std::exception&>(ConfigurationError("no region"))));
  EXPECT_FALSE(isRetryable(std::runtime_error("other")));
}

}  // namespace
}  // namespace flamingock::dynamodb
