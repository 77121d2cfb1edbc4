// The DynamoDB lock against DynamoDB Local: waiting, takeover after a full observed lease,
// heartbeats, fencing and release, with wall clocks that disagree.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dynamodb/store/lock_item.h"
#include "flamingock/error.h"
#include "flamingock/flamingock.h"
#include "flamingock/testing.h"
#include "support/fault_proxy.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using dynamodb::DynamoDBAuditStore;
using dynamodb::LockRecord;
using std::chrono::milliseconds;
using ::testing::HasSubstr;

constexpr milliseconds kLease(1500);
// A holder's lease that a waiter's fast fake time cannot see pass: only a release ends the wait.
constexpr milliseconds kLongLease = std::chrono::minutes(10);

// A fake clock that runs `hook` at its `at`-th sleep.
class HookedClock : public testing::FakeClock {
 public:
  HookedClock(int at, std::function<void()> hook) : at_(at), hook_(std::move(hook)) {}
  void sleepFor(milliseconds duration) override {
    FakeClock::sleepFor(duration);
    if (++sleeps == at_) hook_();
  }

  int sleeps = 0;

 private:
  int at_;
  std::function<void()> hook_;
};

// A second host's clocks over a holder's fake time `time`, its wall clock `offset` ahead. Its
// pauses move that time, then return once the holder's heartbeat has done what the new time asks
// (a renewal when one fell due), as it would on a machine that is not overloaded.
class OtherHostClock : public Clock {
 public:
  OtherHostClock(std::shared_ptr<testing::FakeClock> time, milliseconds offset)
      : time_(std::move(time)), offset_(offset) {}
  std::chrono::system_clock::time_point wallNow() override { return time_->wallNow() + offset_; }
  std::chrono::steady_clock::time_point monotonicNow() override { return time_->monotonicNow(); }
  void sleepFor(milliseconds duration) override {
    time_->advance(duration);
    time_->awaitWaiters(1);
  }

 private:
  std::shared_ptr<testing::FakeClock> time_;
  milliseconds offset_;
};

class DynamoDBLockTest : public ::testing::Test {
 protected:
  void SetUp() override { store_.initialize(); }

  // The lock item of a runner that never renews, with `version` (empty: written by Flamingock
  // Java, which has none) and `expires_at`, by default long past by anyone's clock.
  void writeDeadOwnersLock(const std::string& version,
                           std::chrono::system_clock::time_point expires_at =
                               std::chrono::sys_days(std::chrono::year(2020) / 1 / 1)) {
    dynamodb::Item item = dynamodb::detail::toLockItem({.key = "DEFAULT_KEY",
                                                        .owner = "dead-runner",
                                                        .status = "LOCK_HELD",
                                                        .record_version_number = "v1",
                                                        .expires_at = expires_at,
                                                        .acquired_at = expires_at,
                                                        .lease_duration = kLease});
    if (version.empty()) {
      item.erase("recordVersionNumber");
      item.erase("leaseDurationMs");
      item.erase("acquiredAt");
    } else {
      item["recordVersionNumber"] = dynamodb::AttributeValue::string(version);
    }
    store_.client().putItem({.table_name = store_.options().lock_table_name, .item = item});
  }

  std::unique_ptr<Lock> lockOn(std::shared_ptr<Clock> clock, const std::string& owner,
                               milliseconds acquire_timeout) {
    LockOptions options = shortLease(kLease);
    options.acquire_timeout = acquire_timeout;
    return store_.createLock(options, owner, std::move(clock));
  }

  std::string currentOwner() {
    std::optional<LockRecord> record = store_.lockTable().read("DEFAULT_KEY");
    return record ? record->owner : "(free)";
  }

  // A lock held by `owner` whose heartbeat runs on `clock`: a test moves it with advance() and
  // awaitWaiters(), never sleeping.
  std::unique_ptr<Lock> heldOn(const std::shared_ptr<testing::FakeClock>& clock,
                               const std::string& owner) {
    auto lock = store_.createLock(shortLease(kLease), owner, clock);
    lock->acquire();
    return lock;
  }

