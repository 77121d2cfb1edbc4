// Data migrations under faults (docs/operations.md#a-migration-was-killed): a migrating service
// killed with SIGKILL at random moments, then run again, transforms every item exactly once in
// effect and repeats at most about one checkpoint interval of work per kill; throttling answers,
// and batches the server only partly wrote, slow it down and never fail it. The kill delays come
// from a logged seed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <random>
#include <sstream>
#include <thread>

#include "flamingock/flamingock.h"
#include "support/fault_proxy.h"
#include "support/migration_test_support.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::IsEmpty;

struct ProgramTotals {
  std::int64_t scanned = -1;
  std::int64_t written = -1;
  std::int64_t skipped = -1;
};

// The totals the helper program prints: "migration scanned S written W skipped K".
ProgramTotals parseTotals(const std::string& output) {
  ProgramTotals totals;
  std::istringstream in(output.substr(output.find("migration scanned")));
  std::string word;
  in >> word >> word >> totals.scanned >> word >> totals.written >> word >> totals.skipped;
  return totals;
}

// doubleItem's result written by a batched put in place of a conditional update.
void doubleItemByPut(const dynamodb::Item& item, dynamodb::MigrationWrites& out) {
  dynamodb::Item doubled = item;
  doubled["v2"] = dynamodb::AttributeValue::number(2 * item.at("v").asInt64());
  out.put(std::move(doubled));
}

class ItemMigrationFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.initialize();
    table_ = createDataTable(target_->client(), "migrate");
  }

  // Items the checkpoint has counted as scanned so far (0 before the first checkpoint).
  std::int64_t checkpointedScans() {
    auto stored = store_.progressStore()->read({"migrate-items"});
    return stored ? stored->totals.scanned : 0;
  }

  struct ThrottledRun {
    int faults = 0;  // answered by the proxy
    dynamodb::MigrationTotals totals;
    std::vector<ProgressEvent> events;
  };

  using Transform = std::function<void(const dynamodb::Item&, dynamodb::MigrationWrites&)>;

  // Migrates kThrottledItems items (2 segments, no rate limit) with `transform` through a fault
  // proxy, calling `inject` with it at the first item; the target's client makes up to
  // `max_attempts` attempts.
  ThrottledRun migrateThroughProxy(int max_attempts, const std::function<void(FaultProxy&)>& inject,
                                   const Transform& transform = doubleItem) {
    seedItems(target_->client(), table_, kThrottledItems);
    FaultProxy proxy(localDynamoDbEndpoint());
    dynamodb::ClientConfig config = localClientConfig();
    config.endpoint = proxy.url();
    config.retry_policy.max_attempts = max_attempts;
    config.retry_policy.base_delay = std::chrono::milliseconds(1);
    config.retry_policy.max_delay = std::chrono::milliseconds(5);
    auto throttled_target =
        std::make_shared<dynamodb::DynamoDBTargetSystem>("dynamodb", dynamodb::Client(config));
    auto progress = std::make_shared<ProgressRecorder>();
    std::once_flag first_item;
    auto* change =
        new MigrationChange({.scan = {.table_name = table_, .limit = 100}, .segments = 2},
                            [&](const dynamodb::Item& item, dynamodb::MigrationWrites& out) {
                              std::call_once(first_item, [&] { inject(proxy); });
                              transform(item, out);
                            });
    Runner runner = Flamingock::builder()
                        .setAuditStore(store_)
                        .addTargetSystems({throttled_target})
                        .setLockOptions(shortLease())
                        .addListener(progress)
                        .addChange(std::unique_ptr<Change>(change))
                        .build();
    runner.run();
    return {proxy.faultCount(), change->totals(), progress->events()};
  }

  // `run` finished with every item migrated once, and with a rate limit: the migration has no
  // max_items_per_second, so a limit exists only because the segments slowed down.
  void expectSlowedDownAndComplete(const ThrottledRun& run) const {
    ASSERT_FALSE(run.events.empty());
    EXPECT_TRUE(run.events.back().finished);
    EXPECT_GT(run.events.back().rate_limit, 0);
    EXPECT_THAT(unmigratedItems(target_->client(), table_, kThrottledItems), IsEmpty());
    EXPECT_EQ(run.totals.written, kThrottledItems);
    EXPECT_EQ(run.totals.scanned, kThrottledItems);
  }

  static constexpr int kThrottledItems = 200;
  std::shared_ptr<dynamodb::DynamoDBTargetSystem> target_ = localTarget();
  dynamodb::DynamoDBAuditStore store_ = freshStore(*target_);
  std::string table_;
};

