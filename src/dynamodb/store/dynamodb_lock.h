// The distributed lock on the DynamoDB lock table, after Amazon's DynamoDB Lock Client
// (docs/exactly-once.md#the-lock).
//
//   auto lock = std::make_unique<detail::DynamoDBLock>(client, "flamingockLock", options,
//                                                      runner_id, clock);
//   lock->acquire();   // waits while another owner renews its lease
//   lock->release();
//
// Correctness never depends on clocks agreeing across hosts: a waiter takes a lock over only when
// its version (recordVersionNumber) stayed the same for a full lease of the waiter's own
// monotonic clock, and the takeover is conditional on that version.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>

#include "flamingock/clock.h"
#include "flamingock/dynamodb/client.h"
#include "flamingock/dynamodb/lock_table.h"
#include "flamingock/lock.h"

namespace flamingock::dynamodb::detail {

// acquire() and release() are called from the runner's thread; isHeld() and fence() from any.
// Leases, waits and the heartbeat all run on the clock's monotonic time (waits pace with its
// sleepFor, the heartbeat with its waitUntil, which release() interrupts at once).
class DynamoDBLock : public Lock {
 public:
  DynamoDBLock(Client client, std::string table, LockOptions options, std::string owner,
               std::shared_ptr<Clock> clock);
  ~DynamoDBLock() override;

  void acquire() override;
  bool acquireWhile(const std::function<bool()>& still_needed) override;
  // Once it has found the lease run out (as seen by the clock's monotonic time), the handle stays
  // lost and the heartbeat stops, even if a renewal on its way would still get through.
  bool isHeld() const override;
  LockLoss loss() const override;
  void release() override;
  Fence fence() const override { return {options_.key, owner_}; }

 private:
  // What a conditional write of the lock item found.
  struct WriteOutcome {
    bool written = false;
    std::optional<LockRecord> current;  // when not written: the item now, none if gone
  };

  std::optional<LockRecord> read() const;
  // Puts a fresh lease of ours, if the lock is free or ours, or, with `over`, if it is still
  // exactly that lease of another owner.
  WriteOutcome putLease(const std::optional<LockRecord>& over);
  // After a failed conditional write of `version`: the item now, or written when it holds our
  // `version` (an earlier attempt of a retried request succeeded).
  WriteOutcome resolveConditionalFailure(const std::optional<Item>& returned,
                                         const std::string& version) const;
  [[noreturn]] void giveUp(const LockRecord& holder) const;
  // Deletes the lock item if it is ours at `version`; throws what the client throws.
  void deleteOurLease(const std::string& version) const;
  void startHeartbeat(const std::string& version, std::chrono::steady_clock::time_point sent);
  // Renews at `due` and then every heartbeat_interval (from each renewal's sending) of the
  // clock's monotonic time, until `stop` is requested or the lease is lost.
  void heartbeat(std::stop_token stop, std::chrono::steady_clock::time_point due);
  // One heartbeat's work, due now: renews the lease, or finds it lost (then false). Sets `due` to
  // the next one.
  bool renewOnce(std::chrono::steady_clock::time_point& due);
  // Whether the lease ran out since the last good renewal. Called with mutex_ held.
  bool leaseRanOut() const;
  // Stops and joins the heartbeat thread, if any; its last renewal is then in version_ / loss_.
  void stopHeartbeat();
  // One renewal of lease `previous` to `next`, an unanswered or refused one resolved by reading:
  // done; done by an earlier attempt whose answer was lost (the item holds another version of
  // ours); refused (another owner has the lock, or none); or failed (no answer; still `previous`).
  enum class Renewal { kRenewed, kAdopted, kLost, kFailed };
  struct RenewalOutcome {
    Renewal result;
    std::string version;  // ours now
  };
  RenewalOutcome renew(const std::string& previous, const std::string& next);

  Client client_;
  std::string table_;
  LockOptions options_;
  std::string owner_;
  std::shared_ptr<Clock> clock_;
  Client renewal_client_;  // client_'s settings, bounded to a third of the lease per renewal

  mutable std::mutex mutex_;
  bool held_ = false;
  // Set once the lease is lost, until the next acquire. Mutable: isHeld() sets it when it finds
  // the lease run out, so that it never says true again.
  mutable std::optional<LockLoss> loss_;
  std::string version_;                               // our lease's recordVersionNumber
  std::chrono::steady_clock::time_point renewed_at_;  // when the last good write was sent
  std::jthread heartbeat_;
};

}  // namespace flamingock::dynamodb::detail
