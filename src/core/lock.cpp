#include "flamingock/lock.h"

#include "core/name_table.h"
#include "flamingock/error.h"

namespace flamingock {

bool Lock::acquireWhile(const std::function<bool()>&) {
  acquire();
  return true;
}

namespace {

// Why the lock was lost, as the end of ensureHeld's message; nothing when unknown.
constexpr detail::NameTable<LockLoss, 3> kLossReasons{{
    {LockLoss::kNotAcquired, ": it was not acquired, or was released"},
    {LockLoss::kTakenOver, ": another runner took it over, or it was released by force"},
    {LockLoss::kLeaseExpired,
     ": its lease ran out before a heartbeat could renew it (another runner may take it over "
     "now)"},
}};

}  // namespace

void Lock::ensureHeld() const {
  if (isHeld()) return;
  Fence lost = fence();
  throw LockLostError("lock '" + lost.lock_key + "' is no longer held by '" + lost.owner + "'" +
                      std::string(detail::nameOf(kLossReasons, loss(), "")));
}

}  // namespace flamingock
