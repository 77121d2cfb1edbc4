// A runner whose lock renewals are all lost on the network for longer than the lease stops before
// its next change with LockLostError, even though nobody took the lock over: past its lease it can
// no longer know that nobody did (docs/exactly-once.md#heartbeat).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "fault/reliability_support.h"
#include "flamingock/flamingock.h"
#include "flamingock/testing.h"
#include "support/fault_proxy.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using Fault = FaultProxy::Fault;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

using std::chrono::milliseconds;

constexpr milliseconds kLease{1500};

// A change that writes the item `pk = id` to a data table, after running `before` (if any).
class MarkerChange : public Change {
 public:
  MarkerChange(std::string id, std::string table, std::function<void()> before = {})
      : id_(std::move(id)), table_(std::move(table)), before_(std::move(before)) {}

  ChangeInfo info() const override { return {.id = id_, .order = id_, .author = "heartbeat"}; }

  void apply(ChangeContext& ctx) override {
    if (before_) before_();
    ctx.target<dynamodb::DynamoDBTargetSystem>().client().putItem(
        {.table_name = table_, .item = dataItem(id_)});
  }

 private:
  std::string id_;
  std::string table_;
  std::function<void()> before_;
};

// Through `proxy`, with few quick retries so that a lost renewal is given up on quickly.
dynamodb::ClientConfig proxiedConfig(const FaultProxy& proxy) {
  dynamodb::ClientConfig config = localClientConfig();
  config.endpoint = proxy.url();
  config.request_timeout = std::chrono::milliseconds(1000);
  config.retry_policy.max_attempts = 2;
  config.retry_policy.base_delay = std::chrono::milliseconds(1);
  config.retry_policy.max_delay = std::chrono::milliseconds(5);
  return config;
}

TEST(LockHeartbeatFaultTest, ARunnerThatCannotRenewItsLeaseStopsBeforeTheNextChange) {
  FaultProxy proxy(localDynamoDbEndpoint());
  auto target = std::make_shared<dynamodb::DynamoDBTargetSystem>(
      "dynamodb", dynamodb::Client(proxiedConfig(proxy)));
  dynamodb::DynamoDBAuditStore store = freshStore(*target);
  auto direct = localTarget();
  std::string table = createDataTable(direct->client(), "heartbeat");
  // Renewals are the run's only UpdateItem requests (audit writes are TransactWriteItems, the
  // changes put items): from inside the first change on, every renewal is lost. A renewal that got
  // through was sent before, so after a whole lease of the run's fake time, every heartbeat of it
  // tried, the lease has run out for sure.
  auto clock = std::make_shared<testing::FakeClock>();
  auto lose_every_renewal = [&] {
    proxy.injectOnOperation("UpdateItem", Fault::Drop);
    milliseconds heartbeat = shortLease(kLease).heartbeat_interval;
    for (milliseconds waited{0}; waited < kLease; waited += heartbeat) {
      clock->awaitWaiters(1);
      clock->advance(heartbeat);
    }
    clock->awaitWaiters(1);
  };
  auto builder = Flamingock::builder();
  builder.setAuditStore(store).addTargetSystems({target}).setLockOptions(shortLease(kLease));
  builder.setClock(clock);
  builder.addChange(std::make_unique<MarkerChange>("0001-first", table, lose_every_renewal));
  builder.addChange(std::make_unique<MarkerChange>("0002-second", table));

  // Nobody took the lock over: the message must not say so.
  EXPECT_THAT([&] { builder.build().run(); },
              ThrowsMessage<LockLostError>(
                  HasSubstr("its lease ran out before a heartbeat could renew it")));

  // The first change finished and was recorded (nobody held the lock against its fence); the
  // second never started.
  EXPECT_GT(proxy.faultCount(), 0);
  dynamodb::DynamoDBAuditStore direct_store =
      dynamodb::DynamoDBAuditStore::from(*direct)
          .withAuditRepositoryName(store.options().audit_table_name)
          .withLockRepositoryName(store.options().lock_table_name);
  AuditByChange audit;
  for (AuditEntry& entry : direct_store.readHistory()) audit[entry.change_id].push_back(entry);
  EXPECT_EQ(countState(entriesOf(audit, "0001-first"), AuditState::kApplied), 1);
  EXPECT_TRUE(entriesOf(audit, "0002-second").empty());
  EXPECT_TRUE(hasItem(direct->client(), table, "0001-first"));
  EXPECT_FALSE(hasItem(direct->client(), table, "0002-second"));
}

