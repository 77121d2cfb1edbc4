// Cancelling a background job while worker processes migrate it on DynamoDB Local
// (docs/operations.md#cancelling-a-job): the job ends CANCELLED with the change's FAILED entry,
// the proxy in front of the workers counts no write to the migrated table from a few seconds after
// the cancel on (they read the job at least once a second; the margin is for a busy machine, not a
// measure of speed), and they end without writing APPLIED. The change is ALWAYS_RETRY: the next
// run starts a new job, which migrates every item, the conditional update leaving those done
// before alone. While the job is paused, undo is refused, naming the cancel.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "fault/background_fleet.h"
#include "flamingock/flamingock.h"
#include "support/fault_proxy.h"
#include "support/migration_test_support.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using std::chrono::seconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kChange[] = "migrate-items";
constexpr int kItems = 3000;
constexpr int kWorkers = 2;
constexpr int kRate = 300;  // the fleet's, items per second: the job would take 10 s

class JobCancelTest : public BackgroundFleetTest {
 protected:
  void SetUp() override {
    BackgroundFleetTest::SetUp();
    migration_.items_per_second = kRate;
    seedItems(client(), migration_.table, kItems);
  }

  // Starts the workers on the job, their requests counted by the proxy.
  void startWorkers() {
    for (int i = 0; i < kWorkers; ++i) workers_.emplace_back(workerArguments(proxy_.url()));
  }

  // Starts the job and its workers, and waits until they wrote a second's worth of items.
  void startWorkingOnTheJob() {
    ASSERT_NO_FATAL_FAILURE(runMigration());
    startWorkers();
    auto deadline = std::chrono::steady_clock::now() + seconds(60);
    while (writes() < kRate && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_GE(writes(), kRate);
  }

  // Waits for every worker to end: a worker whose job is no longer unfinished returns from
  // Runner::work, so the helper exits 0.
  void awaitTheWorkersEnd() {
    for (StartedProgram& worker : workers_) {
      ProgramResult ended = worker.wait();
      EXPECT_EQ(ended.exit_code, 0) << ended.output;
    }
    workers_.clear();
  }

  // The workers' writes to the migrated table so far.
  int writes() const { return proxy_.requestCount("UpdateItem", migration_.table); }

  // The migration's entries, oldest first.
  std::vector<AuditEntry> entries() const {
    std::vector<AuditEntry> ours;
    for (AuditEntry& entry : store_->readHistory()) {
      if (entry.change_id == kChange) ours.push_back(std::move(entry));
    }
    std::ranges::sort(ours, {}, &AuditEntry::created_at);
    return ours;
  }

  std::vector<AuditState> states() const {
    std::vector<AuditState> states;
    for (const AuditEntry& entry : entries()) states.push_back(entry.state);
    return states;
  }

  JobRecord job() const { return store_->jobStore()->read(kChange).value(); }

  FaultProxy proxy_{localDynamoDbEndpoint()};
  std::vector<StartedProgram> workers_;  // after the proxy: killed before it if still running
};

TEST_F(JobCancelTest, ACancelStopsTheWorkersWritesAndTheyEndWithoutRecordingApplied) {
  ASSERT_NO_FATAL_FAILURE(startWorkingOnTheJob());

  JobRecord cancelled = admin_.cancelJob(kChange);
  // A second for every worker to read the job, and room for the writes in flight.
  std::this_thread::sleep_for(seconds(3));
  int stopped_at = writes();
  std::this_thread::sleep_for(seconds(2));
  int after_stopping = writes() - stopped_at;
  awaitTheWorkersEnd();

  EXPECT_EQ(cancelled.state, JobState::kCancelled);
  EXPECT_EQ(after_stopping, 0);
  EXPECT_LT(writes(), kItems);
  EXPECT_THAT(unmigratedItems(client(), migration_.table, kItems), Not(IsEmpty()));
  EXPECT_EQ(job().state, JobState::kCancelled);
  ASSERT_THAT(states(), ElementsAre(AuditState::kStarted, AuditState::kFailed));
  EXPECT_THAT(entries().back().error_trace, HasSubstr("JobCancelled"));
}

TEST_F(JobCancelTest, TheNextRunRetriesTheCancelledChangeWithANewJobThatMigratesEveryItem) {
  ASSERT_NO_FATAL_FAILURE(startWorkingOnTheJob());
  admin_.cancelJob(kChange);
  awaitTheWorkersEnd();
  std::string cancelled_execution = job().execution_id;
  int cancelled_writes = writes();

  ASSERT_NO_FATAL_FAILURE(runMigration());
  admin_.setJobRate(kChange, 0);  // no need to wait for the rate
  startWorkers();
  awaitTheWorkersEnd();

  EXPECT_THAT(unmigratedItems(client(), migration_.table, kItems), IsEmpty());
  // The new job's segments start from the beginning: each item's update is sent again (more than
  // once where a part changed hands), and the condition leaves those the cancelled job migrated
  // alone.
  EXPECT_GE(writes() - cancelled_writes, kItems);
  EXPECT_EQ(job().state, JobState::kDone);
  EXPECT_NE(job().execution_id, cancelled_execution);
  EXPECT_THAT(states(), ElementsAre(AuditState::kStarted, AuditState::kFailed, AuditState::kStarted,
                                    AuditState::kApplied));
}

TEST_F(JobCancelTest, UndoWhileTheJobIsPausedIsRefusedNamingTheCancelWhichEndsTheWaitingWorkers) {
  ASSERT_NO_FATAL_FAILURE(startWorkingOnTheJob());
  admin_.pauseJob(kChange);
  BackgroundMigration undo = migration_;
  undo.command = "undo";
  std::vector<std::string> arguments = backgroundMigrationArguments(*store_, counters_, undo);
  arguments.insert(arguments.end(), {"--rollback", "keep"});

  ProgramResult refused = runProgram(arguments);
  std::vector<AuditState> after_undo = states();
  admin_.cancelJob(kChange);
  awaitTheWorkersEnd();  // a paused job's workers wait for its resume: the cancel ends them

  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.output, HasSubstr("whose job is paused"));
  EXPECT_THAT(refused.output, HasSubstr("migrations cancel migrate-items"));
  EXPECT_THAT(after_undo, ElementsAre(AuditState::kStarted));
  EXPECT_THAT(states(), ElementsAre(AuditState::kStarted, AuditState::kFailed));
}

}  // namespace
}  // namespace flamingock::test
