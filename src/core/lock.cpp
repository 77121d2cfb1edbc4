#include "flamingock/lock.h"

#include "flamingock/error.h"

namespace flamingock {

bool Lock::acquireWhile(const std::function<bool()>&) {
  acquire();
  return true;
}

namespace {

std::string reasonFor(LockLoss loss) {
  switch (loss) {
    case LockLoss::kNotAcquired:
      return ": it was not acquired, or was released";
    case LockLoss::kTakenOver:
      return ": another runner took it over, or it was released by force";
    case LockLoss::kLeaseExpired:
      return ": its lease ran out before a heartbeat could renew it (another runner may take it "
             "over now)";
    case LockLoss::kUnknown:
      break;
  }
  return "";
}

}  // namespace

void Lock::ensureHeld() const {
  if (isHeld()) return;
  Fence lost = fence();
  throw LockLostError("lock '" + lost.lock_key + "' is no longer held by '" + lost.owner + "'" +
                      reasonFor(loss()));
}

}  // namespace flamingock