// A lock table reached through a fault proxy, with its own fresh tables; the lock's heartbeat runs
// on a fake clock that the test moves.
class LockThroughFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override { store_.initialize(); }

  std::unique_ptr<Lock> heldLock(dynamodb::ClientConfig config) {
    auto lock = storeThrough(std::move(config)).createLock(shortLease(kLease), "runner-a", clock_);
    lock->acquire();
    return lock;
  }

  dynamodb::DynamoDBAuditStore storeThrough(dynamodb::ClientConfig config) {
    return dynamodb::DynamoDBAuditStore(std::move(config))
        .withAuditRepositoryName(store_.options().audit_table_name)
        .withLockRepositoryName(store_.options().lock_table_name);
  }

  void nextHeartbeat() {
    clock_->awaitWaiters(1);  // the heartbeat waits for its time
    clock_->advance(shortLease(kLease).heartbeat_interval);
    clock_->awaitWaiters(1);
  }

  FaultProxy proxy_{localDynamoDbEndpoint()};
  std::shared_ptr<testing::FakeClock> clock_ = std::make_shared<testing::FakeClock>();
  std::shared_ptr<dynamodb::DynamoDBTargetSystem> direct_ = localTarget();
  dynamodb::DynamoDBAuditStore store_ = freshStore(*direct_);
};

// A renewal that committed but whose every answer was lost: the holder reads the item, so its
// release still deletes the lock instead of leaving it for a whole lease.
TEST_F(LockThroughFaultsTest, ARenewalThatCommittedUnansweredDoesNotStopTheRelease) {
  auto lock = heldLock(proxiedConfig(proxy_));
  std::string acquired = store_.lockTable().read("DEFAULT_KEY")->record_version_number;
  proxy_.inject(Fault::DropAfterForwarding, 2);  // the renewal and its retry

  nextHeartbeat();
  ASSERT_EQ(proxy_.faultCount(), 2);
  ASSERT_NE(store_.lockTable().read("DEFAULT_KEY")->record_version_number, acquired);
  ASSERT_TRUE(lock->isHeld());
  lock->release();

  EXPECT_EQ(store_.lockTable().read("DEFAULT_KEY"), std::nullopt);
}

// The client's own policy would retry for minutes; a renewal gives up within a third of the lease,
// so that a release never waits long for the heartbeat to stop.
TEST_F(LockThroughFaultsTest, ARenewalStuckOnTheNetworkGivesUpAfterFewAttempts) {
  dynamodb::ClientConfig patient = proxiedConfig(proxy_);
  patient.retry_policy.max_attempts = 10;
  auto lock = heldLock(patient);
  proxy_.injectOnOperation("UpdateItem", Fault::Slow);

  nextHeartbeat();

  EXPECT_EQ(proxy_.requestCount("UpdateItem"), 2);
  EXPECT_TRUE(lock->isHeld());  // not renewed, but its lease has not run out
}

// `lock release --force` whose delete is retried after its first attempt deleted the lock:
// resolved by reading, it reports the lock released.
TEST_F(LockThroughFaultsTest, AForcedReleaseWhoseRetriedDeleteWasRefusedReadsTheOutcome) {
  auto lock = heldLock(localClientConfig());
  dynamodb::LockRecord observed = *store_.lockTable().read("DEFAULT_KEY");
  proxy_.inject(Fault::DropAfterForwarding, 1);

  bool released = storeThrough(proxiedConfig(proxy_)).lockTable().forceRelease(observed);

  EXPECT_TRUE(released);
  EXPECT_EQ(proxy_.faultCount(), 1);
  EXPECT_EQ(store_.lockTable().read("DEFAULT_KEY"), std::nullopt);
}

}  // namespace
}  // namespace flamingock::test
