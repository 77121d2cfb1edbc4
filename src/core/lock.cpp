#include "flamingock/lock.h"

#include "flamingock/error.h"

namespace flamingock {

bool Lock::acquireWhile(const std::function<bool()>&) {
  acquire();
  return true;
}

void Lock::ensureHeld() const {
  if (isHeld()) return;
  Fence lost = fence();
  throw LockLostError("lock '" + lost.lock_key + "' is no longer held by '" + lost.owner +
                      "': another runner took it over");
}

}  // namespace flamingock