TEST_F(ItemMigrationFaultTest, KilledAtRandomMomentsEveryItemIsMigratedOnceInEffect) {
  bool full = std::getenv("FLAMINGOCK_FULL_TESTS") != nullptr;
  const int items = full ? 40000 : 12000;
  const int kills = full ? 8 : 3;
  constexpr int kSegments = 4;
  constexpr int kPageLimit = 50;
  constexpr double kItemsPerSecond = 2000;
  constexpr auto kCheckpoint = std::chrono::milliseconds(200);
  seedItems(target_->client(), table_, items);
  std::vector<std::string> arguments = programArguments(store_, table_);
  arguments.insert(arguments.end(), {"--lease-ms", "1500", "--migrate", table_, "--segments",
                                     std::to_string(kSegments), "--items-per-second", "3000",
                                     "--checkpoint-ms", std::to_string(kCheckpoint.count()),
                                     "--page-limit", std::to_string(kPageLimit)});
  auto seed = std::random_device()();
  std::mt19937 random(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));

  for (int kill = 0; kill < kills; ++kill) {
    std::int64_t before = checkpointedScans();
    StartedProgram migrating(arguments);
    // Kill it at work: once it has checkpointed (after the dead runner's lease ran out), then
    // within the next 600 ms.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (checkpointedScans() == before && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 600)(random)));
    ASSERT_NO_THROW(migrating.kill());
    ProgramResult killed = migrating.wait();
    if (killed.exit_code == 0) break;  // it finished first
    ASSERT_EQ(killed.exit_code, -1) << killed.output;
  }
  ProgramResult last = runProgram(arguments);
  ASSERT_EQ(last.exit_code, 0) << last.output;

  EXPECT_THAT(unmigratedItems(target_->client(), table_, items), IsEmpty());
  ProgramTotals totals = parseTotals(last.output);
  // Every page is counted once in the final checkpoint: each item was written once or found
  // already written (skipped) once.
  EXPECT_EQ(totals.scanned, items);
  EXPECT_EQ(totals.written + totals.skipped, items);
  // What a kill repeats: the items read since the last checkpoint (one interval, and the time the
  // checkpoint itself took, allowed 300 ms here) and the pages under way.
  double per_kill = kItemsPerSecond * (std::chrono::duration<double>(kCheckpoint).count() + 0.3) +
                    kSegments * kPageLimit;
  EXPECT_LE(totals.skipped, kills * per_kill);
}

TEST_F(ItemMigrationFaultTest, ThrottlingSlowsTheMigrationDownWithoutFailingIt) {
  // 6 throttling answers in a row: twice the client's own attempts, all heard by the segments
  // (each halves the pace, so more would only make the test slow).
  ThrottledRun run = migrateThroughProxy(3, [](FaultProxy& proxy) {
    proxy.inject(FaultProxy::Fault::Throttling, 3);
    proxy.inject(FaultProxy::Fault::ProvisionedThroughputExceeded, 3);
  });

  EXPECT_EQ(run.faults, 6);
  EXPECT_THAT(unmigratedItems(target_->client(), table_, kThrottledItems), IsEmpty());
  EXPECT_EQ(run.totals.written, kThrottledItems);
}

TEST_F(ItemMigrationFaultTest, AThrottlingAnswerLowersTheRateAtOnceThoughTheClientWouldRetryIt) {
  // The target's client would absorb the one throttling answer by itself with its 10 attempts: the
  // segments hear it all the same and halve their pace.
  ThrottledRun run = migrateThroughProxy(
      10, [](FaultProxy& proxy) { proxy.inject(FaultProxy::Fault::Throttling, 1); });

  ASSERT_EQ(run.faults, 1);
  expectSlowedDownAndComplete(run);
}

TEST_F(ItemMigrationFaultTest, WritesLeftUnprocessedLowerTheRateAndAreSentAgain) {
  // Two batches answered with half their writes unprocessed (more would only make the test slow:
  // each halves the pace).
  ThrottledRun run = migrateThroughProxy(
      10,
      [](FaultProxy& proxy) {
        proxy.injectOn({"BatchWriteItem"}, FaultProxy::Fault::PartlyUnprocessed, 2);
      },
      doubleItemByPut);

  ASSERT_EQ(run.faults, 2);
  expectSlowedDownAndComplete(run);
}

TEST_F(ItemMigrationFaultTest, AnErrorOnTheLastCheckpointIsTriedAgainInsteadOfFailingTheChange) {
  seedItems(target_->client(), table_, kThrottledItems);
  // The store (and so the checkpoints) behind the proxy, with two attempts per request.
  FaultProxy proxy(localDynamoDbEndpoint());
  dynamodb::ClientConfig config = localClientConfig();
  config.endpoint = proxy.url();
  config.retry_policy.max_attempts = 2;
  config.retry_policy.base_delay = std::chrono::milliseconds(1);
  config.retry_policy.max_delay = std::chrono::milliseconds(5);
  dynamodb::DynamoDBTargetSystem proxied("dynamodb", dynamodb::Client(config));
  auto store = dynamodb::DynamoDBAuditStore::from(proxied)
                   .withAuditRepositoryName(store_.options().audit_table_name)
                   .withLockRepositoryName(store_.options().lock_table_name);
  // Both attempts of the checkpoint that says every segment is done answered 500.
  proxy.injectOn(
      {"TransactWriteItems", store_.options().lock_table_name, "\"complete\":{\"BOOL\":true}"},
      FaultProxy::Fault::InternalErrorHtml, 2);
  Runner runner =
      Flamingock::builder()
          .setAuditStore(store)
          .addTargetSystems({target_})
          .setLockOptions(shortLease(std::chrono::seconds(10)))
          .addChange(std::make_unique<MigrationChange>(
              dynamodb::ItemMigrationOptions{.scan = {.table_name = table_}, .segments = 2},
              doubleItem))
          .build();

  RunSummary summary = runner.run();

  EXPECT_EQ(proxy.faultCount(), 2);
  EXPECT_EQ(summary.applied(), 1);
  auto stored = store_.progressStore()->read({"migrate-items"});
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(stored->complete);
}

}  // namespace
}  // namespace flamingock::test