  // One heartbeat interval later, once the heartbeat has done its work and waits again (for the
  // next renewal, or, once the lease is lost, for the release).
  static void nextHeartbeat(testing::FakeClock& clock) {
    clock.awaitWaiters(1);
    clock.advance(shortLease(kLease).heartbeat_interval);
    clock.awaitWaiters(1);
  }

  std::shared_ptr<dynamodb::DynamoDBTargetSystem> target_ = localTarget();
  DynamoDBAuditStore store_ = freshStore(*target_);
};

TEST_F(DynamoDBLockTest, TakesOverOnlyAfterAFullObservedLease) {
  writeDeadOwnersLock("v1");
  auto clock = std::make_shared<testing::FakeClock>();
  auto lock = lockOn(clock, "runner-b", std::chrono::minutes(1));
  auto before = clock->monotonicNow();

  lock->acquire();

  EXPECT_GE(clock->monotonicNow() - before, kLease);
  EXPECT_TRUE(lock->isHeld());
  EXPECT_EQ(currentOwner(), "runner-b");
}

TEST_F(DynamoDBLockTest, GivesUpBeforeALeaseWasObservedNamingTheOwner) {
  writeDeadOwnersLock("v1");
  auto lock = lockOn(std::make_shared<testing::FakeClock>(), "runner-b", kLease / 2);

  try {
    lock->acquire();
    FAIL() << "acquired a lock whose lease was not observed to run out";
  } catch (const LockTimeoutError& e) {
    EXPECT_EQ(e.owner(), "dead-runner");
    EXPECT_THAT(e.what(), HasSubstr("dead-runner"));
  }
  EXPECT_EQ(currentOwner(), "dead-runner");
}

// Flamingock Java writes no lease: at least its default (60 s) is honoured, whatever ours.
TEST_F(DynamoDBLockTest, TakesOverALockWrittenByFlamingockJavaAfterItsDefaultLease) {
  writeDeadOwnersLock("");
  auto clock = std::make_shared<testing::FakeClock>();
  auto lock = lockOn(clock, "runner-b", std::chrono::minutes(2));
  auto before = clock->monotonicNow();

  lock->acquire();

  EXPECT_GE(clock->monotonicNow() - before, dynamodb::detail::kFlamingockDefaultLease);
  EXPECT_EQ(currentOwner(), "runner-b");
}

TEST_F(DynamoDBLockTest, HonoursWhatAFlamingockJavaLockPromisesBeyondBothLeases) {
  auto clock = std::make_shared<testing::FakeClock>();
  writeDeadOwnersLock("", clock->wallNow() + std::chrono::seconds(100));
  auto lock = lockOn(clock, "runner-b", std::chrono::minutes(5));
  auto before = clock->monotonicNow();

  lock->acquire();

  EXPECT_GE(clock->monotonicNow() - before, std::chrono::seconds(100));
  EXPECT_EQ(currentOwner(), "runner-b");
}

// Flamingock compares expiresAt with the waiter's wall clock: a holder hours behind (expiresAt
// long past) or a waiter hours ahead would take a live lock. Renewals decide here, not clocks.
TEST_F(DynamoDBLockTest, SkewedWallClocksDoNotLetAWaiterTakeARenewedLock) {
  auto time =
      std::make_shared<testing::FakeClock>(testing::FakeClock().wallNow() - std::chrono::hours(3));
  auto holder = heldOn(time, "runner-a");
  auto waiter =
      lockOn(std::make_shared<OtherHostClock>(time, std::chrono::hours(6)), "runner-b", 2 * kLease);

  EXPECT_THROW(waiter->acquire(), LockTimeoutError);
  EXPECT_TRUE(holder->isHeld());
  EXPECT_EQ(currentOwner(), "runner-a");
}

