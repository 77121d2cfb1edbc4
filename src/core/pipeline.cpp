#include "pipeline.h"

#include "change_entry.h"

namespace flamingock::detail {

void tellListeners(const std::vector<std::shared_ptr<Listener>>& listeners,
                   const std::function<void(Listener&)>& event) {
  for (const auto& listener : listeners) capture([&] { event(*listener); });
}

LockOptions lockOptionsTellingListeners(const Pipeline& pipeline) {
  LockOptions lock = pipeline.lock;
  // The listeners are shared, so the options may outlive this pipeline's copy of them.
  lock.on_wait_started = [listeners = pipeline.listeners](const LockWaitStartedEvent& event) {
    tellListeners(listeners, [&](Listener& listener) { listener.onLockWaitStarted(event); });
  };
  return lock;
}

}  // namespace flamingock::detail
