// How the client retries: which failures are worth another attempt, how many attempts, and how
// long to wait between them. A plain value, copied into each Client.
//
//   flamingock::dynamodb::ClientConfig config;
//   config.retry_policy.max_attempts = 5;
//   config.retry_policy.base_delay = std::chrono::milliseconds(50);
//
// Waits use capped exponential backoff with full jitter: before attempt n+1 the client sleeps a
// uniformly random time in [0, min(max_delay, base_delay * 2^(n-1))].
//
// Retryable: throttling (ProvisionedThroughputExceeded, Throttling, RequestLimitExceeded),
// TransactionConflict, TransactionInProgress, InternalServerError, ServiceUnavailable, any HTTP
// 5xx, a corrupted response (CRC32 mismatch), NetworkError and TimeoutError (not TlsError); and a
// TransactionCanceled whose every reason is None, TransactionConflict, ThrottlingError or
// ProvisionedThroughputExceeded (nothing in it was refused, it only lost a race, and the
// transaction applied nothing). Never retried: validation, conditional check failures, other
// cancelled transactions, missing or busy resources, credentials and signature errors, refused
// certificates and TLS handshakes (TlsError). A clock-skew error is retried once, at once, after
// the client took the server's time from the answer's Date header. A caller that slows itself
// down at throttling (ItemMigration's segments) sets retry_throttling to false to hear of it at
// once; everything else is still retried.
#pragma once

#include <chrono>
#include <exception>

namespace flamingock::dynamodb {

class DynamoDBError;

struct RetryPolicy {
  int max_attempts = 10;                      // attempts in all, the first included; >= 1
  std::chrono::milliseconds base_delay{25};   // the first backoff's upper bound
  std::chrono::milliseconds max_delay{2000};  // no backoff is longer than this
  bool retry_throttling = true;  // false: a throttling answer (see isThrottling) is thrown at once

  // Upper bound of the wait after failed attempt `attempt` (1 for the first).
  std::chrono::milliseconds backoffCeiling(int attempt) const;
  // The wait after failed attempt `attempt`, given `unit_random` uniform in [0, 1).
  std::chrono::milliseconds backoff(int attempt, double unit_random) const;
  // Whether another attempt may follow `attempt` failed attempts, as far as the count goes.
  bool hasAttemptsLeft(int attempt) const { return attempt < max_attempts; }
};

// Whether a DynamoDB answer says the request went over a rate or capacity limit:
// ProvisionedThroughputExceeded, Throttling or RequestLimitExceeded.
bool isThrottling(const DynamoDBError& error);
// Whether a DynamoDB answer is worth another attempt (see above).
bool isRetryable(const DynamoDBError& error);
// Whether an exception the client saw is worth another attempt: a retryable DynamoDBError, a
// NetworkError or a TimeoutError, but no TlsError. Anything else is not.
bool isRetryable(const std::exception& error);

}  // namespace flamingock::dynamodb
