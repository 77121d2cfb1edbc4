#include "flamingock/clock.h"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace flamingock {
namespace {

class SystemClock : public Clock {
 public:
  std::chrono::system_clock::time_point wallNow() override {
    return std::chrono::system_clock::now();
  }
  std::chrono::steady_clock::time_point monotonicNow() override {
    return std::chrono::steady_clock::now();
  }
  void sleepFor(std::chrono::milliseconds duration) override {
    std::this_thread::sleep_for(duration);
  }
};

}  // namespace

bool Clock::waitUntil(std::chrono::steady_clock::time_point deadline, std::stop_token stop) {
  std::mutex mutex;
  std::condition_variable_any never_notified;
  std::unique_lock lock(mutex);
  never_notified.wait_for(lock, stop, deadline - monotonicNow(), [] { return false; });
  return !stop.stop_requested();
}

Clock& Clock::system() {
  static SystemClock clock;
  return clock;
}

}  // namespace flamingock
