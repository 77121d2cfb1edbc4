// Steering a background job on DynamoDB Local (docs/operations.md#steering-a-migration): a worker
// whose writes are counted by the fault proxy stops writing within one checkpoint interval of a
// pause and finishes every item once after the resume; after set-rate it is configured to the new
// rate and writes at about that pace. The bounds on counted writes are generous: they check the
// limiter's behaviour, not the machine's speed. A poisoned item (its update refused with a
// ValidationException) is quarantined while every other item is migrated once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "flamingock/flamingock.h"
#include "support/fault_proxy.h"
#include "support/migration_test_support.h"
#include "support/recording.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kChange[] = "migrate-items";
constexpr milliseconds kCheckpoint{200};

// What the workers' listeners heard: steering events, and the pace of the latest progress event.
class WorkerEars : public ProgressRecorder {
 public:
  void onJobSteered(const JobSteeredEvent& event) override { steered.add(toString(event.kind)); }

  Recording<std::string> steered;
};

class JobSteeringTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_->initialize();
    table_ = createDataTable(client(), "steered");
  }

  // A runner of the background migration of the table, its data written through the proxy.
  Runner runner(double items_per_second,
                const dynamodb::ItemMigration::Callback& callback = doubleItem) {
    dynamodb::ClientConfig config = localClientConfig();
    config.endpoint = proxy_.url();
    auto target =
        std::make_shared<dynamodb::DynamoDBTargetSystem>("dynamodb", dynamodb::Client(config));
    auto change = std::make_unique<MigrationChange>(
        dynamodb::ItemMigrationOptions{.scan = {.table_name = table_, .limit = 50},
                                       .segments = 4,
                                       .max_items_per_second = items_per_second,
                                       .checkpoint_interval = kCheckpoint,
                                       .max_failed_items = max_failed_items_,
                                       .max_capacity_percent = max_capacity_percent_},
        callback);
    change->inBackground();
    return Flamingock::builder()
        .setAuditStore(store_)
        .addTargetSystems({target})
        .setLockOptions(shortLease())
        .addListener(ears_)
        .addChange(std::move(change))
        .build();
  }

  // Starts the job, and a worker on it in a thread of its own.
  void startWorking(int items, double items_per_second) {
    seedItems(client(), table_, items);
    runner(items_per_second).run();
    worker_ = std::thread([this, items_per_second] { runner(items_per_second).work(); });
  }

  int writes() const { return proxy_.requestCount("UpdateItem"); }

  // Waits (up to a minute) until the worker has written `count` items.
  void awaitWrites(int count) const {
    auto deadline = std::chrono::steady_clock::now() + seconds(60);
    while (writes() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(milliseconds(20));
    }
    ASSERT_GE(writes(), count);
  }

  void TearDown() override {
    if (worker_.joinable()) {
      admin_.resumeJob(kChange);  // a test that failed midway leaves no worker waiting
      worker_.join();
    }
  }

  const dynamodb::Client& client() const { return target_->client(); }

  std::shared_ptr<dynamodb::DynamoDBTargetSystem> target_ = localTarget();
  std::shared_ptr<dynamodb::DynamoDBAuditStore> store_ =
      std::make_shared<dynamodb::DynamoDBAuditStore>(freshStore(*target_));
  Administration admin_{store_};
  FaultProxy proxy_{localDynamoDbEndpoint()};
  std::shared_ptr<WorkerEars> ears_ = std::make_shared<WorkerEars>();
  std::string table_;
  std::thread worker_;
  int max_failed_items_ = 0;
  double max_capacity_percent_ = 0;
};

TEST_F(JobSteeringTest, WritesKeepUnderTheirShareOfTheTablesProvisionedCapacity) {
  constexpr int kItems = 120;
  std::string provisioned = uniqueTableName("provisioned");
  client().createTable(
      {.table_name = provisioned,
       .attribute_definitions = {{"pk", dynamodb::ScalarAttributeType::kString}},
       .key_schema = {{"pk", dynamodb::KeyType::kHash}},
       .provisioned_throughput = {{.read_capacity_units = 100, .write_capacity_units = 100}}});
  client().waitForTableActive(provisioned);
  table_ = provisioned;
  max_capacity_percent_ = 20;  // 20 write units a second; an update of a small item costs 1
  seedItems(client(), table_, kItems);
  runner(0).run();

  auto start = std::chrono::steady_clock::now();
  runner(0).work();
  auto took = std::chrono::steady_clock::now() - start;

  EXPECT_THAT(unmigratedItems(client(), table_, kItems), IsEmpty());
  EXPECT_EQ(proxy_.requestCount("UpdateItem", "\"ReturnConsumedCapacity\":\"TOTAL\""), kItems);
  EXPECT_GT(proxy_.requestCount("Scan", "\"ReturnConsumedCapacity\":\"TOTAL\""), 0);
  // 120 units at 20 a second, a second's worth at once: the limiter cannot finish sooner.
  EXPECT_GE(took, seconds(4));
}

