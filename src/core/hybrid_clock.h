// Timestamps for audit entries that never go backwards in the log, whatever the wall clocks of
// the hosts writing it do (docs/tables.md#timestamps-never-go-backwards): max(wall clock, latest
// createdAt seen or written + 1 ms). The lock serialises writers, so the log's createdAt order is
// the order things happened. The runner stamps its entries with it; so must any other writer (the
// CLI's `audit fix`).
//
//   HybridClock created_at(Clock::system());
//   created_at.observe(AuditHistory(store.readHistory()).latestCreatedAt());
//   entry.created_at = created_at.next();
#pragma once

#include <chrono>
#include <optional>

#include "flamingock/clock.h"

namespace flamingock {

// Not thread-safe: one writer uses it from one thread.
class HybridClock {
 public:
  explicit HybridClock(Clock& clock) : clock_(clock) {}

  // Takes a createdAt read from the log into account.
  void observe(std::optional<std::chrono::system_clock::time_point> seen);

  // The createdAt of the next entry (millisecond precision), later than everything observed or
  // stamped before.
  std::chrono::system_clock::time_point next();

 private:
  Clock& clock_;
  std::optional<std::chrono::system_clock::time_point> latest_;
};

}  // namespace flamingock
