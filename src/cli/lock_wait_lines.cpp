#include "cli/lock_wait_lines.h"

#include <chrono>
#include <memory>

#include "flamingock/audit_entry.h"

namespace flamingock::cli::detail {
namespace {

// "30 s", or "500 ms" when not whole seconds.
std::string durationText(std::chrono::milliseconds duration) {
  if (duration.count() % 1000 != 0) return std::to_string(duration.count()) + " ms";
  return std::to_string(duration.count() / 1000) + " s";
}

bool showsProgress(const Console& console) { return !console.json() && !console.quiet(); }

class LockWaitLines : public Listener {
 public:
  explicit LockWaitLines(Console& console) : console_(console) {}
  void onLockWaitStarted(const LockWaitStartedEvent& wait) override {
    console_.line(lockWaitLine(wait));
  }

 private:
  Console& console_;
};

}  // namespace

std::string lockWaitLine(const LockWaitStartedEvent& wait) {
  std::string until =
      wait.expires_at ? " until " + formatCreatedAt(*wait.expires_at) + " UTC unless renewed" : "";
  return "Waiting for lock '" + wait.lock_key + "', held by '" + wait.holder + "'" + until +
         " (giving up after " + durationText(wait.acquire_timeout) + ")...";
}

FlamingockBuilder pipelineShowingLockWaits(Context& context, Console& console) {
  FlamingockBuilder builder = context.pipeline();
  if (showsProgress(console)) builder.addListener(std::make_shared<LockWaitLines>(console));
  return builder;
}

LockOptions showingLockWaits(LockOptions lock, Console& console) {
  if (showsProgress(console)) {
    lock.on_wait_started = [&console](const LockWaitStartedEvent& wait) {
      console.line(lockWaitLine(wait));
    };
  }
  return lock;
}

}  // namespace flamingock::cli::detail
