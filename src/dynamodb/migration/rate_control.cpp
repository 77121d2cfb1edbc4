#include "dynamodb/migration/rate_control.h"

#include <algorithm>
#include <cmath>

namespace flamingock::dynamodb::detail {
namespace {

using std::chrono::duration;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

constexpr milliseconds kBaseBackoff{50};
constexpr milliseconds kMaxBackoff{5000};

double seconds(TokenBucket::TimePoint from, TokenBucket::TimePoint to) {
  return duration<double>(to - from).count();
}

}  // namespace

TokenBucket::TokenBucket(double rate, TimePoint now)
    : rate_(rate), tokens_(rate), refilled_at_(now) {}

void TokenBucket::refill(TimePoint now) {
  if (now <= refilled_at_) return;
  tokens_ = std::min(rate_, tokens_ + rate_ * seconds(refilled_at_, now));
  refilled_at_ = now;
}

nanoseconds TokenBucket::take(double tokens, TimePoint now) {
  refill(now);
  tokens_ -= tokens;
  if (tokens_ >= 0) return nanoseconds(0);
  return std::chrono::duration_cast<nanoseconds>(duration<double>(-tokens_ / rate_));
}

void TokenBucket::setRate(double rate, TimePoint now) {
  refill(now);
  rate_ = rate;
  tokens_ = std::min(tokens_, rate_);
}

Aimd::Aimd(double ceiling) : ceiling_(ceiling), rate_(ceiling) {}

void Aimd::throttled(double observed) {
  if (rate_ == 0 && observed <= 0) return;
  double from = rate_ == 0 ? observed : std::min(rate_, observed > 0 ? observed : rate_);
  rate_ = std::max(kMinRate, from / 2);
}

void Aimd::quiet() {
  if (rate_ == 0) return;
  if (ceiling_ > 0) {
    rate_ = std::min(ceiling_, rate_ + std::max(kMinStep, ceiling_ / 20));
  } else {
    rate_ += std::max(kMinStep, rate_ * kGrowth);
  }
}

RateControl::RateControl(double max_items_per_second, Clock& clock)
    : clock_(clock),
      aimd_(max_items_per_second),
      bucket_(max_items_per_second, clock.monotonicNow()),
      last_change_(clock.monotonicNow()),
      window_start_(last_change_) {}

void RateControl::admit(int items) {
  nanoseconds wait{0};
  {
    std::lock_guard lock(mutex_);
    auto now = clock_.monotonicNow();
    if (now - window_start_ >= kQuietPeriod) {
      last_window_items_ = window_items_;
      last_window_seconds_ = seconds(window_start_, now);
      window_start_ = now;
      window_items_ = 0;
    }
    window_items_ += items;
    if (now - last_change_ >= kQuietPeriod && aimd_.rate() != 0) {
      aimd_.quiet();
      bucket_.setRate(aimd_.rate(), now);
      last_change_ = now;
    }
    if (aimd_.rate() != 0) wait = bucket_.take(items, now);
  }
  if (wait > nanoseconds(0)) {
    // Round up: a wait of 0.4 ms must still wait, or a fast loop would never be held back.
    clock_.sleepFor(std::chrono::ceil<milliseconds>(wait));
  }
}

milliseconds RateControl::throttled(int attempt) {
  {
    std::lock_guard lock(mutex_);
    auto now = clock_.monotonicNow();
    aimd_.throttled(observedRate(now));
    bucket_.setRate(aimd_.rate(), now);
    last_change_ = now;
  }
  auto backoff = kBaseBackoff * (1LL << std::min(attempt - 1, 10));
  return std::min<milliseconds>(backoff, kMaxBackoff);
}

void RateControl::setCeiling(double max_items_per_second) {
  std::lock_guard lock(mutex_);
  auto now = clock_.monotonicNow();
  aimd_.setCeiling(max_items_per_second);
  bucket_.setRate(max_items_per_second, now);
  last_change_ = now;
}

double RateControl::rate() const {
  std::lock_guard lock(mutex_);
  return aimd_.rate();
}

double RateControl::observedRate(TokenBucket::TimePoint now) const {
  // Two windows: a window just begun says little on its own.
  double elapsed = last_window_seconds_ + seconds(window_start_, now);
  return elapsed > 0 ? (last_window_items_ + window_items_) / elapsed : 0;
}

}  // namespace flamingock::dynamodb::detail
