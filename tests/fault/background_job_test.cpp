// A background change's job worked on by a fleet of worker processes on DynamoDB Local
// (docs/operations.md#background-migrations): a worker killed with SIGKILL leaves its parts to the
// others, which take them over once its lease ran out on their own clocks; every item is migrated
// once, exactly one APPLIED entry is written, and a change that requires the job applies after
// it. The random kills come from a logged seed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include "flamingock/flamingock.h"
#include "support/migration_test_support.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::IsEmpty;

constexpr char kChange[] = "migrate-items";

class BackgroundJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.initialize();
    table_ = createDataTable(client(), "fleet");
    counters_ = createDataTable(client(), "counters");
  }

  // The helper program on the background migration of the table: `command` run or work; with
  // `then_require`, a second change requires the migration.
  std::vector<std::string> arguments(const std::string& command, bool then_require = false) const {
    return backgroundMigrationArguments(store_, counters_,
                                        {.table = table_,
                                         .command = command,
                                         .items_per_second = 4000,
                                         .then_require = then_require});
  }

  // `count` workers, started at once.
  std::vector<StartedProgram> startWorkers(int count) const {
    std::vector<StartedProgram> workers;
    for (int i = 0; i < count; ++i) workers.emplace_back(arguments("work"));
    return workers;
  }

  // The entries of the migration's change in `state`.
  int entries(AuditState state) {
    int count = 0;
    for (const AuditEntry& entry : store_.readHistory()) {
      count += entry.change_id == kChange && entry.state == state ? 1 : 0;
    }
    return count;
  }

  JobRecord job() { return store_.jobStore()->read(kChange).value(); }

  // The parts some worker took over from another.
  int partsTakenOver() {
    int count = 0;
    for (const JobPart& part : store_.jobStore()->parts(job())) count += part.version > 1 ? 1 : 0;
    return count;
  }

  std::int64_t afterMigrationCount() {
    dynamodb::GetItemResult got =
        client().getItem({.table_name = counters_,
                          .key = {{"pk", dynamodb::AttributeValue::string("after-migration")}},
                          .consistent_read = true});
    return got.item ? got.item->at("count").asInt64() : 0;
  }

  const dynamodb::Client& client() const { return target_->client(); }

  std::shared_ptr<dynamodb::DynamoDBTargetSystem> target_ = localTarget();
  dynamodb::DynamoDBAuditStore store_ = freshStore(*target_);
  std::string table_;
  std::string counters_;
};

TEST_F(BackgroundJobTest, WorkersShareTheJobAndFinishTheSegmentsOfOneKilledMidWay) {
  constexpr int kItems = 20000;
  seedItems(client(), table_, kItems);
  ProgramResult started = runProgram(arguments("run"));
  ASSERT_EQ(started.exit_code, 0) << started.output;
  ASSERT_EQ(job().state, JobState::kRunning);
  EXPECT_EQ(entries(AuditState::kStarted), 1);
  EXPECT_EQ(itemsWithV2(client(), table_), 0);  // start-up did not wait for the migration

  std::vector<StartedProgram> workers = startWorkers(3);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (itemsWithV2(client(), table_) < kItems / 4 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  workers[0].kill();
  ProgramResult killed = workers[0].wait();
  ASSERT_EQ(killed.exit_code, -1) << "the worker ended before the kill: " << killed.output;
  for (std::size_t i = 1; i < workers.size(); ++i) {
    ProgramResult survivor = workers[i].wait();
    EXPECT_EQ(survivor.exit_code, 0) << survivor.output;
  }

  EXPECT_THAT(unmigratedItems(client(), table_, kItems), IsEmpty());
  EXPECT_EQ(entries(AuditState::kApplied), 1);
  EXPECT_EQ(job().state, JobState::kDone);
  EXPECT_GT(partsTakenOver(), 0);
  ProgramResult after = runProgram(arguments("run", true));
  ASSERT_EQ(after.exit_code, 0) << after.output;
  EXPECT_EQ(afterMigrationCount(), 1);
  EXPECT_EQ(entries(AuditState::kApplied), 1);
}

TEST_F(BackgroundJobTest, WorkersKilledAtRandomMomentsLeaveEveryItemMigratedOnce) {
  bool full = std::getenv("FLAMINGOCK_FULL_TESTS") != nullptr;
  const int items = full ? 20000 : 4000;
  const int rounds = full ? 20 : 4;
  seedItems(client(), table_, items);
  ASSERT_EQ(runProgram(arguments("run")).exit_code, 0);
  auto seed = std::random_device()();
  std::mt19937 random(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));

  for (int round = 0; round < rounds; ++round) {
    std::vector<StartedProgram> workers = startWorkers(2);
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 1500)(random)));
    for (const StartedProgram& worker : workers) {
      if (random() % 2 == 0) worker.kill();
    }
    for (StartedProgram& worker : workers) worker.wait();
  }
  // Left alone, the fleet finishes; a run that requires the job applies after it.
  for (StartedProgram& worker : startWorkers(2)) {
    ProgramResult ended = worker.wait();
    EXPECT_EQ(ended.exit_code, 0) << ended.output;
  }
  ASSERT_EQ(runProgram(arguments("run", true)).exit_code, 0);

  EXPECT_THAT(unmigratedItems(client(), table_, items), IsEmpty());
  EXPECT_EQ(entries(AuditState::kApplied), 1);
  EXPECT_EQ(job().state, JobState::kDone);
  EXPECT_EQ(afterMigrationCount(), 1);
}

}  // namespace
}  // namespace flamingock::test
