// How fast a migration's segments may go, together: a token bucket on items per second, whose
// rate DynamoDB's throttling answers lower (multiplicative decrease) and quiet time raises again
// (additive increase), never above the configured ceiling.
#pragma once

#include <chrono>
#include <mutex>

#include "flamingock/clock.h"

namespace flamingock::dynamodb::detail {

// Tokens accrue at `rate` a second, up to one second's worth. Not thread-safe.
class TokenBucket {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  TokenBucket(double rate, TimePoint now);

  // Takes `tokens`, borrowing from the future when there are not enough, and returns how long the
  // taker must wait before it goes on (zero when they were there). Later takers queue behind.
  std::chrono::nanoseconds take(double tokens, TimePoint now);
  // Changes the rate from `now` on; what accrued so far stays.
  void setRate(double rate, TimePoint now);
  double rate() const { return rate_; }

 private:
  void refill(TimePoint now);

  double rate_;
  double tokens_;
  TimePoint refilled_at_;
};

// Additive increase, multiplicative decrease of a rate in items per second. Not thread-safe.
class Aimd {
 public:
  static constexpr double kMinRate = 1;
  static constexpr double kMinStep = 10;  // items/s added after each quiet period, at least
  // Without a ceiling, what a quiet period adds, as a share of the rate: a tenth, so that a rate
  // halved by a throttling answer is back in about 7 quiet periods, whatever its size.
  static constexpr double kGrowth = 0.1;

  // `ceiling` 0: no limit until the first throttling answer.
  explicit Aimd(double ceiling);

  // The rate now; 0 means no limit.
  double rate() const { return rate_; }
  // A throttling answer while the segments went at `observed` items per second: halves the
  // lower of the rate and `observed`, never below kMinRate. Without a ceiling and nothing
  // observed yet (0) there is no pace to halve: the rate stays unlimited, and the caller's
  // backoff alone slows down until a pace was seen.
  void throttled(double observed);
  // A quiet period (no throttling for a while): adds a step, up to the ceiling; the step is a
  // twentieth of the ceiling, or, without one, kGrowth of the rate.
  void quiet();
  // A new ceiling (0: no limit), which is the rate from now on: an operator's new rate takes
  // effect at once, and the next throttling answer lowers it again.
  void setCeiling(double ceiling) { ceiling_ = rate_ = ceiling; }

 private:
  double ceiling_;
  double rate_;
};

// The TokenBucket and Aimd shared by a migration's segments. Thread-safe.
class RateControl {
 public:
  static constexpr std::chrono::seconds kQuietPeriod{1};

  RateControl(double max_items_per_second, Clock& clock);

  // Waits (clock.sleepFor) until `items` more may be read.
  void admit(int items);
  // DynamoDB throttled a request: slows every segment down. Returns how long the caller should
  // back off before it retries (growing with `attempt`, from 1).
  std::chrono::milliseconds throttled(int attempt);
  // The rate now, items per second; 0: no limit.
  double rate() const;
  // The most the segments may go from now on (AIMD's ceiling), and the rate until the next
  // throttling answer; 0: no limit.
  void setCeiling(double max_items_per_second);

 private:
  // Items per second admitted recently: over the last whole measuring window and the current
  // one together; 0 when none were. Called with mutex_ held.
  double observedRate(TokenBucket::TimePoint now) const;

  Clock& clock_;
  mutable std::mutex mutex_;
  Aimd aimd_;
  TokenBucket bucket_;
  TokenBucket::TimePoint last_change_;
  TokenBucket::TimePoint window_start_;
  double window_items_ = 0;
  double last_window_items_ = 0;
  double last_window_seconds_ = 0;
};

}  // namespace flamingock::dynamodb::detail
