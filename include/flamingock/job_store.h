// Background work the whole fleet shares (docs/operations.md#background-migrations): a background
// change's job, split into parts that workers claim, checkpoint and finish. An audit store offers
// it through `AuditStore::jobStore()`; the engine starts a job under the run's lock, workers claim
// its parts without the lock, and the worker that finishes the last part ends the job with the
// change's APPLIED entry.
//
//   JobStore& jobs = *store.jobStore();
//   jobs.start(job, started_entry, lock.fence());          // the run, under its lock
//   std::optional<JobPart> part = jobs.claim(job, 3, nullptr, "worker-a");
//   part->counts.scanned += 250; jobs.save(job, *part);     // fenced by owner and version
//   jobs.finish(job, applied_entry);                        // once every part is done
//   jobs.acceptFailed(job, applied_entry, lock.fence());    // a person, after FAILED
//   jobs.cancel(job, failed_entry, lock.fence());           // a person, while unfinished
//
// Contract for implementations:
// - Every method may be called from several threads and processes at once.
// - A read is consistent: a write acknowledged before it is seen.
// - A part belongs to the job's execution: parts of an earlier job of the same change read as
//   never claimed.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flamingock/audit_entry.h"
#include "flamingock/lock.h"
#include "flamingock/metadata.h"
#include "flamingock/progress_store.h"

namespace flamingock {

// What a background change's work is, as its apply describes it when the run registers the job.
struct JobDefinition {
  std::string subject{};  // what the work goes over (a migration: its table)
  int total_parts = 1;    // 1 to 1,000,000
  // Identifies the definition (a migration: its scan and segments): a worker whose own
  // definition of the change differs does not work on the job.
  std::string fingerprint{};
  // How long a part's owner may stay silent before another worker may take it over, measured on
  // the taker's monotonic clock.
  std::chrono::milliseconds lease{30000};
  // Added to the metadata of the change's APPLIED entry, besides the totals.
  Metadata applied_metadata{};
  // The checksum of the change that started the job (Change::checksum: a YAML file's content, a
  // code change's id, order and version), which the run fills in: a worker whose change has
  // another one leaves the job alone, as a rolling deploy's new version must not finish the old
  // version's job with its own code. Empty (a job of another store's making): not compared.
  std::string change_checksum{};
};

// A paused job is unfinished: no worker writes for it until it is resumed. A cancelled one was
// ended by an operator (Administration::cancelJob) with the change's FAILED entry: its workers
// stop, and its parts never finish it.
enum class JobState { kRunning, kPaused, kDone, kFailed, kCancelled };

// "RUNNING", "PAUSED", "DONE", "FAILED", "CANCELLED".
const char* toString(JobState state);

// RUNNING or PAUSED: the job's change is in progress, not interrupted.
inline bool unfinished(JobState state) {
  return state == JobState::kRunning || state == JobState::kPaused;
}

// What an operator changes on an unfinished job (docs/operations.md#steering-a-migration); what is
// none stays as it is.
struct JobSteering {
  std::optional<bool> paused{};  // true: PAUSED, false: RUNNING again
  // Items per second for the whole fleet, shared among the parts being worked on; 0: no limit.
  std::optional<double> rate{};
  // The items that failed are accepted: the job ends APPLIED with them in its metadata, not
  // FAILED. Never withdrawn.
  bool accept_failures = false;
};

// An item the job's work could not migrate for a reason no retry cures (a ValidationException,
// an item too large, the callback's exception): quarantined, and the work went on.
struct FailedItem {
  std::string key{};    // the item's key, a JSON object of typed values
  std::string error{};  // why, at most kMaxErrorLength characters
  std::string worker{};
  std::string failed_at{};  // ISO-8601, by the worker's clock
  static constexpr std::size_t kMaxErrorLength = 1000;
};

struct JobRecord {
  std::string change_id{};
  std::string execution_id{};  // of the run that started it: its STARTED entry's
  JobState state = JobState::kRunning;
  JobDefinition definition{};
  int parts_done = 0;
  // Parts ever claimed for the first time in this job (a takeover is not counted): with
  // parts_done, the parts in progress, read from the job alone. None: the job was written by a
  // store of an earlier version, which does not count them.
  std::optional<int> parts_started = 0;
  // The fleet's rate an operator set, items per second (0: no limit); none: the rate of the
  // change's own definition (a migration: its max_items_per_second).
  std::optional<double> rate{};
  int failed_items = 0;            // quarantined so far
  bool failures_accepted = false;  // JobSteering::accept_failures was given
  std::string created_at{};        // ISO-8601, by the starting run's clock
  std::string updated_at{};        // ISO-8601, by the last writer's clock
};

// One part of a job as stored; `owner` empty: never claimed.
struct JobPart {
  int index = 0;
  std::string owner{};       // the worker that claimed it last
  std::int64_t version = 0;  // grows at every claim: fences the owner's saves
  std::int64_t beat = 0;     // grows at every save: a part whose beat stays still is abandoned
  bool done = false;
  ItemCounts counts{};
  // The worker's resume state, a JSON object of typed values as ProgressRecord::state.
  std::string state{};
  std::string updated_at{};  // ISO-8601, by the owner's clock
};

class JobStore {
 public:
  virtual ~JobStore() = default;

