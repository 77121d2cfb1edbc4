#include <algorithm>

#include "flamingock/error.h"
#include "flamingock/testing/doubles.h"
#include "job_steering.h"
#include "lock_wait.h"
#include "validation.h"

namespace flamingock::testing {
namespace detail {

// Shared by every copy of a store and every lock it made.
struct InMemoryStoreState {
  std::mutex mutex;
  std::vector<AuditEntry> log;
  std::map<std::string, std::string> lock_owners;  // lock key -> owner
  std::vector<ProgressRecord> progress;
  std::map<std::string, JobRecord> jobs;  // by change id: the latest
  // By "<changeId>#<executionId>": an earlier job's parts are not the new job's.
  std::map<std::string, std::map<int, JobPart>> job_parts;
  // Keyed as job_parts, then by the item's key.
  std::map<std::string, std::map<std::string, FailedItem>> failed_items;
  std::function<bool(const AuditEntry&)> failing_writes;
  std::function<bool(const AuditEntry&)> lost_answers;
  std::string home_region;  // set: followHomeRegion

  // Throws LockLostError naming `what` unless `fence` holds. Called with `mutex` held.
  void checkFence(const Fence& fence, const std::string& what) const {
    auto owner = lock_owners.find(fence.lock_key);
    if (owner == lock_owners.end() || owner->second != fence.owner) {
      throw LockLostError(
          "lock '" + fence.lock_key + "' is no longer held by '" + fence.owner + "' (now " +
          (owner == lock_owners.end() ? "free" : "held by '" + owner->second + "'") +
          "): refused to write " + what);
    }
  }

  // Throws unless a write of `entry` under `fence` may go ahead. Called with `mutex` held.
  void checkWrite(const AuditEntry& entry, const Fence& fence) const {
    checkFence(fence, entry.partitionKey());
    if (failing_writes && failing_writes(entry)) {
      throw Error("injected failure writing " + entry.partitionKey());
    }
  }

  // Appends `entry`, whose write went ahead. Called with `mutex` held.
  void record(const AuditEntry& entry) {
    log.push_back(entry);
    if (lost_answers && lost_answers(entry)) {
      throw OutcomeUnknownError("injected lost answer writing " + entry.partitionKey());
    }
  }

  bool contains(const std::string& key) const {
    return std::any_of(log.begin(), log.end(),
                       [&](const AuditEntry& entry) { return entry.partitionKey() == key; });
  }
};

}  // namespace detail

namespace {

// The in-process lock of an InMemoryAuditStore: no lease, no heartbeat (its holder cannot die
// without the whole process), waits by polling on the injected clock.
class InMemoryLock : public Lock {
 public:
  InMemoryLock(std::shared_ptr<detail::InMemoryStoreState> state, LockOptions options,
               std::string owner, std::shared_ptr<Clock> clock)
      : state_(std::move(state)),
        options_(std::move(options)),
        fence_{options_.key, std::move(owner)},
        clock_(std::move(clock)) {
    flamingock::detail::validateLockOptions(options_);
  }

  ~InMemoryLock() override { release(); }

  void acquire() override {
    acquireWhile([] { return true; });
  }

  bool acquireWhile(const std::function<bool()>& still_needed) override {
    using Outcome = flamingock::detail::LockWait::Outcome;
    flamingock::detail::LockWait wait(*clock_, options_, still_needed);
    while (true) {
      std::optional<std::string> holder = holderNow();
      if (wait.sawHolder(holder) == Outcome::kNoLongerNeeded) return false;
      {
        std::lock_guard lock(state_->mutex);
        auto [it, free] = state_->lock_owners.try_emplace(fence_.lock_key, fence_.owner);
        if (free || it->second == fence_.owner) {
          held_ = true;
          return true;
        }
        holder = it->second;
      }
      if (wait.pause(*holder, std::nullopt) == Outcome::kTimedOut) {
        throw LockTimeoutError(fence_.lock_key, *holder,
                               "lock '" + fence_.lock_key + "' is held by '" + *holder +
                                   "'; gave up after " +
                                   std::to_string(options_.acquire_timeout.count()) + " ms");
      }
    }
  }

  bool isHeld() const override { return held_ && holderNow() == fence_.owner; }

  // No lease here: a lock this handle acquired and did not release was taken from it.
  LockLoss loss() const override { return held_ ? LockLoss::kTakenOver : LockLoss::kNotAcquired; }

