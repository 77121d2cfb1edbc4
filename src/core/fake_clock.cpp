#include "flamingock/testing.h"

namespace flamingock::testing {

FakeClock::FakeClock() : FakeClock(std::chrono::sys_days(std::chrono::year(2026) / 1 / 1)) {}

FakeClock::FakeClock(std::chrono::system_clock::time_point wall) : wall_(wall) {}

std::chrono::system_clock::time_point FakeClock::wallNow() {
  std::lock_guard lock(mutex_);
  return wall_;
}

std::chrono::steady_clock::time_point FakeClock::monotonicNow() {
  std::lock_guard lock(mutex_);
  return monotonic_;
}

void FakeClock::sleepFor(std::chrono::milliseconds duration) { advance(duration); }

void FakeClock::advance(std::chrono::milliseconds duration) {
  std::lock_guard lock(mutex_);
  wall_ += duration;
  monotonic_ += duration;
}

void FakeClock::setWall(std::chrono::system_clock::time_point wall) {
  std::lock_guard lock(mutex_);
  wall_ = wall;
}

}  // namespace flamingock::testing
