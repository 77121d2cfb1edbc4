// How a worker's segments obey their job's steering (docs/operations.md#steering-a-migration):
// held before each item while the job is paused, and kept to this worker's share of the fleet's
// rate, read at every checkpoint. A migration inside a run is never steered: its gate stays open
// and its rate is its own.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>

#include "dynamodb/migration/capacity_control.h"
#include "dynamodb/migration/rate_control.h"
#include "flamingock/change_progress.h"

namespace flamingock::dynamodb::detail {

// Thread-safe.
class JobPace {
 public:
  // How often a held segment checks whether it must stop.
  static constexpr std::chrono::milliseconds kHeldCheck{100};

  // `own_rate`: the fleet's rate when no operator set one (the migration's max_items_per_second).
  JobPace(RateControl& rate, CapacityControl& capacity, double own_rate)
      : rate_(rate), capacity_(capacity), own_rate_(own_rate) {}

  // Obeys the job as read now, of whose parts in progress this worker holds `held`: pauses or
  // opens the gate, and gives the worker `held` over the parts in progress of the fleet's rate and
  // capacity budget (parts of a worker gone count until taken over, which leaves the fleet
  // slower, never faster, than its limits).
  void obey(const JobNow& now, int held);

  // Returns true at once unless the job is paused; while it is, waits, calling `go_on` every
  // kHeldCheck: false (the migration stops) ends the wait and is returned; what it throws (a lost
  // part, a worker stopping) goes to the caller.
  bool pass(const std::function<bool()>& go_on) const;

  bool paused() const;

 private:
  RateControl& rate_;
  CapacityControl& capacity_;
  double own_rate_;
  mutable std::mutex mutex_;
  mutable std::condition_variable opened_;
  bool paused_ = false;
  double share_ = -1;  // the rate last given to rate_; -1: none yet
};

}  // namespace flamingock::dynamodb::detail