  void release() override {
    if (!held_) return;
    held_ = false;
    std::lock_guard lock(state_->mutex);
    auto owner = state_->lock_owners.find(fence_.lock_key);
    if (owner != state_->lock_owners.end() && owner->second == fence_.owner) {
      state_->lock_owners.erase(owner);
    }
  }

  Fence fence() const override { return fence_; }

 private:
  std::optional<std::string> holderNow() const {
    std::lock_guard lock(state_->mutex);
    auto owner = state_->lock_owners.find(fence_.lock_key);
    if (owner == state_->lock_owners.end()) return std::nullopt;
    return owner->second;
  }

  std::shared_ptr<detail::InMemoryStoreState> state_;
  LockOptions options_;
  Fence fence_;
  std::shared_ptr<Clock> clock_;
  bool held_ = false;
};

// The progress records of an InMemoryAuditStore, kept as given.
class InMemoryProgress : public ProgressStore {
 public:
  explicit InMemoryProgress(std::shared_ptr<detail::InMemoryStoreState> state)
      : state_(std::move(state)) {}

  std::optional<ProgressRecord> read(const ProgressKey& key) override {
    std::lock_guard lock(state_->mutex);
    for (const ProgressRecord& record : state_->progress) {
      if (record.key == key) return record;
    }
    return std::nullopt;
  }

  void write(const ProgressRecord& record, const Fence& fence) override {
    std::lock_guard lock(state_->mutex);
    state_->checkFence(fence, "the progress of change '" + record.key.change_id + "'");
    auto same =
        std::find_if(state_->progress.begin(), state_->progress.end(),
                     [&](const ProgressRecord& stored) { return stored.key == record.key; });
    if (same == state_->progress.end()) {
      state_->progress.push_back(record);
    } else {
      *same = record;
    }
  }

  std::vector<ProgressRecord> list(const std::string& change_id) override {
    std::lock_guard lock(state_->mutex);
    std::vector<ProgressRecord> records;
    std::copy_if(state_->progress.begin(), state_->progress.end(), std::back_inserter(records),
                 [&](const ProgressRecord& record) {
                   return change_id.empty() || record.key.change_id == change_id;
                 });
    return records;
  }

 private:
  std::shared_ptr<detail::InMemoryStoreState> state_;
};

// Jobs and their parts, kept as given; a job starts fenced as appends are.
class InMemoryJobs : public JobStore {
 public:
  explicit InMemoryJobs(std::shared_ptr<detail::InMemoryStoreState> state)
      : state_(std::move(state)) {}

  void start(const JobRecord& job, const AuditEntry& started, const Fence& fence) override {
    std::lock_guard lock(state_->mutex);
    state_->checkWrite(started, fence);
    auto running = state_->jobs.find(job.change_id);
    if (running != state_->jobs.end() && unfinished(running->second.state)) {
      throw Error("the job of change '" + job.change_id + "' is " +
                  toString(running->second.state) + " already");
    }
    state_->jobs[job.change_id] = job;
    state_->record(started);
  }

  std::optional<JobRecord> read(const std::string& change_id) override {
    std::lock_guard lock(state_->mutex);
    auto found = state_->jobs.find(change_id);
    if (found == state_->jobs.end()) return std::nullopt;
    return found->second;
  }

  std::vector<JobRecord> list() override {
    std::lock_guard lock(state_->mutex);
    std::vector<JobRecord> jobs;
    for (const auto& [id, job] : state_->jobs) jobs.push_back(job);
    return jobs;
  }

  std::vector<JobPart> parts(const JobRecord& job) override {
    std::lock_guard lock(state_->mutex);
    std::vector<JobPart> parts;
    for (const auto& [index, part] : state_->job_parts[partsKey(job)]) parts.push_back(part);
    return parts;
  }

  std::optional<JobPart> claim(const JobRecord& job, int index, const JobPart* seen,
                               const std::string& owner) override {
    std::lock_guard lock(state_->mutex);
    std::map<int, JobPart>& parts = state_->job_parts[partsKey(job)];
    auto found = parts.find(index);
    bool free = found == parts.end() ? seen == nullptr
                                     : seen != nullptr && !found->second.done &&
                                           found->second.owner == seen->owner &&
                                           found->second.version == seen->version &&
                                           found->second.beat == seen->beat;
    if (!free) return std::nullopt;
    if (seen == nullptr && job.parts_started) {
      auto stored = state_->jobs.find(job.change_id);
      if (stored == state_->jobs.end() ||
          !flamingock::detail::stillUnfinished(stored->second, job)) {
        return std::nullopt;
      }
      // As DynamoDB's ADD.
      stored->second.parts_started = stored->second.parts_started.value_or(0) + 1;
    }
    JobPart& part = parts[index];
    part.index = index;
    part.owner = owner;
    ++part.version;
    return part;
  }

