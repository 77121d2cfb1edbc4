// The engine room of Client: one signed POST per attempt, checked (status, CRC32) and retried
// according to the config's RetryPolicy, through the config's transport, clock and jitter (the
// real ones where the config leaves them empty).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "flamingock/clock.h"
#include "flamingock/dynamodb/client_config.h"
#include "flamingock/dynamodb/error.h"
#include "flamingock/dynamodb/http_transport.h"

namespace flamingock::dynamodb::detail {

// Immutable after construction but for the clock offset; safe to use from several threads.
class ClientCore {
 public:
  // Throws flamingock::ConfigurationError naming the bad setting.
  explicit ClientCore(ClientConfig config);

  const ClientConfig& config() const { return config_; }
  Clock& clock() const { return clock_; }

  // Sleeps the retry policy's backoff after failed attempt `attempt` (1 for the first).
  void backOff(int attempt) const;

  // Sends `body` as `operation` until it succeeds, fails for good, or the retry policy's attempts
  // are spent; returns the body of the 200 answer. What it throws after several attempts says how
  // many there were.
  std::string send(std::string_view operation, std::string body) const;

  // The error to throw when an operation's retries are spent on `last`.
  static std::string exhaustedMessage(std::string_view operation, int attempts,
                                      const std::exception& last);

 private:
  // Throws the error an answer stands for; sets `clock_corrected` when the answer was a clock-skew
  // error whose Date header gave a new clock offset.
  std::string attempt(std::string_view operation, HttpRequest& request,
                      bool& clock_corrected) const;
  // Takes the server's time from a clock-skew error's Date header, as the AWS SDKs do; whether it
  // was far enough from ours to be the cause.
  bool correctClockSkew(const DynamoDBError& error, const HttpResponse& response) const;

  ClientConfig config_;
  std::shared_ptr<HttpTransport> transport_;
  Clock& clock_;
  std::function<double()> jitter_;
  std::string url_;
  // What signing adds to the wall clock, learnt from the server (see correctClockSkew); kept for
  // every later request of the clients that share this core.
  mutable std::atomic<std::chrono::milliseconds::rep> clock_offset_ms_{0};
};

// A 200 answer whose body is not the JSON the operation returns; `reason` says what was wrong.
DynamoDBError malformedResponse(std::string_view operation, std::string_view reason);

}  // namespace flamingock::dynamodb::detail