TEST_F(DynamoDBLockTest, HeartbeatRenewsTheLeaseWithANewVersion) {
  auto clock = std::make_shared<testing::FakeClock>();
  auto holder = heldOn(clock, "runner-a");
  LockRecord first = *store_.lockTable().read("DEFAULT_KEY");

  nextHeartbeat(*clock);

  LockRecord renewed = *store_.lockTable().read("DEFAULT_KEY");
  EXPECT_NE(renewed.record_version_number, first.record_version_number);
  EXPECT_GT(renewed.expires_at, first.expires_at);
  EXPECT_TRUE(holder->isHeld());
}

TEST_F(DynamoDBLockTest, AHolderWhoseLockWasTakenStopsHoldingAndCannotWrite) {
  auto clock = std::make_shared<testing::FakeClock>();
  auto holder = heldOn(clock, "runner-a");
  writeDeadOwnersLock("intruders-version");

  nextHeartbeat(*clock);

  EXPECT_FALSE(holder->isHeld());
  EXPECT_EQ(holder->loss(), LockLoss::kTakenOver);
  EXPECT_THAT([&] { holder->ensureHeld(); },
              ::testing::ThrowsMessage<LockLostError>(HasSubstr("another runner took it over")));
  EXPECT_THROW(store_.append(sampleEntry("c1", AuditState::kStarted), holder->fence()),
               LockLostError);
  EXPECT_TRUE(store_.readHistory().empty());
}

// The heartbeat and the lease both run on the injected clock: a heartbeat that wakes after the
// lease ran out does not renew it, although the renewal would get through.
TEST_F(DynamoDBLockTest, ALeaseSeenToRunOutStaysLostAndIsNoLongerRenewed) {
  auto clock = std::make_shared<testing::FakeClock>();
  auto lock = heldOn(clock, "runner-a");
  std::string version = store_.lockTable().read("DEFAULT_KEY")->record_version_number;

  clock->awaitWaiters(1);
  clock->advance(kLease);
  clock->awaitWaiters(1);

  EXPECT_FALSE(lock->isHeld());
  EXPECT_EQ(lock->loss(), LockLoss::kLeaseExpired);
  EXPECT_EQ(store_.lockTable().read("DEFAULT_KEY")->record_version_number, version);
  EXPECT_THAT([&] { lock->ensureHeld(); },
              ::testing::ThrowsMessage<LockLostError>(HasSubstr("its lease ran out")));
}

TEST_F(DynamoDBLockTest, AHandleWhoseLeaseWasLostCanAcquireAgain) {
  auto clock = std::make_shared<testing::FakeClock>();
  auto holder = heldOn(clock, "runner-a");
  writeDeadOwnersLock("intruders-version");
  nextHeartbeat(*clock);
  ASSERT_FALSE(holder->isHeld());
  ASSERT_TRUE(store_.lockTable().forceRelease(*store_.lockTable().read("DEFAULT_KEY")));

  // The lost lease's heartbeat thread has ended but was never joined: a new one must not crash.
  holder->acquire();

  EXPECT_TRUE(holder->isHeld());
  EXPECT_EQ(currentOwner(), "runner-a");
  holder->release();
  EXPECT_EQ(currentOwner(), "(free)");
}

TEST_F(DynamoDBLockTest, AWaiterAsksAgainOnlyOnceTheLockChangedHands) {
  auto holder = heldLock(store_, "runner-a", shortLease(kLongLease));
  auto clock = std::make_shared<HookedClock>(10, [&] { holder->release(); });
  auto waiter = lockOn(clock, "runner-b", std::chrono::hours(1));
  int asked = 0;

  bool taken = waiter->acquireWhile([&] { return ++asked > 1; });

  EXPECT_FALSE(taken);
  EXPECT_EQ(asked, 1);
  EXPECT_EQ(clock->sleeps, 10);
  EXPECT_FALSE(waiter->isHeld());
  EXPECT_EQ(currentOwner(), "(free)");
}

