#include "pipeline.h"

#include "change_entry.h"

namespace flamingock::detail {

LockOptions lockOptionsTellingListeners(const Pipeline& pipeline) {
  LockOptions lock = pipeline.lock;
  // The listeners are shared, so the options may outlive this pipeline's copy of them.
  lock.on_wait_started = [listeners = pipeline.listeners](const LockWaitStartedEvent& event) {
    // One listener that throws must not keep the others from hearing, as in a run's events.
    for (const auto& listener : listeners) capture([&] { listener->onLockWaitStarted(event); });
  };
  return lock;
}

}  // namespace flamingock::detail
