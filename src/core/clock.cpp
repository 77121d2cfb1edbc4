#include "flamingock/clock.h"

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

Clock& Clock::system() {
  static SystemClock clock;
  return clock;
}

}  // namespace flamingock
