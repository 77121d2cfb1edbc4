// The outside world's time, injected so tests control it.
//
// The engine and the locks read time only through a `Clock`: the wall clock stamps audit entries,
// the monotonic clock measures durations and lock leases, `sleepFor` paces waits. Production code
// uses `Clock::system()`; tests use `flamingock::testing::FakeClock` (testing.h), whose `sleepFor`
// advances its own time instead of blocking and whose `waitUntil` returns when the test advances
// its time.
//
//   auto runner = Flamingock::builder().setClock(std::make_shared<testing::FakeClock>())...;
#pragma once

#include <chrono>
#include <stop_token>

namespace flamingock {

// Implementations must be safe to call from several threads (the lock's heartbeat thread and the
// runner's thread share one clock).
class Clock {
 public:
  virtual ~Clock() = default;

  // Wall-clock time (UTC); may jump, in either direction.
  virtual std::chrono::system_clock::time_point wallNow() = 0;
  // Monotonic time: never goes back; only differences mean something.
  virtual std::chrono::steady_clock::time_point monotonicNow() = 0;
  // Waits `duration` of this clock's monotonic time.
  virtual void sleepFor(std::chrono::milliseconds duration) = 0;
  // Waits until this clock's monotonic time reaches `deadline` or `stop` is requested, whichever
  // comes first; true when the deadline was reached. Paces the lock's heartbeat, which must stop
  // at once when the lock is released. The default waits in real time for what remains.
  virtual bool waitUntil(std::chrono::steady_clock::time_point deadline, std::stop_token stop);

  // The process's real clocks. Lives for the whole program.
  static Clock& system();
};

}  // namespace flamingock
