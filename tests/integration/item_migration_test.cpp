// Data migrations over a table on DynamoDB Local (SPEC §11): every item migrated once, writes
// conditional and batched, checkpoints in the lock table, resume after a failure, a lost lock.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>

#include "dynamodb/migration/progress_item.h"
#include "dynamodb/store/lock_item.h"
#include "flamingock/dynamodb/item_migration.h"
#include "flamingock/flamingock.h"
#include "support/migration_test_support.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using dynamodb::AttributeValue;
using dynamodb::Item;
using dynamodb::ItemMigrationOptions;
using dynamodb::MigrationWrites;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class ItemMigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.initialize();
    table_ = createDataTable(client(), "migrate");
  }

  const dynamodb::Client& client() const { return target_->client(); }

  ItemMigrationOptions options(int segments = 4) const {
    return {.scan = {.table_name = table_}, .segments = segments};
  }

  // Runs `change` in a pipeline of its own, whose runner owns it and is kept until the test ends,
  // so that the change's totals can still be read.
  // A lease long enough for a loaded machine: the migration's traffic slows the heartbeat down.
  RunSummary run(MigrationChange* change,
                 const LockOptions& lock = shortLease(std::chrono::seconds(10))) {
    Runner& runner = runners_.emplace_back(Flamingock::builder()
                                               .setAuditStore(store_)
                                               .addTargetSystems({target_})
                                               .setLockOptions(lock)
                                               .addListener(progress_)
                                               .addChange(std::unique_ptr<Change>(change))
                                               .build());
    return runner.run();
  }

  std::optional<dynamodb::detail::ProgressRecord> storedProgress(
      const std::string& change_id = "migrate-items") const {
    return dynamodb::detail::ProgressStore(client(), store_.options().lock_table_name, change_id)
        .load();
  }

  const AuditEntry& appliedEntry() {
    history_ = store_.readHistory();
    for (const AuditEntry& entry : history_) {
      if (entry.state == AuditState::kApplied) return entry;
    }
    throw std::runtime_error("no APPLIED entry");
  }

  std::shared_ptr<dynamodb::DynamoDBTargetSystem> target_ = localTarget();
  dynamodb::DynamoDBAuditStore store_ = freshStore(*target_);
  std::shared_ptr<ProgressRecorder> progress_ = std::make_shared<ProgressRecorder>();
  std::string table_;
  std::vector<AuditEntry> history_;
  std::vector<Runner> runners_;
};

TEST_F(ItemMigrationTest, MigratesEveryItemOfALargeTableOnce) {
  int count = std::getenv("FLAMINGOCK_FULL_TESTS") != nullptr ? 200000 : 20000;
  seedItems(client(), table_, count);
  auto* change = new MigrationChange(options(4), doubleItem);

  run(change);

  EXPECT_THAT(unmigratedItems(client(), table_, count), IsEmpty());
  EXPECT_EQ(change->totals(), (dynamodb::MigrationTotals{count, count, 0, 0}));
  const AuditEntry& applied = appliedEntry();
  EXPECT_EQ(applied.metadata.at("migration.written"), std::to_string(count));
  EXPECT_EQ(applied.metadata.at("migration.scanned"), std::to_string(count));
  auto stored = storedProgress();
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(stored->checkpoint.complete());
  ASSERT_FALSE(progress_->events().empty());
  const MigrationProgress& last = progress_->events().back();
  EXPECT_TRUE(last.finished);
  EXPECT_EQ(last.written, count);
  EXPECT_EQ(last.segments_done, 4);
}

TEST_F(ItemMigrationTest, AWriteRefusedBecauseTheItemWasMigratedCountsAsSkipped) {
  seedItems(client(), table_, 300);
  for (int i = 0; i < 300; i += 3) {
    client().updateItem({.table_name = table_,
                         .key = dataItem(itemKey(i)),
                         .update_expression = "SET v2 = :v2",
                         .expression_attribute_values = {{":v2", AttributeValue::number(2 * i)}}});
  }
  auto* change = new MigrationChange(options(2), doubleItem);

  run(change);

  EXPECT_THAT(unmigratedItems(client(), table_, 300), IsEmpty());
  EXPECT_EQ(change->totals(), (dynamodb::MigrationTotals{300, 200, 100, 0}));
}

TEST_F(ItemMigrationTest, PutsAndDeletesGoOutInBatches) {
  seedItems(client(), table_, 260);
  auto* change = new MigrationChange(options(3), [](const Item& item, MigrationWrites& out) {
    std::int64_t v = item.at("v").asInt64();
    if (v % 2 == 1) return out.remove(out.keyOf(item));
    Item copy = item;
    copy["v2"] = AttributeValue::number(2 * v);
    out.put(std::move(copy));
  });

  run(change);

  std::vector<std::string> expected_missing;
  for (int i = 1; i < 260; i += 2) expected_missing.push_back(itemKey(i));
  EXPECT_EQ(unmigratedItems(client(), table_, 260), expected_missing);
  EXPECT_EQ(change->totals().written, 260);
}

