#include "job_steering.h"

#include <algorithm>
#include <cmath>

#include "flamingock/administration.h"
#include "flamingock/error.h"
#include "job_store_of.h"
#include "job_work.h"
#include "manual_fix.h"
#include "name_table.h"
#include "pipeline.h"

namespace flamingock {

namespace {

constexpr detail::NameTable<JobState, 5> kJobStateNames{{{JobState::kRunning, "RUNNING"},
                                                         {JobState::kPaused, "PAUSED"},
                                                         {JobState::kDone, "DONE"},
                                                         {JobState::kFailed, "FAILED"},
                                                         {JobState::kCancelled, "CANCELLED"}}};

constexpr detail::NameTable<JobSteeredEvent::Kind, 3> kSteeredNames{
    {{JobSteeredEvent::Kind::kPaused, "paused"},
     {JobSteeredEvent::Kind::kResumed, "resumed"},
     {JobSteeredEvent::Kind::kRateChanged, "rate changed"}}};

}  // namespace

const char* toString(JobState state) {
  // The table's names are literals: their data ends with a NUL.
  return detail::nameOf(kJobStateNames, state).data();
}

const char* toString(JobSteeredEvent::Kind kind) {
  // The table's names are literals: their data ends with a NUL.
  return detail::nameOf(kSteeredNames, kind, "unknown").data();
}

namespace detail {

std::optional<JobState> jobStateNamed(std::string_view name) {
  return valueOf(kJobStateNames, name);
}

SteeringWatch::SteeringWatch(std::vector<std::shared_ptr<Listener>> listeners, std::string worker)
    : listeners_(std::move(listeners)), worker_(std::move(worker)) {}

void SteeringWatch::observe(const JobRecord& job) {
  std::lock_guard lock(mutex_);
  Seen now{job.execution_id, job.state == JobState::kPaused, job.rate};
  auto [found, first] = seen_.try_emplace(job.change_id, now);
  Seen before = std::exchange(found->second, now);
  // Another execution's job is another job: what it was told says nothing of this one.
  if (first || before.execution_id != now.execution_id) return;
  if (before.paused != now.paused) {
    tell(job, now.paused ? JobSteeredEvent::Kind::kPaused : JobSteeredEvent::Kind::kResumed);
  }
  if (before.rate != now.rate) tell(job, JobSteeredEvent::Kind::kRateChanged);
}

void SteeringWatch::tell(const JobRecord& job, JobSteeredEvent::Kind kind) {
  JobSteeredEvent event{
      .change_id = job.change_id, .kind = kind, .rate = job.rate, .worker = worker_};
  tellListeners(listeners_, [&](Listener& listener) { listener.onJobSteered(event); });
}

std::string notSteerable(const std::string& change_id, std::optional<JobState> state,
                         std::string_view action) {
  if (!state) {
    return "change '" + change_id + "' has no job: only a background change's unfinished job is " +
           std::string(action) + " (see migrations list)";
  }
  return "the job of change '" + change_id + "' is " + toString(*state) +
         ": only a RUNNING or PAUSED job is " + std::string(action) +
         ", and this one ended already (its change's latest audit entry says how: migrations "
         "status, audit list)";
}

bool failedWithEveryPartDone(const JobRecord& stored, const JobRecord& job) {
  return stored.execution_id == job.execution_id && stored.state == JobState::kFailed &&
         stored.parts_done >= stored.definition.total_parts;
}

bool stillUnfinished(const JobRecord& stored, const JobRecord& job) {
  return stored.execution_id == job.execution_id && unfinished(stored.state);
}

std::string unacceptedFailures(const JobRecord& job) {
  return std::to_string(job.failed_items) + " items of the job of change '" + job.change_id +
         "' failed and are quarantined (migrations status lists them), and nobody accepted them "
         "before the job ended; accepting them now (migrations accept-failures, "
         "Administration::acceptJobFailures) records the change APPLIED with them in its metadata";
}

std::string failuresText(std::vector<FailedItem> items) {
  std::ranges::sort(items, {}, &FailedItem::key);
  std::string text;
  for (const FailedItem& item : items) {
    std::string line = item.key + ": " + item.error + "\n";
    if (text.size() + line.size() > kMaxFailuresText) {
      return text + "... (" + std::to_string(items.size()) + " in all)";
    }
    text += line;
  }
  return text;
}

void checkFleetRate(const std::string& change_id, double rate) {
  if (!std::isfinite(rate) || rate < 0) {
    throw OptionError("the rate of the job of change '" + change_id + "' must be 0 (no limit) or " +
                      "a number of items per second above 0, not " + std::to_string(rate));
  }
}

}  // namespace detail
}  // namespace flamingock