  void save(const JobRecord& job, JobPart& part) override {
    std::lock_guard lock(state_->mutex);
    auto found = state_->job_parts[partsKey(job)].find(part.index);
    if (found == state_->job_parts[partsKey(job)].end() || found->second.owner != part.owner ||
        found->second.version != part.version) {
      throw LockLostError("part " + std::to_string(part.index) + " of the job of change '" +
                          job.change_id + "' is no longer held by '" + part.owner + "'");
    }
    if (part.done && !found->second.done) ++state_->jobs[job.change_id].parts_done;
    ++part.beat;
    found->second = part;
  }

  bool finish(const JobRecord& job, const AuditEntry& entry) override {
    std::lock_guard lock(state_->mutex);
    auto found = state_->jobs.find(job.change_id);
    if (found == state_->jobs.end() || !flamingock::detail::stillUnfinished(found->second, job)) {
      return false;
    }
    JobRecord& stored = found->second;
    bool applied = entry.state == AuditState::kApplied;
    if (applied && stored.parts_done < stored.definition.total_parts) return false;
    stored.state = applied ? JobState::kDone : JobState::kFailed;
    state_->record(entry);
    return true;
  }

  bool acceptFailed(const JobRecord& job, const AuditEntry& applied, const Fence& fence) override {
    std::lock_guard lock(state_->mutex);
    state_->checkWrite(applied, fence);
    auto found = state_->jobs.find(job.change_id);
    if (found == state_->jobs.end() ||
        !flamingock::detail::failedWithEveryPartDone(found->second, job)) {
      return false;
    }
    found->second.state = JobState::kDone;
    found->second.failures_accepted = true;
    state_->record(applied);
    return true;
  }

  bool cancel(const JobRecord& job, const AuditEntry& failed, const Fence& fence) override {
    std::lock_guard lock(state_->mutex);
    state_->checkWrite(failed, fence);
    auto found = state_->jobs.find(job.change_id);
    if (found == state_->jobs.end() || !flamingock::detail::stillUnfinished(found->second, job)) {
      return false;
    }
    found->second.state = JobState::kCancelled;
    state_->record(failed);
    return true;
  }

  JobRecord steer(const std::string& change_id, const JobSteering& steering) override {
    std::lock_guard lock(state_->mutex);
    auto found = state_->jobs.find(change_id);
    if (found == state_->jobs.end() || !unfinished(found->second.state)) {
      throw Error(flamingock::detail::notSteerable(
          change_id,
          found == state_->jobs.end() ? std::nullopt : std::optional(found->second.state)));
    }
    JobRecord& job = found->second;
    if (steering.paused) job.state = *steering.paused ? JobState::kPaused : JobState::kRunning;
    if (steering.rate) job.rate = steering.rate;
    if (steering.accept_failures) job.failures_accepted = true;
    return job;
  }

  int quarantine(const JobRecord& job, const FailedItem& item) override {
    std::lock_guard lock(state_->mutex);
    if (state_->failed_items[partsKey(job)].emplace(item.key, item).second) {
      ++state_->jobs[job.change_id].failed_items;
    }
    return state_->jobs[job.change_id].failed_items;
  }

  std::vector<FailedItem> failedItems(const JobRecord& job) override {
    std::lock_guard lock(state_->mutex);
    std::vector<FailedItem> items;
    for (const auto& [key, item] : state_->failed_items[partsKey(job)]) items.push_back(item);
    return items;
  }

 private:
  static std::string partsKey(const JobRecord& job) {
    return job.change_id + "#" + job.execution_id;
  }

