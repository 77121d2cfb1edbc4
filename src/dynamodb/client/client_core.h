// The engine room of Client: one signed POST per attempt, checked (status, CRC32) and retried
// according to the config's RetryPolicy, with the outside world (network, clocks, sleeping,
// randomness) injected through ClientRuntime so tests can replace it.
//
//   ClientRuntime runtime = ClientRuntime::real(config);
//   runtime.transport = fakeTransport;             // tests: no network
//   runtime.sleep = [](auto) {};                   // tests: no waiting
//   Client client = ClientCore::makeClient(config, runtime);
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "dynamodb/client/http_transport.h"
#include "flamingock/dynamodb/client.h"
#include "flamingock/dynamodb/client_config.h"
#include "flamingock/dynamodb/error.h"

namespace flamingock::dynamodb::detail {

struct ClientRuntime {
  std::shared_ptr<HttpTransport> transport;
  std::function<void(std::chrono::milliseconds)> sleep;
  std::function<double()> random;                                          // uniform in [0, 1)
  std::function<std::chrono::system_clock::time_point()> wall_clock;       // for signing
  std::function<std::chrono::steady_clock::time_point()> monotonic_clock;  // for waiters

  // libcurl with the config's timeouts and pool size, the real clocks and sleep, a per-thread
  // pseudo-random generator.
  static ClientRuntime real(const ClientConfig& config);
};

// Immutable after construction but for the clock offset; safe to use from several threads.
class ClientCore {
 public:
  // Throws flamingock::ConfigurationError naming the bad setting.
  ClientCore(ClientConfig config, ClientRuntime runtime);

  // A Client over `runtime` instead of the real one: the seam for tests and benchmarks.
  static Client makeClient(ClientConfig config, ClientRuntime runtime);

  const ClientConfig& config() const { return config_; }
  const ClientRuntime& runtime() const { return runtime_; }

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
  ClientRuntime runtime_;
  std::string url_;
  // What signing adds to the wall clock, learnt from the server (see correctClockSkew); kept for
  // every later request of the clients that share this core.
  mutable std::atomic<std::chrono::milliseconds::rep> clock_offset_ms_{0};
};

// A 200 answer whose body is not the JSON the operation returns; `reason` says what was wrong.
DynamoDBError malformedResponse(std::string_view operation, std::string_view reason);

}  // namespace flamingock::dynamodb::detail
