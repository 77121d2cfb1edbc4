#include "job_work.h"

#include <algorithm>

#include "entry_bounds.h"
#include "flamingock/administration.h"
#include "flamingock/audit_history.h"
#include "flamingock/change_context.h"
#include "flamingock/version.h"
#include "identity.h"
#include "job_store_of.h"

namespace flamingock {

namespace detail {
namespace {

// A worker's context offers a background change its job's parts; there is no run, no lock and no
// progress record of its own.
class WorkProgress : public ChangeProgress {
 public:
  WorkProgress(WorkerParts& parts, const Pipeline& pipeline) : parts_(parts), pipeline_(pipeline) {}

  std::optional<ProgressRecord> resumable(const ProgressKey&) override { return std::nullopt; }
  void save(ProgressRecord record) override {
    throw Error("the work of background change '" + record.key.change_id +
                "' keeps its progress in its job's parts, not in progress records");
  }
  void ensureLockHeld() const override {}
  void report(const ProgressEvent& event) override {
    tellListeners(pipeline_.listeners, [&](Listener& listener) { listener.onProgress(event); });
  }
  void recordInAppliedEntry(const std::string&, const std::string&) override {}
  JobParts* jobParts() override { return &parts_; }

 private:
  WorkerParts& parts_;
  const Pipeline& pipeline_;
};

Metadata withTotals(Metadata metadata, const ItemCounts& totals) {
  metadata["migration.scanned"] = std::to_string(totals.scanned);
  metadata["migration.written"] = std::to_string(totals.written);
  metadata["migration.skipped"] = std::to_string(totals.skipped);
  metadata["migration.failed"] = std::to_string(totals.failed);
  return metadata;
}

}  // namespace

ItemCounts addJobResult(JobStore& jobs, const JobRecord& job, AuditEntry& applied) {
  ItemCounts totals = JobStatus{job, jobs.parts(job)}.totals();
  applied.metadata.merge(withTotals(job.definition.applied_metadata, totals));
  if (job.failed_items > 0) {
    applied.metadata["migration.failedItems"] = failuresText(jobs.failedItems(job));
  }
  return totals;
}

std::optional<JobRecord> unfinishedJobOf(AuditStore& store, const AuditEntry& current) {
  if (current.unreadable() || current.state != AuditState::kStarted) return std::nullopt;
  JobStore* jobs = store.jobStore();
  if (jobs == nullptr) return std::nullopt;
  std::optional<JobRecord> job = jobs->read(current.change_id);
  if (!job || !unfinished(job->state) || job->execution_id != current.execution_id) {
    return std::nullopt;
  }
  return job;
}

void refuseWhileJobsRun(AuditStore& store, const AuditHistory& history, const std::string& action,
                        const std::string& change_id) {
  for (const AuditEntry* current : history.currentEntries()) {
    if (!change_id.empty() && current->change_id != change_id) continue;
    std::optional<JobRecord> job = unfinishedJobOf(store, *current);
    if (!job) continue;
    // A paused job is no less unfinished: at its resume the workers go on and record APPLIED.
    std::string id = current->change_id;
    throw Error("change '" + id + "' is a background change whose job is " +
                (job->state == JobState::kPaused ? "paused" : "still running") +
                ": its STARTED entry is no interrupted attempt, and " + action +
                " must wait while the job is unfinished, as its workers write or go on at its "
                "resume; wait until the job ends (migrations status " +
                id + ", Administration::jobs), or cancel it (migrations cancel " + id +
                ", Administration::cancelJob), which records the change FAILED");
  }
}

bool PartWatch::abandoned(const JobPart& part, std::chrono::milliseconds lease,
                          std::chrono::steady_clock::time_point now) {
  auto [found, first] =
      seen_.try_emplace(part.index, Seen{part.owner, part.version, part.beat, now});
  Seen& seen = found->second;
  if (first || seen.owner != part.owner || seen.version != part.version || seen.beat != part.beat) {
    seen = {part.owner, part.version, part.beat, now};
    return false;
  }
  return now - seen.since >= lease;
}

WorkerParts::WorkerParts(JobStore& store, JobRecord job, std::string owner, Clock& clock,
                         PartWatch& watch, const std::atomic<bool>& stop,
                         std::function<void(const std::string&)> warn, SteeringWatch& steering)
    : store_(store),
      job_(std::move(job)),
      owner_(std::move(owner)),
      clock_(clock),
      stop_(stop),
      warn_(std::move(warn)),
      watch_(watch),
      steering_(steering) {}

bool WorkerParts::accepts(const JobDefinition& own) {
  accepted_ = own.fingerprint == job_.definition.fingerprint &&
              own.total_parts == job_.definition.total_parts;
  if (!accepted_) {
    warn_("the job of change '" + job_.change_id + "' was started with another definition (" +
          job_.definition.subject + ", " + std::to_string(job_.definition.total_parts) +
          " parts, fingerprint " + job_.definition.fingerprint + ") than this worker's (" +
          own.subject + ", " + std::to_string(own.total_parts) + " parts, fingerprint " +
          own.fingerprint + "): it leaves the job to workers of that one");
  }
  return accepted_;
}

std::optional<JobPart> WorkerParts::claim() {
  std::lock_guard lock(mutex_);
  if (stop_) return std::nullopt;
  int total = job_.definition.total_parts;
  std::vector<std::optional<JobPart>> stored(total);
  for (JobPart& part : store_.parts(job_)) {
    if (part.index >= 0 && part.index < total) stored[part.index] = std::move(part);
  }
  // Workers start looking at different parts, so that they seldom race for the same one.
  int first = static_cast<int>(std::hash<std::string>{}(owner_) % static_cast<std::size_t>(total));
  auto now = clock_.monotonicNow();
  for (int offset = 0; offset < total; ++offset) {
    int index = (first + offset) % total;
    const std::optional<JobPart>& part = stored[index];
    if (part && (part->done || part->owner == owner_ ||
                 !watch_.abandoned(*part, job_.definition.lease, now))) {
      continue;
    }
    if (std::optional<JobPart> claimed =
            store_.claim(job_, index, part ? &*part : nullptr, owner_)) {
      return claimed;
    }
  }
  return std::nullopt;
}

void WorkerParts::save(JobPart& part) { store_.save(job_, part); }

JobNow WorkerParts::refresh() {
  std::optional<JobRecord> job = store_.read(job_.change_id);
  if (!job || !stillUnfinished(*job, job_)) {
    std::string what = !job || job->execution_id != job_.execution_id
                           ? "was started again"
                           : std::string("is ") + toString(job->state);
    throw WorkInterruptedError("the job of change '" + job_.change_id + "' " + what +
                               " while this worker held parts of it: the worker leaves them");
  }
  steering_.observe(*job);
  JobNow now{.job = std::move(*job)};
  now.parts_in_progress = partsInProgress(now.job);
  return now;
}

int WorkerParts::partsInProgress(const JobRecord& job) {
  if (job.parts_started) {
    // Workers of an earlier version count the parts they finish, not those they start.
    return std::max(0, *job.parts_started - job.parts_done);
  }
  int in_progress = 0;
  for (const JobPart& part : store_.parts(job_)) {
    if (!part.owner.empty() && !part.done) ++in_progress;
  }
  return in_progress;
}

int WorkerParts::quarantine(const FailedItem& item) {
  FailedItem stamped = item;
  stamped.worker = owner_;
  stamped.failed_at = formatCreatedAt(clock_.wallNow());
  return store_.quarantine(job_, stamped);
}

JobWorker::JobWorker(Pipeline& pipeline, const std::atomic<bool>& stop)
    : pipeline_(pipeline),
      stop_(stop),
      host_(hostName()),
      owner_(newRunnerId(host_)),
      created_at_(*pipeline.clock),
      steering_(pipeline.listeners, owner_) {
  for (const auto& target : pipeline_.targets) targets_.push_back(target.get());
}

JobStore& JobWorker::jobs() const { return jobStoreOf(*pipeline_.store); }

int JobWorker::workOnce() {
  int running = 0;
  for (const Stage& stage : pipeline_.stages) {
    for (const ResolvedChange& change : stage.resolved) {
      if (stop_) return running;
      if (change.info.background && workOn(change)) ++running;
    }
  }
  return running;
}

bool JobWorker::workOn(const ResolvedChange& change) {
  std::optional<JobRecord> job = jobs().read(change.info.id);
  if (!job || !unfinished(job->state)) return false;
  poll_ = std::clamp(job->definition.lease / 4, std::chrono::milliseconds(10),
                     std::chrono::milliseconds(1000));
  steering_.observe(*job);
  const std::string& started_by = job->definition.change_checksum;
  if (!started_by.empty() && started_by != change.checksum) {
    std::string message = "the job of change '" + change.info.id +
                          "' was started by another version of the change (checksum " + started_by +
                          ", this worker's " + change.checksum +
                          "): it leaves the job to workers of that version";
    if (warned_.insert(message).second) log(LogLevel::kWarn, change.info.id, message);
    return false;
  }
  // A paused job waits for its resume; parts this worker holds keep their claims meanwhile (their
  // migration's checkpoints go on, writing nothing to the table).
  if (job->state == JobState::kPaused) return true;
  WorkerParts parts(
      jobs(), *job, owner_, *pipeline_.clock, watches_[change.info.id], stop_,
      [&](const std::string& message) {
        if (warned_.insert(message).second) log(LogLevel::kWarn, change.info.id, message);
      },
      steering_);
  WorkProgress progress(parts, pipeline_);
  ChangeContext context(change.info, job->execution_id, pipeline_.metadata, change.target, targets_,
                        nullptr, &progress, ChangePhase::kApply);
  try {
    change.change->apply(context);
  } catch (const LockLostError& e) {
    log(LogLevel::kInfo, change.info.id, e.what());
    return true;
  } catch (const WorkInterruptedError& e) {
    log(LogLevel::kWarn, change.info.id, e.what());
    return true;
  } catch (const ConfigurationError& e) {
    // This worker cannot work on it; workers configured otherwise can.
    if (warned_.insert(e.what()).second) log(LogLevel::kWarn, change.info.id, e.what());
    return false;
  } catch (...) {
    std::optional<CaughtError> failure = capture([] { throw; });
    AuditEntry failed = entryFor(change, *job, AuditState::kFailed);
    failed.error_trace = boundedErrorTrace(failure->type, failure->message);
    finish(change, *job, failed, failure->message);
    log(LogLevel::kError, change.info.id, "the job failed: " + failure->message);
    return false;
  }
  if (!parts.accepted()) return false;
  return finishIfDone(change, *job);
}

bool JobWorker::finishIfDone(const ResolvedChange& change, const JobRecord& job) {
  std::optional<JobRecord> now = jobs().read(change.info.id);
  if (!now || !stillUnfinished(*now, job)) return false;
  if (now->parts_done < now->definition.total_parts) return true;
  if (now->failed_items > 0 && !now->failures_accepted) {
    AuditEntry failed = entryFor(change, *now, AuditState::kFailed);
    failed.error_trace = boundedErrorTrace("QuarantinedItems", unacceptedFailures(*now));
    if (finish(change, *now, failed, unacceptedFailures(*now))) {
      log(LogLevel::kError, change.info.id, "the job failed: " + unacceptedFailures(*now));
    }
    return false;
  }
  AuditEntry applied = entryFor(change, *now, AuditState::kApplied);
  ItemCounts totals = addJobResult(jobs(), *now, applied);
  if (finish(change, *now, applied, "")) {
    log(LogLevel::kInfo, change.info.id,
        "the job is done: " + std::to_string(totals.scanned) + " items scanned, " +
            std::to_string(totals.written) + " written; APPLIED recorded");
  }
  return false;
}

bool JobWorker::finish(const ResolvedChange& change, const JobRecord& job, const AuditEntry& entry,
                       const std::string& error) {
  if (!jobs().finish(job, entry)) return false;
  bool applied = entry.state == AuditState::kApplied;
  ChangeOutcome outcome{.change_id = change.info.id,
                        .stage_id = change.stage_id,
                        .status = applied ? ChangeStatus::kApplied : ChangeStatus::kFailed,
                        .duration = jobDuration(job),
                        .error = error};
  tellListeners(pipeline_.listeners, [&](Listener& listener) {
    if (applied) {
      listener.onChangeApplied(outcome);
    } else {
      listener.onChangeFailed(outcome);
    }
  });
  return true;
}

std::chrono::milliseconds JobWorker::jobDuration(const JobRecord& job) const {
  std::chrono::milliseconds duration{0};
  // A start time written by another tool, or a clock behind the starter's: no duration.
  capture([&] {
    duration = std::max(duration, std::chrono::duration_cast<std::chrono::milliseconds>(
                                      pipeline_.clock->wallNow() - parseCreatedAt(job.created_at)));
  });
  return duration;
}

AuditEntry JobWorker::entryFor(const ResolvedChange& change, const JobRecord& job,
                               AuditState state) {
  // After the job's STARTED entry and everything else in the log.
  created_at_.observe(AuditHistory(pipeline_.store->readHistoryForPlanning()).latestCreatedAt());
  return stampedEntry(change, state,
                      {job.execution_id, host_, owner_, boundedMetadata(pipeline_.metadata)},
                      created_at_.next());
}

void JobWorker::log(LogLevel level, const std::string& change_id, const std::string& message) {
  if (!pipeline_.logger) return;
  capture([&] {
    pipeline_.logger->log(
        {.level = level, .message = "background work: " + message, .change_id = change_id});
  });
}

BackgroundWorkers::BackgroundWorkers(Pipeline& pipeline)
    : pipeline_(pipeline),
      worker_(pipeline, stopping_),
      thread_([this](std::stop_token stop) { loop(stop); }) {}

BackgroundWorkers::~BackgroundWorkers() {
  stopping_ = true;
  thread_.request_stop();
}

void BackgroundWorkers::loop(std::stop_token stop) {
  Clock& clock = *pipeline_.clock;
  while (!stop.stop_requested()) {
    int running = 0;
    try {
      running = worker_.workOnce();
    } catch (const std::exception& e) {
      // The store may be out of reach for a while: the next look tries again.
      if (pipeline_.logger) {
        capture([&] {
          pipeline_.logger->log(
              {.level = LogLevel::kWarn, .message = std::string("background work: ") + e.what()});
        });
      }
    }
    std::chrono::milliseconds wait =
        running > 0 ? worker_.pollInterval()
                    : std::chrono::duration_cast<std::chrono::milliseconds>(kIdleInterval);
    clock.waitUntil(clock.monotonicNow() + wait, stop);
  }
}

}  // namespace detail
}  // namespace flamingock
