#include "pipeline.h"

namespace flamingock::detail {

LockOptions lockOptionsTellingListeners(const Pipeline& pipeline) {
  LockOptions lock = pipeline.lock;
  // The listeners are shared, so the options may outlive this pipeline's copy of them.
  lock.on_wait_started = [listeners = pipeline.listeners](const LockWaitStartedEvent& event) {
    for (const auto& listener : listeners) listener->onLockWaitStarted(event);
  };
  return lock;
}

}  // namespace flamingock::detail
