// Observers of a run: progress lines, metrics, notifications.
//
//   class PrintProgress : public flamingock::Listener {
//     void onChangeApplied(const flamingock::ChangeOutcome& c) override {
//       std::cout << c.change_id << " applied in " << c.duration.count() << " ms\n";
//     }
//   };
//   Flamingock::builder().addListener(std::make_shared<PrintProgress>());
//
// Events come from the runner's thread, in order. An exception thrown by a listener is swallowed:
// observing a run must never leave its audit log incomplete.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flamingock/lock.h"
#include "flamingock/run_summary.h"

namespace flamingock {

struct RunStartedEvent {
  std::string execution_id{};
  bool dry_run = false;
  std::vector<std::string> pending{};  // ids of the changes this run will apply, in order
};

// How far long-running work (a data migration) has come; counts are since it first started,
// resumed attempts included.
struct ProgressEvent {
  std::string change_id{};
  std::string subject{};     // what the work goes over (a migration: its table)
  std::int64_t scanned = 0;  // items read
  std::int64_t written = 0;  // writes acknowledged
  std::int64_t skipped = 0;  // conditional writes refused: the item was already done
  std::int64_t failed = 0;   // items that failed (a background job's: quarantined)
  int parts_done = 0;        // parts finished (a migration: segments)
  int total_parts = 0;
  double items_per_second = 0;  // scanned, in this attempt
  // The pace the work is held to now, items per second: the configured maximum, lowered by the
  // target's throttling answers and raised again by quiet time; 0: no limit.
  double rate_limit = 0;
  // From the target's estimate of its item count; none when unknown.
  std::optional<std::chrono::seconds> estimated_time_left{};
  bool finished = false;  // the last event of work that completed
};

// This runner started waiting for the lock because another runner holds it.
struct LockWaitStartedEvent {
  std::string lock_key{};
  std::string holder{};  // the holder's runner id (host, process id, random)
  // When the holder's lease runs out unless the holder renews it (it does while it runs), by the
  // holder's wall clock as written in the lock; none for a lock without a lease (the in-memory
  // store's).
  std::optional<std::chrono::system_clock::time_point> expires_at{};
  std::chrono::milliseconds acquire_timeout{};  // the wait gives up after this long
};

// A worker saw, at a checkpoint or when it looked for work, that an operator paused, resumed or
// re-rated a background change's job (docs/operations.md#steering-a-migration). Each worker that
// sees it tells its own listeners.
struct JobSteeredEvent {
  enum class Kind { kPaused, kResumed, kRateChanged };
  std::string change_id{};
  Kind kind = Kind::kPaused;
  // The fleet's rate now, items per second; 0: no limit; none: the change's own maximum.
  std::optional<double> rate{};
  std::string worker{};  // the worker that saw it
};

// "paused", "resumed", "rate changed".
const char* toString(JobSteeredEvent::Kind kind);

class Listener {
 public:
  virtual ~Listener() = default;
  // After planning, before the first change (and before the lock is taken).
  virtual void onStarted(const RunStartedEvent&) {}
  // After a change's APPLIED entry was recorded. A background change's is recorded by the worker
  // that ended its job, which tells its own listeners, from its thread (the outcome's duration:
  // since the job started).
  virtual void onChangeApplied(const ChangeOutcome&) {}
  // After a failed change's FAILED entry (and its rollback) were recorded; a background change's
  // as for onChangeApplied. An operator's cancel of a job (Administration::cancelJob) is heard by
  // no listener.
  virtual void onChangeFailed(const ChangeOutcome&) {}
  // When the run (or undo, baseline, fix) finds the lock held by another runner and starts
  // waiting for it: once per wait, however many times it retries, before it takes the lock or
  // gives up.
  virtual void onLockWaitStarted(const LockWaitStartedEvent&) {}
  // While long-running work (a data migration) runs, about once a second, and when it ends.
  virtual void onProgress(const ProgressEvent&) {}
  // When a background job's steering changed, as a worker saw it; from the worker's threads, one
  // event at a time.
  virtual void onJobSteered(const JobSteeredEvent&) {}
  // At the end of every run that started, successful or not.
  virtual void onFinished(const RunSummary&) {}
};

}  // namespace flamingock