  std::shared_ptr<detail::InMemoryStoreState> state_;
};

}  // namespace

InMemoryAuditStore::InMemoryAuditStore()
    : state_(std::make_shared<detail::InMemoryStoreState>()),
      progress_(std::make_shared<InMemoryProgress>(state_)),
      jobs_(std::make_shared<InMemoryJobs>(state_)) {}

std::vector<AuditEntry> InMemoryAuditStore::readHistory() {
  std::lock_guard lock(state_->mutex);
  return state_->log;
}

void InMemoryAuditStore::append(const AuditEntry& entry, const Fence& fence) {
  std::lock_guard lock(state_->mutex);
  state_->checkWrite(entry, fence);
  state_->record(entry);
}

bool InMemoryAuditStore::appendUnlessExists(const AuditEntry& entry, const std::string& absent_key,
                                            const Fence& fence) {
  std::lock_guard lock(state_->mutex);
  state_->checkWrite(entry, fence);
  if (state_->contains(absent_key)) return false;
  state_->record(entry);
  return true;
}

bool InMemoryAuditStore::canCommitTransactionsOf(const TargetSystem& target) const {
  return dynamic_cast<const InMemoryTargetSystem*>(&target) != nullptr;
}

void InMemoryAuditStore::commitTransaction(TargetTransaction& transaction, const AuditEntry& entry,
                                           const Fence& fence) {
  auto& in_memory = transactionAs<InMemoryTransaction>(transaction, entry, "InMemoryAuditStore");
  AuditEntry failed = entry;
  failed.state = AuditState::kFailed;
  // The store's mutex is held across both writes: no reader sees one without the other.
  std::lock_guard lock(state_->mutex);
  state_->checkWrite(entry, fence);
  if (state_->contains(failed.partitionKey())) {
    throw Error("did not commit the transaction of change '" + entry.change_id +
                "': its FAILED entry '" + failed.partitionKey() + "' of the same execution exists");
  }
  in_memory.commit();
  state_->record(entry);
}

std::unique_ptr<Lock> InMemoryAuditStore::createLock(const LockOptions& options,
                                                     const std::string& owner,
                                                     std::shared_ptr<Clock> clock) {
  if (std::optional<std::string> home = role().writesElsewhere()) {
    throw ConfigurationError("refusing to take lock '" + options.key +
                             "': this InMemoryAuditStore follows home Region " + *home +
                             " (followHomeRegion), where its writes are made");
  }
  return std::make_unique<InMemoryLock>(state_, options, owner, std::move(clock));
}

void InMemoryAuditStore::followHomeRegion(std::string home) {
  std::lock_guard lock(state_->mutex);
  state_->home_region = std::move(home);
}

StoreRole InMemoryAuditStore::role() {
  std::lock_guard lock(state_->mutex);
  if (state_->home_region.empty()) return {};
  return {StoreRole::Kind::kFollower, "in-memory", state_->home_region};
}

std::optional<LockDescription> InMemoryAuditStore::describeLock(const std::string& key) {
  std::optional<std::string> owner = lockOwner(key);
  if (!owner) return std::nullopt;
  return LockDescription{.key = key, .owner = *owner, .status = "LOCK_HELD"};
}

bool InMemoryAuditStore::forceReleaseLock(const LockDescription& seen) {
  std::lock_guard lock(state_->mutex);
  auto owner = state_->lock_owners.find(seen.key);
  if (owner == state_->lock_owners.end()) return true;
  if (owner->second != seen.owner) return false;
  state_->lock_owners.erase(owner);
  return true;
}

void InMemoryAuditStore::seed(AuditEntry entry) {
  std::lock_guard lock(state_->mutex);
  state_->log.push_back(std::move(entry));
}

std::optional<std::string> InMemoryAuditStore::lockOwner(const std::string& key) const {
  std::lock_guard lock(state_->mutex);
  auto owner = state_->lock_owners.find(key);
  if (owner == state_->lock_owners.end()) return std::nullopt;
  return owner->second;
}

void InMemoryAuditStore::takeOverLock(const std::string& key, std::string new_owner) {
  std::lock_guard lock(state_->mutex);
  state_->lock_owners[key] = std::move(new_owner);
}

void InMemoryAuditStore::loseAnswersWhere(std::function<bool(const AuditEntry&)> predicate) {
  std::lock_guard lock(state_->mutex);
  state_->lost_answers = std::move(predicate);
}

void InMemoryAuditStore::failWritesWhere(std::function<bool(const AuditEntry&)> predicate) {
  std::lock_guard lock(state_->mutex);
  state_->failing_writes = std::move(predicate);
}

}  // namespace flamingock::testing