  // Writes `job` (RUNNING, none done) and the change's `started` entry together, if `fence` holds
  // (as AuditStore::append) and no unfinished (RUNNING or PAUSED) job of the change exists. Throws
  // LockLostError when the fence failed, Error naming the change when a job of it is unfinished.
  virtual void start(const JobRecord& job, const AuditEntry& started, const Fence& fence) = 0;

  // The job of `change_id` (the latest), or none.
  virtual std::optional<JobRecord> read(const std::string& change_id) = 0;

  // Every job, in no particular order; none for a store never initialised.
  virtual std::vector<JobRecord> list() = 0;

  // The parts of `job` ever claimed, by index.
  virtual std::vector<JobPart> parts(const JobRecord& job) = 0;

  // Claims part `index` of `job` for `owner`: one never claimed when `seen` is null, else one
  // still exactly `seen` (same owner, version and beat) and not done. Returns the part now owned
  // (version grown by one, its counts and state kept), or none when another worker was first.
  // The claim of a part never claimed counts it in the job's parts_started in the same write
  // when `job` has that count; it is then none too, having written nothing, when the stored job
  // is no longer that execution's unfinished job. So parts_started - parts_done is the parts in
  // progress (claimed and not done, a gone worker's included), read from the job alone.
  virtual std::optional<JobPart> claim(const JobRecord& job, int index, const JobPart* seen,
                                       const std::string& owner) = 0;

  // Saves `part`'s counts, state and done if its owner still holds it at its version, growing its
  // beat (in `part` too). The save that first marks it done counts it in the job's parts_done in
  // the same write. Throws LockLostError naming the part when another worker took it.
  virtual void save(const JobRecord& job, JobPart& part) = 0;

  // Ends an unfinished `job` with the change's `entry` together: APPLIED (only when every part is
  // done) makes it DONE, FAILED makes it FAILED. Returns false, having written nothing, when the
  // job is not so (another worker ended it, an operator cancelled it, or parts are left).
  virtual bool finish(const JobRecord& job, const AuditEntry& entry) = 0;

  // Accepts the failed items of `job` after it ended FAILED with every part done: makes it DONE
  // with its failures accepted, and appends the change's `applied` entry (APPLIED, of the job's
  // execution) in the same write, if `fence` holds (as AuditStore::append). Returns false, having
  // written nothing, when the stored job is not so (a later run started a new job of the change,
  // it is not FAILED, or parts are left). Throws LockLostError when the fence failed.
  virtual bool acceptFailed(const JobRecord& job, const AuditEntry& applied,
                            const Fence& fence) = 0;

  // Cancels `job` while it is unfinished: makes it CANCELLED and appends the change's `failed`
  // entry (FAILED, of the job's execution) in the same write, if `fence` holds (as
  // AuditStore::append). Returns false, having written nothing, when the stored job is no longer
  // that execution's unfinished job (a worker ended it, another operator cancelled it, a later
  // run started a new one). Throws LockLostError when the fence failed.
  virtual bool cancel(const JobRecord& job, const AuditEntry& failed, const Fence& fence) = 0;

  // Records `steering` on the unfinished job of `change_id` (workers obey it at their next
  // checkpoint) and returns the job as it is now. Throws Error naming the change when it has no
  // job or its job ended (DONE, FAILED, CANCELLED).
  virtual JobRecord steer(const std::string& change_id, const JobSteering& steering) = 0;

  // Records `item` as failed for `job` (once per key: a page repeated after a crash counts it
  // once) and returns how many items of the job failed so far.
  virtual int quarantine(const JobRecord& job, const FailedItem& item) = 0;

  // The items of `job` that failed, in no particular order.
  virtual std::vector<FailedItem> failedItems(const JobRecord& job) = 0;
};

}  // namespace flamingock
