// The options of a data migration are checked when it is made, each refusal naming the value.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

#include "core/run_progress.h"
#include "flamingock/dynamodb/item_migration.h"
#include "flamingock/testing.h"

namespace flamingock::dynamodb {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

ItemMigrationOptions valid() { return {.scan = {.table_name = "orders"}, .segments = 4}; }

TEST(ItemMigrationOptionsTest, AcceptsTheDefaultsWithATable) {
  EXPECT_NO_THROW(ItemMigration{valid()});
}

TEST(ItemMigrationOptionsTest, RefusesAScanWithoutATable) {
  EXPECT_THAT([] { ItemMigration{ItemMigrationOptions{}}; },
              ThrowsMessage<ConfigurationError>(HasSubstr("scan.table_name is empty")));
}

TEST(ItemMigrationOptionsTest, RefusesSegmentsOutOfOneToAMillion) {
  for (int segments : {0, -3, 1000001}) {
    ItemMigrationOptions options = valid();
    options.segments = segments;
    EXPECT_THAT(
        [&] { ItemMigration{options}; },
        ThrowsMessage<ConfigurationError>(HasSubstr("segments is " + std::to_string(segments))));
  }
}

TEST(ItemMigrationOptionsTest, RefusesANegativeOrEndlessRate) {
  for (double rate :
       {-1.0, std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()}) {
    ItemMigrationOptions options = valid();
    options.max_items_per_second = rate;
    EXPECT_THAT([&] { ItemMigration{options}; },
                ThrowsMessage<ConfigurationError>(HasSubstr("max_items_per_second is")));
  }
}

TEST(ItemMigrationOptionsTest, RefusesACheckpointIntervalBelowAMillisecond) {
  ItemMigrationOptions options = valid();
  options.checkpoint_interval = std::chrono::milliseconds(0);
  EXPECT_THAT([&] { ItemMigration{options}; },
              ThrowsMessage<ConfigurationError>(HasSubstr("checkpoint_interval is 0 ms")));
}

TEST(ItemMigrationOptionsTest, RefusesAScanThatSetsWhatTheMigrationSets) {
  ItemMigrationOptions options = valid();
  options.scan.total_segments = 2;
  EXPECT_THAT([&] { ItemMigration{options}; },
              ThrowsMessage<ConfigurationError>(HasSubstr("total_segments")));
}

// An audit store that keeps no progress, as a user's own may be.
class StoreWithoutProgress : public testing::InMemoryAuditStore {
 public:
  ProgressStore* progressStore() override { return nullptr; }
};

TEST(ItemMigrationOptionsTest, RefusesAStoreThatKeepsNoProgress) {
  StoreWithoutProgress store;
  auto lock = store.createLock({}, "runner", std::make_shared<testing::FakeClock>());
  ChangeInfo info{.id = "backfill", .order = "0001", .author = "ben"};
  std::string execution_id = "execution";
  Metadata metadata;
  std::vector<TargetSystem*> targets;
  flamingock::detail::ProgressRun run{store, *lock, Clock::system(), execution_id};
  flamingock::detail::RunProgress progress(run, info.id, ChangePhase::kApply);
  ChangeContext ctx(info, execution_id, metadata, nullptr, targets, nullptr, &progress);

  EXPECT_THAT([&] { ItemMigration(valid()).run(ctx, [](const Item&, MigrationWrites&) {}); },
              ThrowsMessage<ConfigurationError>(
                  HasSubstr("change 'backfill' keeps the progress of long-running work")));
}

}  // namespace
}  // namespace flamingock::dynamodb