namespace flamingock {
namespace {

using detail::jobStoreOf;

// The change's latest entry in `history` that accepting the failed items of `job`, ended FAILED,
// follows: that execution's FAILED entry. Throws Error, saying why, when the failures cannot be
// accepted: parts are left, no item failed, or the log moved on since the job failed.
const AuditEntry& failedEntryToAccept(const JobRecord& job, const AuditHistory& history) {
  std::string ended = "the job of change '" + job.change_id + "' ended FAILED";
  std::string again =
      "fix the cause and run the change again (under ALWAYS_RETRY the next run retries it; "
      "under MANUAL_INTERVENTION after `audit fix`)";
  if (job.parts_done < job.definition.total_parts) {
    throw Error(ended + " with " + std::to_string(job.parts_done) + " of " +
                std::to_string(job.definition.total_parts) +
                " parts done: its work stopped (more items failed than MaxFailedItems allows, or "
                "its apply threw: its FAILED entry says why), and accepting its failed items "
                "would leave the other items unmigrated; " +
                again);
  }
  if (job.failed_items == 0) {
    throw Error(ended + " with no failed items: there are no failures to accept (its FAILED " +
                "entry says why it failed); " + again);
  }
  const AuditEntry* current = history.current(job.change_id);
  if (current == nullptr || current->unreadable() || current->state != AuditState::kFailed ||
      current->execution_id != job.execution_id) {
    std::string latest = current == nullptr      ? "none"
                         : current->unreadable() ? "an entry that cannot be read"
                                                 : std::string(toString(current->state)) +
                                                       " of execution " + current->execution_id;
    throw Error(ended + ", but the change's latest audit entry is " + latest +
                ", not the job's FAILED entry: the log moved on since the job failed (a fix, " +
                "a later run), and APPLIED is recorded only over that FAILED entry");
  }
  return *current;
}

}  // namespace

JobRecord Administration::pauseJob(const std::string& change_id) {
  return jobStoreOf(*store_).steer(change_id, {.paused = true});
}

JobRecord Administration::resumeJob(const std::string& change_id) {
  return jobStoreOf(*store_).steer(change_id, {.paused = false});
}

JobRecord Administration::setJobRate(const std::string& change_id, double items_per_second) {
  detail::checkFleetRate(change_id, items_per_second);
  return jobStoreOf(*store_).steer(change_id, {.rate = items_per_second});
}

JobRecord Administration::acceptJobFailures(const std::string& change_id) {
  JobStore& jobs = jobStoreOf(*store_);
  std::optional<JobRecord> job = jobs.read(change_id);
  if (!job || unfinished(job->state)) {
    try {
      return jobs.steer(change_id, {.accept_failures = true});
    } catch (const Error&) {
      // It may have ended FAILED meanwhile: accepted below as any FAILED job.
      job = jobs.read(change_id);
      if (!job || job->state != JobState::kFailed) throw;
    }
  }
  if (job->state == JobState::kDone) return *job;
  if (job->state == JobState::kCancelled) {
    throw Error("the job of change '" + change_id +
                "' was cancelled (CANCELLED) and its change recorded FAILED: its failed items "
                "are not accepted; the change follows its recovery strategy (a new job when the "
                "next run retries it)");
  }
  // Refuse before locking: a job whose failures cannot be accepted should not wait for a busy lock.
  failedEntryToAccept(*job, readLog());
  // Under the run's lock: a run that read FAILED would retry the change meanwhile.
  detail::ManualFix fix(*store_, options_.lock, options_.clock);
  fix.underLock([&](const AuditHistory& history, const Lock& lock, HybridClock& created_at) {
    std::optional<JobRecord> now = jobs.read(change_id);
    bool same = now && now->execution_id == job->execution_id;
    if (same && now->state == JobState::kDone) return;  // accepted by another meanwhile
    if (!same) {
      throw Error("a run started a new job of change '" + change_id +
                  "' after the one that failed (execution " + job->execution_id +
                  "): accept the new job's failures while it runs, if it has any");
    }
    AuditEntry applied = failedEntryToAccept(*now, history);
    applied.state = AuditState::kApplied;
    applied.error_trace.clear();
    applied.created_at = created_at.next();
    detail::addJobResult(jobs, *now, applied);
    if (!jobs.acceptFailed(*now, applied, lock.fence())) {
      throw Error("the job of change '" + change_id +
                  "' changed while its failures were being accepted; nothing was written: see " +
                  "its state (migrations status) and try again");
    }
  });
  return jobs.read(change_id).value();
}

std::vector<FailedItem> Administration::failedItems(const std::string& change_id) {
  JobStore& jobs = jobStoreOf(*store_);
  std::optional<JobRecord> job = jobs.read(change_id);
  if (!job) return {};
  std::vector<FailedItem> items = jobs.failedItems(*job);
  std::ranges::sort(items, {}, &FailedItem::key);
  return items;
}

}  // namespace flamingock
