// Test doubles, for users' unit tests and ours: a fake clock, an in-memory target system with
// transactions, and an in-memory audit store with its in-process lock. No server needed.
// Included by <flamingock/testing.h>.
//
//   auto store = std::make_shared<flamingock::testing::InMemoryAuditStore>();
//   auto target = std::make_shared<flamingock::testing::InMemoryTargetSystem>("kv");
//   Flamingock::builder().setAuditStore(store).addTargetSystems({target})
//       .addChange<MyChange>().build().run();
//   EXPECT_EQ(store->readHistory().size(), 2);  // STARTED, APPLIED
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <vector>

#include "flamingock/audit_store.h"
#include "flamingock/clock.h"
#include "flamingock/target_system.h"

namespace flamingock::testing {

// A clock that moves only when told. `sleepFor` advances both clocks instead of blocking, so
// waits (lock retries, timeouts) finish at once and deterministically. Thread-safe.
class FakeClock : public Clock {
 public:
  // Starts at 2026-01-01T00:00:00.000 wall time.
  FakeClock();
  explicit FakeClock(std::chrono::system_clock::time_point wall);

  std::chrono::system_clock::time_point wallNow() override;
  std::chrono::steady_clock::time_point monotonicNow() override;
  void sleepFor(std::chrono::milliseconds duration) override;

  // Returns once this clock's time reaches `deadline` (by `advance` or `sleepFor` on another
  // thread) or `stop` is requested.
  bool waitUntil(std::chrono::steady_clock::time_point deadline, std::stop_token stop) override;

  // Moves both clocks forward.
  void advance(std::chrono::milliseconds duration);
  // Sets the wall clock (also backwards, as NTP may); the monotonic clock does not move.
  void setWall(std::chrono::system_clock::time_point wall);
  // Blocks until exactly `count` threads wait in `waitUntil` for a time still ahead: after
  // `advance`, the threads it woke have done their work and waited again (or left).
  void awaitWaiters(std::size_t count);

 private:
  mutable std::mutex mutex_;
  std::condition_variable_any changed_;
  std::chrono::system_clock::time_point wall_;
  std::chrono::steady_clock::time_point monotonic_;
  std::multiset<std::chrono::steady_clock::time_point> deadlines_;  // of threads in waitUntil
};

class InMemoryTargetSystem;

// The writes of one transactional change on an InMemoryTargetSystem; invisible until the audit
// store commits them together with the APPLIED entry. Used from one thread.
class InMemoryTransaction : public TargetTransaction {
 public:
  explicit InMemoryTransaction(InMemoryTargetSystem& target) : target_(target) {}
  void put(std::string key, std::string value);
  void erase(std::string key);

  // Applies every write at once. Called by InMemoryAuditStore::commitTransaction.
  void commit();

 private:
  InMemoryTargetSystem& target_;
  std::vector<std::pair<std::string, std::optional<std::string>>> writes_;  // nullopt: erase
};

// A key/value target system that supports transactions. Thread-safe.
class InMemoryTargetSystem : public TargetSystem {
 public:
  explicit InMemoryTargetSystem(std::string id = "in-memory");

  bool supportsTransactions() const override { return true; }
  std::unique_ptr<TargetTransaction> beginTransaction() override;

  // Immediate (non-transactional) access, for non-transactional changes and assertions.
  void put(const std::string& key, std::string value);
  std::optional<std::string> get(const std::string& key) const;
  std::map<std::string, std::string> data() const;

 private:
  friend class InMemoryTransaction;
  mutable std::mutex mutex_;
  std::map<std::string, std::string> data_;
};

namespace detail {
struct InMemoryStoreState;
}

// An audit store, lock and progress store held in memory. Copies share one log, one lock table
// and one set of progress records, so several runners (in threads) can share a store passed by
// value or by shared_ptr. Its lock is in-process and has no lease: a holder keeps it until it
// releases it or `takeOverLock` simulates another runner taking it. Thread-safe.
class InMemoryAuditStore : public AuditStore {
 public:
  InMemoryAuditStore();

  void initialize() override {}
  std::vector<AuditEntry> readHistory() override;
  void append(const AuditEntry& entry, const Fence& fence) override;
  bool appendUnlessExists(const AuditEntry& entry, const std::string& absent_key,
                          const Fence& fence) override;
  // True for InMemoryTargetSystem.
  bool canCommitTransactionsOf(const TargetSystem& target) const override;
  void commitTransaction(TargetTransaction& transaction, const AuditEntry& entry,
                         const Fence& fence) override;
  std::unique_ptr<Lock> createLock(const LockOptions& options, const std::string& owner,
                                   std::shared_ptr<Clock> clock) override;
  // Records kept as given, their writes fenced as appends are.
  ProgressStore* progressStore() override { return progress_.get(); }
  // Jobs kept as given; their start fenced as appends are.
  JobStore* jobStore() override { return jobs_.get(); }
  // A held lock's owner; no expiry (no lease) and no version.
  std::optional<LockDescription> describeLock(const std::string& key) override;
  // kSingle, or kFollower after followHomeRegion.
  StoreRole role() override;
  // Releases the lock when `seen.owner` still holds it.
  bool forceReleaseLock(const LockDescription& seen) override;

  // Arranges a log for a test: appends without any fence.
  void seed(AuditEntry entry);
  // From now on the store plays the part of a replica in a Region that follows `home`
  // (StoreRole::kFollower): runs take no lock and wait for entries to appear (seed them, as the
  // home Region's would arrive), and createLock throws ConfigurationError naming `home`.
  void followHomeRegion(std::string home);
  // The current owner of lock `key`, if held.
  std::optional<std::string> lockOwner(const std::string& key = "DEFAULT_KEY") const;
  // Gives lock `key` to `new_owner`, as a runner taking over an expired lease would.
  void takeOverLock(const std::string& key, std::string new_owner);
  // From now on, a write of an entry matching `predicate` throws Error and writes nothing.
  void failWritesWhere(std::function<bool(const AuditEntry&)> predicate);
  // From now on, a write of an entry matching `predicate` (with a transaction: its commit) takes
  // effect and then throws OutcomeUnknownError, as when its answer is lost.
  void loseAnswersWhere(std::function<bool(const AuditEntry&)> predicate);

 private:
  std::shared_ptr<detail::InMemoryStoreState> state_;
  std::shared_ptr<ProgressStore> progress_;  // over `state_`
  std::shared_ptr<JobStore> jobs_;           // over `state_`
};

}  // namespace flamingock::testing