TEST_F(JobSteeringTest, ThrottlingOfTheTableOrAnIndexSlowsTheWorkerAndNeverFailsTheJob) {
  constexpr int kItems = 500;
  seedItems(client(), table_, kItems);
  runner(0).run();
  // An index's throttling comes back as the table's: ProvisionedThroughputExceeded on the write.
  proxy_.injectOn({"UpdateItem"}, FaultProxy::Fault::ProvisionedThroughputExceeded, 3);
  proxy_.injectOn({"UpdateItem"}, FaultProxy::Fault::Throttling, 3);

  runner(0).work();

  EXPECT_EQ(proxy_.faultCount(), 6);
  EXPECT_EQ(store_->jobStore()->read(kChange)->state, JobState::kDone);
  EXPECT_THAT(unmigratedItems(client(), table_, kItems), IsEmpty());
  EXPECT_GT(ears_->events().back().rate_limit, 0);  // slowed down: unlimited before
}

// doubleItem, and a tally added to: an item whose tally is a string is refused by DynamoDB with a
// ValidationException (an operand of the wrong type), which no retry cures.
void doubleAndTally(const dynamodb::Item& item, dynamodb::MigrationWrites& out) {
  using dynamodb::AttributeValue;
  out.update(
      {.key = out.keyOf(item),
       .update_expression = "SET v2 = :v2 ADD tally :one",
       .condition_expression = "attribute_not_exists(v2)",
       .expression_attribute_values = {{":v2", AttributeValue::number(2 * item.at("v").asInt64())},
                                       {":one", AttributeValue::number(1)}}});
}

class JobQuarantineTest : public JobSteeringTest {
 protected:
  // Seeds `items` items, poisons those numbered `poisoned`, and works on the job to its end.
  void migrate(int items, const std::vector<int>& poisoned) {
    seedItems(client(), table_, items);
    for (int number : poisoned) {
      client().updateItem({.table_name = table_,
                           .key = {{"pk", dynamodb::AttributeValue::string(itemKey(number))}},
                           .update_expression = "SET tally = :text",
                           .expression_attribute_values = {
                               {":text", dynamodb::AttributeValue::string("not a number")}}});
    }
    runner(0, doubleAndTally).run();
    if (accept_) admin_.acceptJobFailures(kChange);
    runner(0, doubleAndTally).work();
  }

  std::optional<AuditEntry> entryIn(AuditState state) {
    for (const AuditEntry& entry : store_->readHistory()) {
      if (entry.change_id == kChange && entry.state == state) return entry;
    }
    return std::nullopt;
  }

  bool accept_ = false;
};

TEST_F(JobQuarantineTest, APoisonedItemIsQuarantinedWhileEveryOtherIsMigratedOnce) {
  constexpr int kItems = 20000;
  max_failed_items_ = 5;
  accept_ = true;

  migrate(kItems, {4242});

  EXPECT_THAT(unmigratedItems(client(), table_, kItems), ElementsAre(itemKey(4242)));
  EXPECT_EQ(writes(), kItems);  // every item's update sent once, the poisoned one's too
  std::vector<FailedItem> failed = admin_.failedItems(kChange);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_THAT(failed[0].key, HasSubstr(itemKey(4242)));
  EXPECT_THAT(failed[0].error, HasSubstr("ValidationException"));
  ASSERT_TRUE(entryIn(AuditState::kApplied));
  EXPECT_THAT(entryIn(AuditState::kApplied)->metadata.at("migration.failedItems"),
              HasSubstr(itemKey(4242)));
  EXPECT_EQ(entryIn(AuditState::kApplied)->metadata.at("migration.failed"), "1");
}

