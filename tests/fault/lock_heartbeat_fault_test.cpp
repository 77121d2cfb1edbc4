// A runner whose lock renewals are all lost on the network for longer than the lease stops before
// its next change with LockLostError, even though nobody took the lock over: past its lease it can
// no longer know that nobody did (SPEC §6).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <thread>

#include "fault/reliability_support.h"
#include "flamingock/flamingock.h"
#include "support/store_test_support.h"
#include "support/fault_proxy.h"

namespace flamingock::test {
namespace {

using Fault = FaultProxy::Fault;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

constexpr std::chrono::milliseconds kLease{1500};

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
  // through was sent before, so after a whole lease the lease has run out for sure.
  auto lose_every_renewal = [&] {
    proxy.injectOnOperation("UpdateItem", Fault::Drop);
    std::this_thread::sleep_for(kLease);
  };
  auto builder = Flamingock::builder();
  builder.setAuditStore(store).addTargetSystems({target}).setLockOptions(shortLease(kLease));
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

}  // namespace
}  // namespace flamingock::test
