// Data migrations over a table on DynamoDB Local (README.md#data-migrations): every item migrated
// once, writes conditional and batched, checkpoints in the lock table, resume of an interrupted
// attempt (and only of it), several migrations in one change, a lost lock.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>

#include "dynamodb/migration/checkpoint_record.h"
#include "dynamodb/store/lock_item.h"
#include "flamingock/audit_history.h"
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
  RunSummary run(Change* change, const LockOptions& lock = shortLease(std::chrono::seconds(10))) {
    Runner& runner = runners_.emplace_back(Flamingock::builder()
                                               .setAuditStore(store_)
                                               .addTargetSystems({target_})
                                               .setLockOptions(lock)
                                               .addListener(progress_)
                                               .addChange(std::unique_ptr<Change>(change))
                                               .build());
    return runner.run();
  }

  std::optional<ProgressRecord> storedProgress(ChangePhase phase = ChangePhase::kApply,
                                               int index = 0) {
    return store_.progressStore()->read({"migrate-items", phase, index});
  }

  // Another runner takes the lock over, as after a lease that ran out.
  void stealLock() const {
    client().updateItem(
        {.table_name = store_.options().lock_table_name,
         .key = dynamodb::detail::lockItemKey("DEFAULT_KEY"),
         .update_expression = "SET lockOwner = :thief",
         .expression_attribute_values = {{":thief", AttributeValue::string("thief")}}});
  }

  // Runs a migration with `options` that loses its lock at the `at`-th item, and then frees
  // the lock (the thief's lease ended): the attempt stays STARTED, as after a crash.
  void runLosingTheLock(const ItemMigrationOptions& options, int at) {
    std::atomic<int> calls{0};
    auto* change = new MigrationChange(options, [&](const Item& item, MigrationWrites& out) {
      if (++calls == at) stealLock();
      doubleItem(item, out);
    });
    EXPECT_THAT([&] { run(change, shortLease(std::chrono::seconds(5))); },
                ::testing::ThrowsMessage<Error>(HasSubstr("no longer held")));
    client().deleteItem({.table_name = store_.options().lock_table_name,
                         .key = dynamodb::detail::lockItemKey("DEFAULT_KEY")});
  }

  // doubleItem, except that the `at`-th call, counted in `calls`, throws.
  static dynamodb::ItemMigration::Callback failingAt(int at, std::atomic<int>& calls) {
    return [at, &calls](const Item& item, MigrationWrites& out) {
      if (++calls == at) throw std::runtime_error("stop here");
      doubleItem(item, out);
    };
  }

  // Pages of 100 items.
  ItemMigrationOptions paged(int segments) const {
    ItemMigrationOptions paged = options(segments);
    paged.scan.limit = 100;
    return paged;
  }

  // Paged and paced so that checkpoints are taken well before `runLosingTheLock` strikes.
  ItemMigrationOptions checkpointedOften(int segments) const {
    ItemMigrationOptions paced = paged(segments);
    paced.max_items_per_second = 1000;
    paced.checkpoint_interval = std::chrono::milliseconds(50);
    return paced;
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
  EXPECT_TRUE(stored->complete);
  ASSERT_FALSE(progress_->events().empty());
  const ProgressEvent& last = progress_->events().back();
  EXPECT_TRUE(last.finished);
  EXPECT_EQ(last.written, count);
  EXPECT_EQ(last.parts_done, 4);
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
  dynamodb::MigrationTotals totals = stored->totals;
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

TEST_F(ItemMigrationTest, AnInterruptedAttemptIsResumedFromItsCheckpoint) {
  constexpr int kItems = 2000;
  seedItems(client(), table_, kItems);
  runLosingTheLock(checkpointedOften(2), 1000);
  std::int64_t checkpointed = storedProgress()->totals.scanned;
  ASSERT_GT(checkpointed, 0);

  std::atomic<int> resumed_calls{0};
  auto* resumed =
      new MigrationChange(checkpointedOften(2), [&](const Item& item, MigrationWrites& out) {
        ++resumed_calls;
        doubleItem(item, out);
      });
  run(resumed);

  EXPECT_THAT(unmigratedItems(client(), table_, kItems), IsEmpty());
  EXPECT_EQ(resumed_calls.load(), kItems - checkpointed);
  dynamodb::MigrationTotals totals = resumed->totals();
  EXPECT_EQ(totals.scanned, kItems);
  EXPECT_EQ(totals.written + totals.skipped, kItems);
}

TEST_F(ItemMigrationTest, AFailedAttemptEndsItsCheckpointsTheNextStartsAfresh) {
  constexpr int kItems = 2000;
  seedItems(client(), table_, kItems);
  std::atomic<int> calls{0};
  EXPECT_THROW(run(new MigrationChange(paged(2), failingAt(1500, calls))), ChangeFailedError);
  ASSERT_GT(storedProgress()->totals.scanned, 0);

  std::atomic<int> calls_again{0};
  auto* again = new MigrationChange(paged(2), [&](const Item& item, MigrationWrites& out) {
    ++calls_again;
    doubleItem(item, out);
  });
  run(again);

  // FAILED ended the attempt (its rollback may have run): its checkpoint is not resumed.
  EXPECT_EQ(calls_again.load(), kItems);
  EXPECT_EQ(again->totals().failed, 0);
  EXPECT_THAT(unmigratedItems(client(), table_, kItems), IsEmpty());
}

TEST_F(ItemMigrationTest, AResumeWithAnotherSegmentCountIsRefused) {
  seedItems(client(), table_, 2000);
  runLosingTheLock(checkpointedOften(2), 500);

  ItemMigrationOptions more_segments = checkpointedOften(3);
  EXPECT_THAT([&] { run(new MigrationChange(more_segments, doubleItem)); },
              ::testing::ThrowsMessage<ChangeFailedError>(
                  ::testing::AllOf(HasSubstr("2 segments"), HasSubstr("asks for 3"),
                                   HasSubstr("rolled back with Runner::fix"))));
}

TEST_F(ItemMigrationTest, AResumeWithAnotherScanIsRefused) {
  seedItems(client(), table_, 2000);
  runLosingTheLock(checkpointedOften(2), 500);

  ItemMigrationOptions filtered = checkpointedOften(2);
  filtered.scan.filter_expression = "attribute_not_exists(v2)";
  EXPECT_THAT([&] { run(new MigrationChange(filtered, doubleItem)); },
              ::testing::ThrowsMessage<ChangeFailedError>(HasSubstr("another scan")));
}

TEST_F(ItemMigrationTest, TwoMigrationsOfOneApplyKeepCheckpointsOfTheirOwn) {
  constexpr int kItems = 300;
  seedItems(client(), table_, kItems);
  // Two migrations of one table, with the same scan: doubleItem, then v3 = v.
  class TwoMigrations : public Change {
   public:
    explicit TwoMigrations(ItemMigrationOptions options) : options_(std::move(options)) {}
    ChangeInfo info() const override {
      return {.id = "migrate-items", .order = "0001", .author = "ben"};
    }
    void apply(ChangeContext& ctx) override {
      dynamodb::ItemMigration migration(options_);
      migration.run(ctx, doubleItem);
      migration.run(ctx, [](const Item& item, MigrationWrites& out) {
        out.update({.key = out.keyOf(item), .update_expression = "SET v3 = v"});
      });
    }

   private:
    ItemMigrationOptions options_;
  };
  auto* change = new TwoMigrations(options(2));

  run(change);

  EXPECT_THAT(unmigratedItems(client(), table_, kItems), IsEmpty());
  int with_v3 = 0;
  client().scanAll({.table_name = table_, .consistent_read = true}, [&](dynamodb::ItemPage& page) {
    for (const Item& item : page.items) with_v3 += item.contains("v3") ? 1 : 0;
  });
  EXPECT_EQ(with_v3, kItems);  // the second did not take the first's checkpoint for its own
  for (int index : {0, 1}) {
    auto stored = storedProgress(ChangePhase::kApply, index);
    ASSERT_TRUE(stored.has_value()) << index;
    EXPECT_TRUE(stored->complete) << index;
    EXPECT_EQ(stored->totals.written, kItems) << index;
  }
}

TEST_F(ItemMigrationTest, AFailedApplysRollbackMigratesWithACheckpointOfItsOwn) {
  constexpr int kItems = 1000;
  seedItems(client(), table_, kItems);
  std::atomic<int> calls{0};
  auto* change = new MigrationChange(paged(1), failingAt(600, calls), "migrate-items",
                                     MigrationRollback::kMigrate);

  EXPECT_THROW(run(change), ChangeFailedError);

  EXPECT_EQ(itemsWithV2(client(), table_), 0);  // the rollback removed what the apply wrote
  EXPECT_EQ(AuditHistory(store_.readHistory()).current("migrate-items")->state,
            AuditState::kRolledBack);
  auto rollback = storedProgress(ChangePhase::kRollback, 0);
  ASSERT_TRUE(rollback.has_value());
  EXPECT_TRUE(rollback->complete);
  EXPECT_FALSE(storedProgress()->complete);  // the apply's, where it stopped
}

TEST_F(ItemMigrationTest, UndoRunsARollbackMigrationAndTheNextRunMigratesEveryItemOnce) {
  constexpr int kItems = 600;
  seedItems(client(), table_, kItems);
  run(new MigrationChange(options(2), doubleItem, "migrate-items", MigrationRollback::kMigrate));
  auto* undone =
      new MigrationChange(options(2), doubleItem, "migrate-items", MigrationRollback::kMigrate);
  Runner& undoing = runners_.emplace_back(Flamingock::builder()
                                              .setAuditStore(store_)
                                              .addTargetSystems({target_})
                                              .setLockOptions(shortLease(std::chrono::seconds(10)))
                                              .addChange(std::unique_ptr<Change>(undone))
                                              .build());

  UndoSummary summary = undoing.undo({.count = 1});

  EXPECT_EQ(itemsWithV2(client(), table_), 0);
  EXPECT_EQ(undone->totals().written, kItems);
  auto rollback = storedProgress(ChangePhase::kRollback, 0);
  ASSERT_TRUE(rollback.has_value());
  EXPECT_TRUE(rollback->complete);
  EXPECT_EQ(rollback->attempt_chain, summary.execution_id);  // the undo's STARTED began it

  auto* again =
      new MigrationChange(options(2), doubleItem, "migrate-items", MigrationRollback::kMigrate);
  run(again);
  EXPECT_THAT(unmigratedItems(client(), table_, kItems), IsEmpty());
  EXPECT_EQ(again->totals(), (dynamodb::MigrationTotals{kItems, kItems, 0, 0}));
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
  std::optional<ProgressRecord> at_theft;
  auto* change = new MigrationChange(paced, [&](const Item& item, MigrationWrites& out) {
    if (++calls == 300) {
      stealLock();
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
  // No checkpoint got past the fence.
  EXPECT_EQ(dynamodb::detail::checkpointOf(*after), dynamodb::detail::checkpointOf(*at_theft));
}

}  // namespace
}  // namespace flamingock::test
