// A runner killed (SIGKILL) in the middle of a change: the next run follows the change's recovery
// strategy, after the dead runner's lease has run out (docs/exactly-once.md).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;

constexpr char kBlocked[] = "change-003";

class KillTest : public ::testing::Test {
 protected:
  // The helper service on this test's tables with `options`, and a short lease: the next run
  // waits for the killed runner's lease to run out.
  std::vector<std::string> arguments(std::vector<std::string> options) {
    options.insert(options.begin(), {"--changes", "5", "--lease-ms", "1500"});
    return programArguments(store_, counter_table_, options);
  }

  // Runs the service until it is inside kBlocked's apply, then kills it there.
  void runAndKillInTheBlockedChange(std::vector<std::string> options) {
    std::string marker = scratchPath("in-apply");
    options.insert(options.end(), {"--block-at", kBlocked, "--marker", marker});
    StartedProgram service(arguments(options));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!std::filesystem::exists(marker) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_TRUE(std::filesystem::exists(marker)) << "the service never reached " << kBlocked;
    service.kill();
    EXPECT_EQ(service.wait().exit_code, -1);
    std::filesystem::remove(marker);
  }

  // The counter of `change`: how many times its increment was committed ("" when never).
  std::string counter(const std::string& change) {
    auto got = target_->client().getItem(
        {.table_name = counter_table_, .key = dataItem(change), .consistent_read = true});
    return got.item ? got.item->at("count").asNumber() : "";
  }

  int appliedEntries(const std::string& change) {
    int count = 0;
    for (const AuditEntry& entry : store_.readHistory()) {
      count += entry.change_id == change && entry.state == AuditState::kApplied;
    }
    return count;
  }

  std::shared_ptr<dynamodb::DynamoDBTargetSystem> target_ = localTarget();
  dynamodb::DynamoDBAuditStore store_ = freshStore(*target_);
  std::string counter_table_ = createDataTable(target_->client(), "counters");
};

TEST_F(KillTest, AChangeKilledMidApplyNeedsAPersonByDefault) {
  runAndKillInTheBlockedChange({});

  ProgramResult next = runProgram(arguments({}));

  EXPECT_EQ(next.exit_code, 2) << next.output;
  EXPECT_THAT(next.output, HasSubstr(kBlocked));
  EXPECT_EQ(counter("change-002"), "1");
  EXPECT_EQ(counter(kBlocked), "");
  EXPECT_EQ(counter("change-004"), "");
}

TEST_F(KillTest, AChangeKilledMidApplyIsAppliedAgainWithAlwaysRetry) {
  runAndKillInTheBlockedChange({"--recovery", "always"});

  ProgramResult next = runProgram(arguments({"--recovery", "always"}));

  EXPECT_EQ(next.exit_code, 0) << next.output;
  EXPECT_EQ(counter(kBlocked), "1");
  EXPECT_EQ(counter("change-005"), "1");
  EXPECT_EQ(appliedEntries(kBlocked), 1);
}

TEST_F(KillTest, ATransactionalChangeKilledMidApplyIsAppliedExactlyOnce) {
  runAndKillInTheBlockedChange({"--transactional", "all"});

  ProgramResult next = runProgram(arguments({"--transactional", "all"}));

  EXPECT_EQ(next.exit_code, 0) << next.output;
  EXPECT_EQ(counter("change-002"), "1");
  EXPECT_EQ(counter(kBlocked), "1");
  EXPECT_EQ(appliedEntries(kBlocked), 1);
}

}  // namespace
}  // namespace flamingock::test
