// Working on background changes' jobs (docs/operations.md#background-migrations), without the
// run's lock: a worker claims free parts of a running job with conditional writes, takes over a
// part whose owner stayed silent for a whole lease of its own monotonic clock, runs the change's
// apply on the parts it holds, and ends the job with the change's APPLIED entry once every part is
// done (or FAILED when the work failed).
//
//   JobWorker worker(pipeline);
//   while (worker.workOnce() > 0) clock.sleepFor(worker.pollInterval());
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "change_entry.h"
#include "flamingock/audit_history.h"
#include "flamingock/change_progress.h"
#include "hybrid_clock.h"
#include "job_steering.h"
#include "pipeline.h"

namespace flamingock::detail {

// The unfinished (RUNNING or PAUSED) job whose STARTED entry `current`, a change's current entry,
// is: no interrupted attempt, and nothing a person may fix or undo while its workers may write.
// None when there is no such job.
std::optional<JobRecord> unfinishedJobOf(AuditStore& store, const AuditEntry& current);

// Throws Error, saying why and naming both ways out (wait for the job to end, or cancel it), when
// a change of `history` (`change_id` alone, when given) has an unfinished job: `action` ("undo",
// "a fix") must wait for it.
void refuseWhileJobsRun(AuditStore& store, const AuditHistory& history, const std::string& action,
                        const std::string& change_id = "");

// Adds to `applied`, the APPLIED entry of `job` (every part done), what it records of the job's
// work: the definition's applied metadata, the parts' totals (migration.scanned, .written,
// .skipped, .failed) and, when items failed, migration.failedItems. Returns the totals.
ItemCounts addJobResult(JobStore& jobs, const JobRecord& job, AuditEntry& applied);

// What a worker has seen of the parts others own, on its own monotonic clock.
class PartWatch {
 public:
  // Whether `part` kept its owner, version and beat for at least `lease` up to `now`; a part seen
  // for the first time, or changed since, is watched anew from `now`.
  bool abandoned(const JobPart& part, std::chrono::milliseconds lease,
                 std::chrono::steady_clock::time_point now);

 private:
  struct Seen {
    std::string owner;
    std::int64_t version = 0;
    std::int64_t beat = 0;
    std::chrono::steady_clock::time_point since;
  };
  std::map<int, Seen> seen_;
};

// The parts of one job a worker claims and saves; what the change's apply sees as JobParts.
class WorkerParts : public JobParts {
 public:
  // `watch` outlives the parts: what the worker saw in earlier passes counts towards a lease.
  // `warn` says once that the change's definition is not the job's; `steering` hears of the job
  // as refresh() reads it.
  WorkerParts(JobStore& store, JobRecord job, std::string owner, Clock& clock, PartWatch& watch,
              const std::atomic<bool>& stop, std::function<void(const std::string&)> warn,
              SteeringWatch& steering);

  const JobRecord& job() const override { return job_; }
  bool accepts(const JobDefinition& own) override;
  std::optional<JobPart> claim() override;
  void save(JobPart& part) override;
  bool stopRequested() const override { return stop_; }
  // One read of the job; throws WorkInterruptedError, naming its state, when it ended or was
  // started again meanwhile.
  JobNow refresh() override;
  int quarantine(const FailedItem& item) override;

  // Whether the change's apply found its definition to be the job's.
  bool accepted() const { return accepted_; }

 private:
  // Of `job` as read now: its parts started less those done, or, when a store of an earlier
  // version wrote it without that count, its parts claimed and not done (JobStore::parts).
  int partsInProgress(const JobRecord& job);

  JobStore& store_;
  JobRecord job_;
  std::string owner_;
  Clock& clock_;
  const std::atomic<bool>& stop_;
  std::function<void(const std::string&)> warn_;
  std::mutex mutex_;
  PartWatch& watch_;
  SteeringWatch& steering_;
  bool accepted_ = false;
};

class JobWorker {
 public:
  // Works for `pipeline`, whose audit store keeps jobs; `stop` asks it to stop within one page.
  JobWorker(Pipeline& pipeline, const std::atomic<bool>& stop);

  // One pass over the running jobs of the pipeline's background changes: works on the parts it can
  // claim and ends each job whose parts are all done. Returns how many jobs are still running
  // that this worker can work on (not those whose definition differs from its own).
  int workOnce();
  // The same for the job of `change` alone; returns whether it is still running and this worker
  // can work on it.
  bool workOn(const ResolvedChange& change);
  // How long to wait between passes: a quarter of the shortest lease of the jobs seen, 1 s at most.
  std::chrono::milliseconds pollInterval() const { return poll_; }

 private:
  JobStore& jobs() const;
  // Ends `job` with APPLIED when every part is done. Returns whether it is still running.
  bool finishIfDone(const ResolvedChange& change, const JobRecord& job);
  // Ends `job` with the change's `entry` (JobStore::finish) and, when this worker's write ended
  // it, tells the listeners of the change's outcome as a run does (`error`: why it failed).
  // Returns whether it ended it.
  bool finish(const ResolvedChange& change, const JobRecord& job, const AuditEntry& entry,
              const std::string& error);
  // From the job's start, by its starter's wall clock, to now by this worker's; 0 when unknown.
  std::chrono::milliseconds jobDuration(const JobRecord& job) const;
  AuditEntry entryFor(const ResolvedChange& change, const JobRecord& job, AuditState state);
  void log(LogLevel level, const std::string& change_id, const std::string& message);

  Pipeline& pipeline_;
  const std::atomic<bool>& stop_;
  std::string host_;
  std::string owner_;
  HybridClock created_at_;
  std::vector<TargetSystem*> targets_;
  std::map<std::string, PartWatch> watches_;  // by change id
  std::set<std::string> warned_;              // what was said once
  SteeringWatch steering_;
  std::chrono::milliseconds poll_{1000};
};

// The workers a runner starts after its run (FlamingockBuilder::setBackgroundWorkers): one thread
// that works on the running jobs and, when there are none, looks for new ones now and then.
class BackgroundWorkers {
 public:
  // How long the thread waits between looks when no job is running.
  static constexpr std::chrono::seconds kIdleInterval{10};

  explicit BackgroundWorkers(Pipeline& pipeline);
  // Stops the work within one page of each part and joins the thread.
  ~BackgroundWorkers();

 private:
  void loop(std::stop_token stop);

  Pipeline& pipeline_;
  std::atomic<bool> stopping_{false};
  JobWorker worker_;
  std::jthread thread_;  // last: starts once the others exist
};

}  // namespace flamingock::detail
