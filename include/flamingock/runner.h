// A built, validated pipeline, ready to run.
//
//   Runner runner = Flamingock::builder()...build();
//   RunSummary summary = runner.run();   // throws flamingock::Error on failure
//
// A runner may run several times (each run is a new execution with its own id); a second run of
// an up-to-date pipeline reads the audit log once and applies nothing.
#pragma once

#include <memory>

#include "flamingock/run_summary.h"

namespace flamingock {

namespace detail {
struct Pipeline;
}

class Runner {
 public:
  explicit Runner(std::unique_ptr<detail::Pipeline> pipeline);
  Runner(Runner&&) noexcept;
  Runner& operator=(Runner&&) noexcept;
  ~Runner();

  // Applies the pending changes, stage by stage and in order, under the distributed lock (SPEC
  // §7). Throws DriftError, ManualInterventionRequiredError, ChangeFailedError, LockError, or the
  // store's errors; whatever it throws, the lock is released and every due audit entry was
  // written or the error says which was not. Not thread-safe: one run at a time per runner
  // (separate runners may run concurrently, in threads or processes).
  RunSummary run();

 private:
  std::unique_ptr<detail::Pipeline> pipeline_;
};

}  // namespace flamingock