TEST_F(ItemMigrationTest, ACallbackThatThrowsFailsTheChangeNamingTheItemAfterAFinalCheckpoint) {
  seedItems(client(), table_, 400);
  ItemMigrationOptions paged = options(1);
  paged.scan.limit = 50;
  int calls = 0;  // one segment: one thread
  std::string failing_key;
  auto* change = new MigrationChange(paged, [&](const Item& item, MigrationWrites& out) {
    if (++calls == 123) {
      failing_key = item.at("pk").asString();
      throw std::runtime_error("cannot read v");
    }
    doubleItem(item, out);
  });

  std::string error;
  try {
    run(change);
  } catch (const ChangeFailedError& e) {
    error = e.what();
  }

  EXPECT_THAT(error, HasSubstr(failing_key));
  EXPECT_THAT(error, HasSubstr("cannot read v"));
  auto stored = storedProgress();
  ASSERT_TRUE(stored.has_value());
  dynamodb::MigrationTotals totals = stored->checkpoint.totals();
  EXPECT_EQ(totals.failed, 1);
  EXPECT_EQ(totals.written, 100);  // the two pages before the failing one
  EXPECT_EQ(totals.scanned, 100);
}

TEST_F(ItemMigrationTest, AnUpdateWithoutAnExpressionFailsTheChangeNamingTheItem) {
  seedItems(client(), table_, 10);
  auto* change = new MigrationChange(options(1), [](const Item& item, MigrationWrites& out) {
    out.update({.key = out.keyOf(item)});
  });

  EXPECT_THAT([&] { run(change); }, ::testing::ThrowsMessage<ChangeFailedError>(::testing::AllOf(
                                        HasSubstr("update_expression"), HasSubstr("item#"))));
}

TEST_F(ItemMigrationTest, ARerunContinuesFromTheCheckpointAndSkipsFinishedSegments) {
  constexpr int kItems = 2000;
  seedItems(client(), table_, kItems);
  ItemMigrationOptions paged = options(2);
  paged.scan.limit = 100;
  std::atomic<int> calls{0};
  auto* failing = new MigrationChange(paged, [&](const Item& item, MigrationWrites& out) {
    if (++calls == 1500) throw std::runtime_error("stop here");
    doubleItem(item, out);
  });
  EXPECT_THROW(run(failing), ChangeFailedError);
  std::int64_t checkpointed = storedProgress()->checkpoint.totals().scanned;
  ASSERT_GT(checkpointed, 0);

  std::atomic<int> resumed_calls{0};
  auto* resumed = new MigrationChange(paged, [&](const Item& item, MigrationWrites& out) {
    ++resumed_calls;
    doubleItem(item, out);
  });
  run(resumed);

  EXPECT_THAT(unmigratedItems(client(), table_, kItems), IsEmpty());
  EXPECT_EQ(resumed_calls.load(), kItems - checkpointed);
  dynamodb::MigrationTotals totals = resumed->totals();
  EXPECT_EQ(totals.scanned, kItems);
  EXPECT_EQ(totals.written + totals.skipped, kItems);
  EXPECT_EQ(totals.failed, 1);
}

TEST_F(ItemMigrationTest, ARerunWithAnotherSegmentCountOrScanIsRefused) {
  seedItems(client(), table_, 300);
  auto* failing = new MigrationChange(options(2), [](const Item&, MigrationWrites&) {
    throw std::runtime_error("first attempt fails");
  });
  EXPECT_THROW(run(failing), ChangeFailedError);

  auto* more_segments = new MigrationChange(options(3), doubleItem);
  EXPECT_THAT([&] { run(more_segments); },
              ::testing::ThrowsMessage<ChangeFailedError>(
                  ::testing::AllOf(HasSubstr("2 segments"), HasSubstr("asks for 3"))));

  ItemMigrationOptions filtered = options(2);
  filtered.scan.filter_expression = "attribute_not_exists(v2)";
  auto* other_scan = new MigrationChange(filtered, doubleItem);
  EXPECT_THAT([&] { run(other_scan); },
              ::testing::ThrowsMessage<ChangeFailedError>(HasSubstr("another scan")));
}

TEST_F(ItemMigrationTest, ALostLockStopsTheMigrationAndItsCheckpoints) {
  constexpr int kItems = 4000;
  seedItems(client(), table_, kItems);
  ItemMigrationOptions paced = options(1);
  paced.scan.limit = 25;
  paced.max_items_per_second = 500;
  paced.checkpoint_interval = std::chrono::milliseconds(50);
  std::atomic<int> calls{0};
  std::atomic<int> calls_after_theft{0};
  std::optional<dynamodb::detail::ProgressRecord> at_theft;
  auto* change = new MigrationChange(paced, [&](const Item& item, MigrationWrites& out) {
    if (++calls == 300) {
      // Another runner takes the lock over (as after a lease that ran out).
      client().updateItem(
          {.table_name = store_.options().lock_table_name,
           .key = dynamodb::detail::lockItemKey("DEFAULT_KEY"),
           .update_expression = "SET lockOwner = :thief",
           .expression_attribute_values = {{":thief", AttributeValue::string("thief")}}});
      at_theft = storedProgress();
    } else if (calls > 300) {
      ++calls_after_theft;
    }
    doubleItem(item, out);
  });

  EXPECT_THAT([&] { run(change, shortLease(std::chrono::seconds(5))); },
              ::testing::ThrowsMessage<Error>(HasSubstr("no longer held")));

  // The heartbeat finds the theft within a second (lease/5); then at most the page under way
  // finishes: at 500 items a second, far from the 3,700 items left.
  EXPECT_LT(calls_after_theft.load(), kItems / 2);
  auto after = storedProgress();
  ASSERT_TRUE(at_theft.has_value());
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->checkpoint, at_theft->checkpoint);  // no checkpoint got past the fence
}

}  // namespace
}  // namespace flamingock::test