TEST_F(JobQuarantineTest, FailedItemsNobodyAcceptedEndTheJobFailed) {
  max_failed_items_ = 5;

  migrate(500, {7, 300});

  EXPECT_EQ(store_->jobStore()->read(kChange)->state, JobState::kFailed);
  EXPECT_EQ(admin_.failedItems(kChange).size(), 2u);
  ASSERT_TRUE(entryIn(AuditState::kFailed));
  EXPECT_THAT(entryIn(AuditState::kFailed)->error_trace, HasSubstr("quarantined"));
  EXPECT_THAT(unmigratedItems(client(), table_, 500), ElementsAre(itemKey(7), itemKey(300)));
}

TEST_F(JobQuarantineTest, OneFailedItemMoreThanAllowedFailsTheJobAtOnce) {
  max_failed_items_ = 1;
  accept_ = true;

  migrate(500, {7, 300});

  EXPECT_EQ(store_->jobStore()->read(kChange)->state, JobState::kFailed);
  ASSERT_TRUE(entryIn(AuditState::kFailed));
  EXPECT_THAT(entryIn(AuditState::kFailed)->error_trace,
              HasSubstr("2 failed items, more than its max_failed_items (1)"));
}

TEST_F(JobQuarantineTest, WithoutMaxFailedItemsTheFirstFailureFailsTheJob) {
  migrate(500, {7});

  ASSERT_TRUE(entryIn(AuditState::kFailed));
  EXPECT_THAT(entryIn(AuditState::kFailed)->error_trace, HasSubstr(itemKey(7)));
  EXPECT_THAT(admin_.failedItems(kChange), IsEmpty());
}

TEST_F(JobSteeringTest, APausedJobSendsNoWritesFromOneCheckpointIntervalOnAndFinishesAfterResume) {
  constexpr int kItems = 3000;
  startWorking(kItems, 500);
  awaitWrites(200);

  admin_.pauseJob(kChange);
  // One interval, and room for the checkpoint's own reads and the write in flight on a busy
  // machine: the bound is the behaviour (writes stop), not a measure of speed.
  std::this_thread::sleep_for(kCheckpoint + seconds(1));
  int paused_at = writes();
  std::this_thread::sleep_for(seconds(2));  // longer than the parts' lease
  int while_paused = writes() - paused_at;
  admin_.resumeJob(kChange);
  worker_.join();

  EXPECT_EQ(while_paused, 0);
  EXPECT_LT(paused_at, kItems);
  EXPECT_THAT(ears_->steered.values(), Contains("paused"));
  EXPECT_THAT(ears_->steered.values(), Contains("resumed"));
  EXPECT_THAT(unmigratedItems(client(), table_, kItems), IsEmpty());
  EXPECT_EQ(writes(), kItems);  // each item written once: none repeated after the pause
  for (const JobPart& part : store_->jobStore()->parts(*store_->jobStore()->read(kChange))) {
    EXPECT_EQ(part.version, 1) << "part " << part.index << " changed hands while paused";
  }
}

TEST_F(JobSteeringTest, AfterSetRateTheWorkerKeepsToTheNewRate) {
  constexpr int kItems = 6000;
  constexpr double kRate = 150;
  constexpr seconds kWindow{10};
  startWorking(kItems, 0);  // no limit until the operator sets one
  awaitWrites(100);

  admin_.setJobRate(kChange, kRate);
  // One interval to see it, and one second for what the bucket held to drain.
  std::this_thread::sleep_for(kCheckpoint * 2 + seconds(1));
  int before = writes();
  std::this_thread::sleep_for(kWindow);
  int during = writes() - before;
  double configured = ears_->events().back().rate_limit;
  admin_.setJobRate(kChange, 0);
  worker_.join();

  EXPECT_DOUBLE_EQ(configured, kRate);  // one worker holds every part: the whole fleet's rate
  EXPECT_LE(during, kRate * kWindow.count() * 1.2);
  EXPECT_GE(during, kRate * kWindow.count() * 0.5);  // a slow machine may lag, never run ahead
  EXPECT_THAT(ears_->steered.values(), Contains("rate changed"));
  EXPECT_THAT(unmigratedItems(client(), table_, kItems), IsEmpty());
}

}  // namespace
}  // namespace flamingock::test
