// DynamoDBAuditStore's JobStore against DynamoDB Local: accepting the failed items of a job that
// ended FAILED with every part done (docs/operations.md#steering-a-migration) writes the job DONE
// and the change's APPLIED entry in one transaction, conditioned on the job still being that
// execution's FAILED job with every segment done and on the lock's fence; and
// Administration::acceptJobFailures does it end to end. Cancelling an unfinished job writes it
// CANCELLED and the change's FAILED entry in one transaction, conditioned on the job still being
// that execution's unfinished job and on the fence; Administration::cancelJob does it end to end.
// The first claim of a part counts it on the job item in the same transaction (a takeover does
// not), so that a worker reads the parts in progress with one GetItem.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "flamingock/administration.h"
#include "flamingock/error.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr char kChange[] = "backfill";

class JobTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.initialize();
    lock_ = heldLock(store_, "runner-a");
  }

  JobStore& jobs() { return *store_.jobStore(); }

  // The entry of the change in `state` of runner `runner`'s execution, `seconds` after the
  // sample's time. Its execution is this test's own: the writes' idempotency tokens (taken from
  // the entry) must differ from other tests'.
  AuditEntry entry(AuditState state, int seconds, const std::string& runner = "runner-a") const {
    AuditEntry made = sampleEntry(kChange, state, runner);
    made.execution_id = executions_ + "-" + runner;
    made.created_at += std::chrono::seconds(seconds);
    return made;
  }

  // Starts a job of 2 parts for runner `runner`'s execution and returns it; `parts_started`
  // none: its item is as an earlier version wrote it.
  JobRecord start(const std::string& runner = "runner-a", int seconds = 0,
                  std::optional<int> parts_started = 0) {
    AuditEntry started = entry(AuditState::kStarted, seconds, runner);
    JobRecord job{.change_id = kChange,
                  .execution_id = started.execution_id,
                  .definition = {.subject = "orders", .total_parts = 2, .fingerprint = "f1"},
                  .parts_started = parts_started,
                  .created_at = "2026-11-25T10:00:15.123",
                  .updated_at = "2026-11-25T10:00:15.123"};
    jobs().start(job, started, lock_->fence());
    return job;
  }

  // Claims and finishes `count` parts of `job`, quarantining an item in the first.
  void finishParts(const JobRecord& job, int count) {
    for (int index = 0; index < count; ++index) {
      JobPart part = jobs().claim(job, index, nullptr, "worker-a").value();
      if (index == 0) jobs().quarantine(job, {.key = R"({"pk":{"S":"item#7"}})", .error = "bad"});
      part.counts.scanned = 10;
      part.done = true;
      jobs().save(job, part);
    }
  }

  // A job that ended FAILED with its failed item, `parts_done` of its 2 parts done.
  JobRecord failedJob(int parts_done = 2) {
    JobRecord job = start();
    finishParts(job, parts_done);
    EXPECT_TRUE(jobs().finish(jobs().read(kChange).value(), entry(AuditState::kFailed, 1)));
    return jobs().read(kChange).value();
  }

  // A job that ended DONE with its APPLIED entry, every part done.
  JobRecord doneJob() {
    JobRecord job = start();
    finishParts(job, 2);
    EXPECT_TRUE(jobs().finish(jobs().read(kChange).value(), entry(AuditState::kApplied, 1)));
    return jobs().read(kChange).value();
  }

  int partsStarted() { return jobs().read(kChange).value().parts_started.value(); }

  // The states of the entries written, in no particular order (a Scan's).
  std::vector<AuditState> states() {
    std::vector<AuditState> found;
    for (const AuditEntry& written : store_.readHistory()) found.push_back(written.state);
    return found;
  }

  std::shared_ptr<dynamodb::DynamoDBTargetSystem> target_ = localTarget();
  dynamodb::DynamoDBAuditStore store_ = freshStore(*target_);
  std::unique_ptr<Lock> lock_;
  std::string executions_ = uniqueTableName("execution");
};

TEST_F(JobTableTest, AFirstClaimCountsThePartStartedOnTheJob) {
  JobRecord job = start();

  ASSERT_TRUE(jobs().claim(job, 1, nullptr, "worker-a"));

  EXPECT_EQ(partsStarted(), 1);
}

TEST_F(JobTableTest, ATakeoverDoesNotCountThePartAgain) {
  JobRecord job = start();
  JobPart held = jobs().claim(job, 0, nullptr, "worker-a").value();

  ASSERT_TRUE(jobs().claim(job, 0, &held, "worker-b"));

  EXPECT_EQ(partsStarted(), 1);
}

TEST_F(JobTableTest, AFirstClaimRefusedAsAnotherWorkerWasFirstLeavesTheCount) {
  JobRecord job = start();
  jobs().claim(job, 0, nullptr, "worker-a");

  EXPECT_EQ(jobs().claim(job, 0, nullptr, "worker-b"), std::nullopt);

  EXPECT_EQ(partsStarted(), 1);
  EXPECT_EQ(jobs().parts(job).at(0).owner, "worker-a");
}

TEST_F(JobTableTest, AFirstClaimOfACancelledJobWritesNothing) {
  JobRecord job = start();
  jobs().cancel(job, entry(AuditState::kFailed, 1), lock_->fence());

  EXPECT_EQ(jobs().claim(job, 0, nullptr, "worker-a"), std::nullopt);

  EXPECT_EQ(partsStarted(), 0);
  EXPECT_THAT(jobs().parts(job), IsEmpty());
}

TEST_F(JobTableTest, AJobItemOfAnEarlierVersionIsClaimedWithoutACount) {
  JobRecord job = start("runner-a", 0, std::nullopt);

  ASSERT_TRUE(jobs().claim(jobs().read(kChange).value(), 0, nullptr, "worker-a"));

  EXPECT_EQ(jobs().read(kChange).value().parts_started, std::nullopt);
  EXPECT_EQ(jobs().parts(job).size(), 1u);
}

TEST_F(JobTableTest, AcceptFailedEndsTheJobDoneWithTheAppliedEntry) {
  JobRecord job = failedJob();

  EXPECT_TRUE(jobs().acceptFailed(job, entry(AuditState::kApplied, 2), lock_->fence()));

  JobRecord now = jobs().read(kChange).value();
  EXPECT_EQ(now.state, JobState::kDone);
  EXPECT_TRUE(now.failures_accepted);
  EXPECT_THAT(states(), UnorderedElementsAre(AuditState::kStarted, AuditState::kFailed,
                                             AuditState::kApplied));
}

TEST_F(JobTableTest, AcceptFailedWritesNothingWhenPartsAreLeft) {
  JobRecord job = failedJob(1);

  EXPECT_FALSE(jobs().acceptFailed(job, entry(AuditState::kApplied, 2), lock_->fence()));

  EXPECT_EQ(jobs().read(kChange).value().state, JobState::kFailed);
  EXPECT_THAT(states(), UnorderedElementsAre(AuditState::kStarted, AuditState::kFailed));
}

TEST_F(JobTableTest, AcceptFailedWritesNothingWhenALaterJobOfTheChangeStarted) {
  JobRecord failed = failedJob();
  JobRecord later = start("runner-b", 2);

  EXPECT_FALSE(jobs().acceptFailed(failed, entry(AuditState::kApplied, 3), lock_->fence()));

  JobRecord now = jobs().read(kChange).value();
  EXPECT_EQ(now.execution_id, later.execution_id);
  EXPECT_EQ(now.state, JobState::kRunning);
  EXPECT_THAT(states(), UnorderedElementsAre(AuditState::kStarted, AuditState::kFailed,
                                             AuditState::kStarted));
}

TEST_F(JobTableTest, AcceptFailedIsFencedByTheLock) {
  JobRecord job = failedJob();
  Fence stale{lock_->fence().lock_key, "runner-gone"};

  EXPECT_THROW(jobs().acceptFailed(job, entry(AuditState::kApplied, 2), stale), LockLostError);

  EXPECT_EQ(jobs().read(kChange).value().state, JobState::kFailed);
  EXPECT_THAT(states(), UnorderedElementsAre(AuditState::kStarted, AuditState::kFailed));
}

TEST_F(JobTableTest, AdministrationAcceptsTheFailuresOfAFailedJob) {
  failedJob();
  lock_->release();
  auto store = std::make_shared<dynamodb::DynamoDBAuditStore>(store_);

  JobRecord accepted = Administration(store).acceptJobFailures(kChange);

  EXPECT_EQ(accepted.state, JobState::kDone);
  std::vector<AuditEntry> history = store_.readHistory();
  auto applied = std::ranges::find(history, AuditState::kApplied, &AuditEntry::state);
  ASSERT_NE(applied, history.end());
  EXPECT_EQ(applied->execution_id, accepted.execution_id);
  EXPECT_EQ(applied->metadata.at("migration.failedItems"), "{\"pk\":{\"S\":\"item#7\"}}: bad\n");
  EXPECT_EQ(applied->metadata.at("migration.scanned"), "20");
}

TEST_F(JobTableTest, CancelEndsARunningJobCancelledWithTheFailedEntry) {
  JobRecord job = start();

  EXPECT_TRUE(jobs().cancel(job, entry(AuditState::kFailed, 1), lock_->fence()));

  EXPECT_EQ(jobs().read(kChange).value().state, JobState::kCancelled);
  EXPECT_THAT(states(), UnorderedElementsAre(AuditState::kStarted, AuditState::kFailed));
}

TEST_F(JobTableTest, CancelEndsAPausedJob) {
  JobRecord job = start();
  jobs().steer(kChange, {.paused = true});

  EXPECT_TRUE(jobs().cancel(job, entry(AuditState::kFailed, 1), lock_->fence()));

  EXPECT_EQ(jobs().read(kChange).value().state, JobState::kCancelled);
}

TEST_F(JobTableTest, CancelWritesNothingWhenTheJobEnded) {
  JobRecord done = doneJob();

  EXPECT_FALSE(jobs().cancel(done, entry(AuditState::kFailed, 2), lock_->fence()));

  EXPECT_EQ(jobs().read(kChange).value().state, JobState::kDone);
  EXPECT_THAT(states(), UnorderedElementsAre(AuditState::kStarted, AuditState::kApplied));
}

TEST_F(JobTableTest, CancelWritesNothingWhenALaterJobOfTheChangeRuns) {
  JobRecord done = doneJob();
  JobRecord later = start("runner-b", 2);

  EXPECT_FALSE(jobs().cancel(done, entry(AuditState::kFailed, 3), lock_->fence()));

  JobRecord now = jobs().read(kChange).value();
  EXPECT_EQ(now.execution_id, later.execution_id);
  EXPECT_EQ(now.state, JobState::kRunning);
  EXPECT_THAT(states(), UnorderedElementsAre(AuditState::kStarted, AuditState::kApplied,
                                             AuditState::kStarted));
}

TEST_F(JobTableTest, CancelIsFencedByTheLock) {
  JobRecord job = start();
  Fence stale{lock_->fence().lock_key, "runner-gone"};

  EXPECT_THROW(jobs().cancel(job, entry(AuditState::kFailed, 1), stale), LockLostError);

  EXPECT_EQ(jobs().read(kChange).value().state, JobState::kRunning);
  EXPECT_THAT(states(), UnorderedElementsAre(AuditState::kStarted));
}

TEST_F(JobTableTest, ACancelledJobsPartsDoNotFinishIt) {
  JobRecord job = start();
  std::vector<JobPart> held{jobs().claim(job, 0, nullptr, "worker-a").value(),
                            jobs().claim(job, 1, nullptr, "worker-a").value()};
  jobs().cancel(job, entry(AuditState::kFailed, 1), lock_->fence());
  for (JobPart& part : held) {
    part.done = true;
    jobs().save(job, part);
  }

  EXPECT_FALSE(jobs().finish(jobs().read(kChange).value(), entry(AuditState::kApplied, 2)));

  EXPECT_EQ(jobs().read(kChange).value().state, JobState::kCancelled);
  EXPECT_THAT(states(), UnorderedElementsAre(AuditState::kStarted, AuditState::kFailed));
}

TEST_F(JobTableTest, ANewJobOfTheChangeStartsAfterACancel) {
  JobRecord job = start();
  jobs().cancel(job, entry(AuditState::kFailed, 1), lock_->fence());

  JobRecord later = start("runner-b", 2);

  EXPECT_EQ(jobs().read(kChange).value().execution_id, later.execution_id);
  EXPECT_EQ(jobs().read(kChange).value().state, JobState::kRunning);
}

TEST_F(JobTableTest, AdministrationCancelsARunningJobWithTheFailedEntryOfItsExecution) {
  JobRecord job = start();
  lock_->release();
  auto store = std::make_shared<dynamodb::DynamoDBAuditStore>(store_);

  JobRecord cancelled = Administration(store).cancelJob(kChange);

  EXPECT_EQ(cancelled.state, JobState::kCancelled);
  std::vector<AuditEntry> history = store_.readHistory();
  auto failed = std::ranges::find(history, AuditState::kFailed, &AuditEntry::state);
  ASSERT_NE(failed, history.end());
  EXPECT_EQ(failed->execution_id, job.execution_id);
  EXPECT_THAT(failed->error_trace, ::testing::HasSubstr("JobCancelled"));
}

}  // namespace
}  // namespace flamingock::test
