// A data migration keeps its checkpoints wherever the run's audit store keeps progress
// (AuditStore::progressStore()): here on the in-memory store, with the data on DynamoDB Local. It
// checkpoints, and an interrupted attempt resumes from its checkpoint.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>

#include "flamingock/flamingock.h"
#include "flamingock/testing.h"
#include "support/migration_test_support.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using dynamodb::Item;
using dynamodb::ItemMigrationOptions;
using dynamodb::MigrationWrites;
using ::testing::IsEmpty;

class ItemMigrationInMemoryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { table_ = createDataTable(target_->client(), "in-memory"); }

  // Pages of 100 items, paced so that checkpoints are taken well before half the items.
  ItemMigrationOptions checkpointedOften() const {
    return {.scan = {.table_name = table_, .limit = 100},
            .segments = 2,
            .max_items_per_second = 1000,
            .checkpoint_interval = std::chrono::milliseconds(50)};
  }

  RunSummary run(Change* change) {
    return Flamingock::builder()
        .setAuditStore(store_)
        .addTargetSystems({target_})
        .addChange(std::unique_ptr<Change>(change))
        .build()
        .run();
  }

  std::optional<ProgressRecord> stored() {
    return store_->progressStore()->read({"migrate-items"});
  }

  std::shared_ptr<dynamodb::DynamoDBTargetSystem> target_ = localTarget();
  std::shared_ptr<testing::InMemoryAuditStore> store_ =
      std::make_shared<testing::InMemoryAuditStore>();
  std::string table_;
};

TEST_F(ItemMigrationInMemoryStoreTest, CheckpointsInTheInMemoryStore) {
  seedItems(target_->client(), table_, 300);

  run(new MigrationChange(checkpointedOften(), doubleItem));

  EXPECT_THAT(unmigratedItems(target_->client(), table_, 300), IsEmpty());
  ASSERT_TRUE(stored().has_value());
  EXPECT_TRUE(stored()->complete);
  EXPECT_EQ(stored()->totals.written, 300);
  EXPECT_EQ(stored()->subject, table_);
}

TEST_F(ItemMigrationInMemoryStoreTest, AnInterruptedAttemptResumesFromItsCheckpoint) {
  constexpr int kItems = 2000;
  seedItems(target_->client(), table_, kItems);
  std::atomic<int> calls{0};
  auto* interrupted =
      new MigrationChange(checkpointedOften(), [&](const Item& item, MigrationWrites& out) {
        if (++calls == kItems / 2) store_->takeOverLock("DEFAULT_KEY", "thief");
        doubleItem(item, out);
      });
  EXPECT_THAT([&] { run(interrupted); },
              ::testing::ThrowsMessage<Error>(::testing::HasSubstr("no longer held")));
  // The thief is gone; the attempt stays STARTED, as after a crash.
  ASSERT_TRUE(store_->forceReleaseLock(*store_->describeLock("DEFAULT_KEY")));
  std::int64_t checkpointed = stored()->totals.scanned;
  ASSERT_GT(checkpointed, 0);

  std::atomic<int> resumed_calls{0};
  run(new MigrationChange(checkpointedOften(), [&](const Item& item, MigrationWrites& out) {
    ++resumed_calls;
    doubleItem(item, out);
  }));

  EXPECT_THAT(unmigratedItems(target_->client(), table_, kItems), IsEmpty());
  EXPECT_EQ(resumed_calls.load(), kItems - checkpointed);
}

}  // namespace
}  // namespace flamingock::test
