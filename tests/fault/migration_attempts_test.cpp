// A data migration across attempts and undo
// (docs/exactly-once.md#data-migrations-which-checkpoint-is-resumed): a checkpoint is resumed only
// by the chain of attempts it belongs to, so a run killed before its first checkpoint is not taken
// for the finished migration of an earlier, undone attempt; and a migrating service killed with
// SIGKILL at random moments of runs and undos ends, once left alone, with every item migrated
// exactly once. The kill delays come from a logged seed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <sstream>
#include <thread>

#include "flamingock/flamingock.h"
#include "support/migration_test_support.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

class MigrationAttemptsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.initialize();
    table_ = createDataTable(target_->client(), "attempts");
  }

  // The helper program migrating the table: `command` (run or undo), the change's rollback
  // (keep or migrate) and the migration's options.
  std::vector<std::string> arguments(const std::string& command, const std::string& rollback,
                                     const std::vector<std::string>& options) const {
    std::vector<std::string> all = programArguments(store_, table_);
    all.insert(all.end(), {"--lease-ms", "1500", "--migrate", table_, "--command", command,
                           "--rollback", rollback});
    all.insert(all.end(), options.begin(), options.end());
    return all;
  }

  // Runs the program until it succeeds (a killed runner's lock is taken over once its lease ran
  // out); fails the test after a few tries.
  ProgramResult runToTheEnd(const std::vector<std::string>& arguments) const {
    ProgramResult result;
    for (int attempt = 0; attempt < 3; ++attempt) {
      result = runProgram(arguments);
      if (result.exit_code == 0) return result;
    }
    ADD_FAILURE() << result.output;
    return result;
  }

  // Starts the program and kills it with SIGKILL once `ready` holds (or after a minute). Returns
  // whether the kill came before the program ended.
  bool killWhen(const std::vector<std::string>& arguments, const std::function<bool()>& ready) {
    StartedProgram attempt(arguments);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!ready() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_NO_THROW(attempt.kill());
    ProgramResult ended = attempt.wait();
    if (ended.exit_code != -1) {
      EXPECT_EQ(ended.exit_code, 0) << ended.output;
    }
    return ended.exit_code == -1;
  }

  const dynamodb::Client& client() const { return target_->client(); }

  std::shared_ptr<dynamodb::DynamoDBTargetSystem> target_ = localTarget();
  dynamodb::DynamoDBAuditStore store_ = freshStore(*target_);
  std::string table_;
};

// The written and skipped counts the helper program prints: "migration scanned S written W
// skipped K".
std::pair<std::int64_t, std::int64_t> writtenAndSkipped(const std::string& output) {
  std::istringstream in(output.substr(output.find("migration scanned")));
  std::string word;
  std::int64_t scanned = -1, written = -1, skipped = -1;
  in >> word >> word >> scanned >> word >> written >> word >> skipped;
  return {written, skipped};
}

TEST_F(MigrationAttemptsTest, ARunKilledBeforeItsFirstCheckpointIsNotTakenForAnEarlierOnesEnd) {
  constexpr int kItems = 4000;
  seedItems(client(), table_, kItems);
  // No checkpoint but the first and the last; slow enough to be killed half way.
  std::vector<std::string> options = {"--segments",         "2",   "--checkpoint-ms", "3600000",
                                      "--items-per-second", "1000"};
  ASSERT_EQ(runProgram(arguments("run", "keep", options)).exit_code, 0);
  ASSERT_EQ(runProgram(arguments("undo", "keep", options)).exit_code, 0);
  seedItems(client(), table_, kItems);  // the items as they were: v2 cleared by hand

  bool killed = killWhen(arguments("run", "keep", options),
                         [&] { return itemsWithV2(client(), table_) >= kItems / 4; });
  ASSERT_TRUE(killed) << "the run ended before the kill";
  ProgramResult last = runToTheEnd(arguments("run", "keep", options));

  EXPECT_THAT(unmigratedItems(client(), table_, kItems), IsEmpty());
  EXPECT_THAT(last.output, HasSubstr("migration scanned " + std::to_string(kItems)));
}

TEST_F(MigrationAttemptsTest, KilledAtRandomAcrossRunsAndUndosEveryItemIsMigratedExactlyOnce) {
  bool full = std::getenv("FLAMINGOCK_FULL_TESTS") != nullptr;
  const int items = full ? 20000 : 3000;
  const int rounds = full ? 20 : 6;
  seedItems(client(), table_, items);
  std::vector<std::string> options = {"--segments",   "3",  "--checkpoint-ms",    "200",
                                      "--page-limit", "50", "--items-per-second", "3000"};
  auto seed = std::random_device()();
  std::mt19937 random(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));

  std::string story;  // what each round did, for a failure's message
  for (int round = 0; round < rounds; ++round) {
    std::string command = random() % 2 == 0 ? "run" : "undo";
    auto kill_at = std::chrono::steady_clock::now() +
                   std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 1500)(random));
    bool killed = killWhen(arguments(command, "migrate", options),
                           [&] { return std::chrono::steady_clock::now() >= kill_at; });
    story += command + (killed ? " killed; " : " ended; ");
  }
  SCOPED_TRACE(story);

  // Left alone: applied, then undone, then applied again.
  runToTheEnd(arguments("run", "migrate", options));
  EXPECT_THAT(unmigratedItems(client(), table_, items), IsEmpty());
  runToTheEnd(arguments("undo", "migrate", options));
  EXPECT_EQ(itemsWithV2(client(), table_), 0);
  ProgramResult last = runToTheEnd(arguments("run", "migrate", options));
  EXPECT_THAT(unmigratedItems(client(), table_, items), IsEmpty());
  // The undo finished: the last run started afresh and wrote each item once, none twice.
  EXPECT_EQ(writtenAndSkipped(last.output), (std::pair<std::int64_t, std::int64_t>(items, 0)));
}

}  // namespace
}  // namespace flamingock::test
