// A scripted stand-in for DynamoDB behind the client's HttpTransport seam, and a Client wired to
// it through ClientConfig's transport, clock (a FakeClock that records the sleeps) and jitter, so
// unit tests run without a network and without waiting.
//
//   FakeDynamoDb fake;
//   fake.answer(throttled());
//   fake.answer(ok(R"({"Item": {"pk": {"S": "a"}}})"));
//   Client client = fake.client();
//   client.getItem(...);                   // retried once
//   EXPECT_EQ(fake.requests().size(), 2);
#pragma once

#include <chrono>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "flamingock/dynamodb/client.h"
#include "flamingock/dynamodb/http_transport.h"
#include "flamingock/testing.h"

namespace flamingock::dynamodb::testing {

inline HttpResponse ok(std::string body) {
  return {.status = 200, .headers = {{"x-amzn-RequestId", "REQ-OK"}}, .body = std::move(body)};
}

inline HttpResponse awsError(long status, const std::string& type, const std::string& message) {
  return {.status = status,
          .headers = {{"x-amzn-RequestId", "REQ-1"}},
          .body = R"({"__type":"com.amazonaws.dynamodb.v20120810#)" + type + R"(","message":")" +
                  message + R"("})"};
}

inline HttpResponse throttled() {
  return awsError(400, "ThrottlingException", "Rate of requests exceeds the allowed throughput");
}

class FakeTransport : public HttpTransport {
 public:
  using Answer = std::variant<HttpResponse, std::exception_ptr>;

  HttpResponse send(const HttpRequest& request) override {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
    if (answers_.empty()) throw std::logic_error("FakeTransport: no answer scripted for request");
    Answer answer = std::move(answers_.front());
    answers_.pop_front();
    if (auto* error = std::get_if<std::exception_ptr>(&answer)) std::rethrow_exception(*error);
    return std::get<HttpResponse>(std::move(answer));
  }

  void answer(Answer answer) {
    std::lock_guard lock(mutex_);
    answers_.push_back(std::move(answer));
  }

  std::vector<HttpRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  mutable std::mutex mutex_;
  std::deque<Answer> answers_;
  std::vector<HttpRequest> requests_;
};

class FixedCredentials : public CredentialsProvider {
 public:
  Credentials credentials() override { return {"AKIDEXAMPLE", "fake-secret", "", {}}; }
};

inline ClientConfig fakeConfig() {
  ClientConfig config;
  config.region = "us-east-1";
  config.endpoint = "http://127.0.0.1:1";
  config.credentials = std::make_shared<FixedCredentials>();
  config.retry_policy.max_attempts = 4;
  return config;
}

// A FakeClock from 1970-01-01T01:00:00Z on that remembers each sleep.
class SleepRecordingClock : public flamingock::testing::FakeClock {
 public:
  SleepRecordingClock() : FakeClock(std::chrono::system_clock::time_point(std::chrono::hours(1))) {}

  void sleepFor(std::chrono::milliseconds duration) override {
    {
      std::lock_guard lock(mutex_);
      sleeps_.push_back(duration);
    }
    FakeClock::sleepFor(duration);
  }

  std::vector<std::chrono::milliseconds> sleeps() const {
    std::lock_guard lock(mutex_);
    return sleeps_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::chrono::milliseconds> sleeps_;
};

// The fake's answers, what the client slept, and the clock that the sleeps advance.
class FakeDynamoDb {
 public:
  void answer(FakeTransport::Answer answer) { transport_->answer(std::move(answer)); }
  template <typename Error>
  void fail(Error error) {
    transport_->answer(std::make_exception_ptr(std::move(error)));
  }

  Client client(ClientConfig config = fakeConfig()) {
    config.transport = transport_;
    config.clock = clock_;
    config.jitter = [this] { return random_; };
    return Client(std::move(config));
  }

  std::vector<HttpRequest> requests() const { return transport_->requests(); }
  std::vector<std::chrono::milliseconds> sleeps() const { return clock_->sleeps(); }
  void setRandom(double value) { random_ = value; }

 private:
  std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();
  std::shared_ptr<SleepRecordingClock> clock_ = std::make_shared<SleepRecordingClock>();
  double random_ = 0.5;
};

}  // namespace flamingock::dynamodb::testing
