#include "flamingock/testing/doubles.h"

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

bool FakeClock::waitUntil(std::chrono::steady_clock::time_point deadline, std::stop_token stop) {
  std::unique_lock lock(mutex_);
  auto mine = deadlines_.insert(deadline);
  changed_.notify_all();
  bool reached = changed_.wait(lock, stop, [&] { return monotonic_ >= deadline; });
  deadlines_.erase(mine);
  changed_.notify_all();
  return reached;
}

void FakeClock::advance(std::chrono::milliseconds duration) {
  std::lock_guard lock(mutex_);
  wall_ += duration;
  monotonic_ += duration;
  changed_.notify_all();
}

void FakeClock::awaitWaiters(std::size_t count) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] {
    return deadlines_.size() == count && (deadlines_.empty() || *deadlines_.begin() > monotonic_);
  });
}

void FakeClock::setWall(std::chrono::system_clock::time_point wall) {
  std::lock_guard lock(mutex_);
  wall_ = wall;
}

}  // namespace flamingock::testing