TEST_F(DynamoDBLockTest, ReleaseNeverDeletesAnotherOwnersLock) {
  auto holder = heldLock(store_, "runner-a", shortLease(kLease));
  writeDeadOwnersLock("intruders-version");

  holder->release();

  EXPECT_EQ(currentOwner(), "dead-runner");
}

TEST_F(DynamoDBLockTest, ReleaseFreesTheLockForTheNextRunnerAtOnce) {
  auto first = heldLock(store_, "runner-a", shortLease(kLease));
  first->release();
  auto second = lockOn(std::make_shared<testing::FakeClock>(), "runner-b", milliseconds(0));

  second->acquire();

  EXPECT_FALSE(first->isHeld());
  EXPECT_EQ(currentOwner(), "runner-b");
}

TEST_F(DynamoDBLockTest, ForceReleaseDeletesOnlyTheLeaseItObserved) {
  auto holder = heldLock(store_, "runner-a", shortLease(kLease));
  LockRecord observed = *store_.lockTable().read("DEFAULT_KEY");
  LockRecord stale = observed;
  stale.record_version_number = "an-older-lease";

  EXPECT_FALSE(store_.lockTable().forceRelease(stale));
  EXPECT_EQ(currentOwner(), "runner-a");
  holder->release();
  writeDeadOwnersLock("v1");
  EXPECT_TRUE(store_.lockTable().forceRelease(*store_.lockTable().read("DEFAULT_KEY")));
  EXPECT_EQ(currentOwner(), "(free)");
}

// A change that only notes that it ran.
class NotedChange : public Change {
 public:
  NotedChange(std::string id, bool& ran) : id_(std::move(id)), ran_(ran) {}
  ChangeInfo info() const override { return {.id = id_, .order = id_, .author = "ana"}; }
  void apply(ChangeContext&) override { ran_ = true; }

 private:
  std::string id_;
  bool& ran_;
};

// As docs/exactly-once.md says, a waiter reads the lock item once per retry interval and the audit
// log (a Scan) only as it starts waiting and when the lock changed hands, counted on the wire.
TEST_F(DynamoDBLockTest, AWaitingRunnerScansTheLogOnlyWhenTheLockChangesHands) {
  auto holder = heldLock(store_, "holder", shortLease(kLongLease));
  constexpr int kPauses = 30;
  auto clock = std::make_shared<HookedClock>(kPauses, [&] {
    AuditEntry entry = sampleEntry("0001", AuditState::kApplied, "holder");
    entry.checksum.clear();  // Flamingock Java's kind: never drift
    store_.append(entry, holder->fence());
    holder->release();
  });
  FaultProxy proxy(localDynamoDbEndpoint());
  dynamodb::ClientConfig config = localClientConfig();
  config.endpoint = proxy.url();
  auto proxied =
      std::make_shared<dynamodb::DynamoDBTargetSystem>("dynamodb", dynamodb::Client(config));
  bool ran = false;
  LockOptions options = shortLease(kLease);
  options.acquire_timeout = std::chrono::hours(1);

  RunSummary summary =
      Flamingock::builder()
          .setAuditStore(dynamodb::DynamoDBAuditStore::from(*proxied)
                             .withAuditRepositoryName(store_.options().audit_table_name)
                             .withLockRepositoryName(store_.options().lock_table_name))
          .addTargetSystems({proxied})
          .setClock(clock)
          .setLockOptions(options)
          .addChange(std::make_unique<NotedChange>("0001", ran))
          .build()
          .run();

  EXPECT_FALSE(ran);
  EXPECT_EQ(summary.skipped(), 1u);
  EXPECT_EQ(clock->sleeps, kPauses);
  EXPECT_EQ(proxy.requestCount("Scan"), 2);     // as it started waiting, and once the lock was gone
  EXPECT_EQ(proxy.requestCount("PutItem"), 0);  // the free lock was not taken only to find that
  EXPECT_LE(proxy.requestCount("GetItem"), kPauses + 1);
  EXPECT_EQ(currentOwner(), "(free)");
}

}  // namespace
}  // namespace flamingock::test
