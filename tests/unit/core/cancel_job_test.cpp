// Cancelling a background change's unfinished job on the in-memory store
// (docs/operations.md#cancelling-a-job): undo and fix refuse a change whose job is paused as
// well as running, naming the cancel; a cancel ends the job CANCELLED with the change's FAILED
// entry, no worker finishes it after, and the change follows its recovery strategy.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "flamingock/administration.h"
#include "job_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

class CancelJobTest : public JobTest {
 protected:
  // A runner of background change "backfill", 2 parts (each quarantining an item when
  // `poisoned`), with `recovery`; on a worker, its work calls `between_parts_` after saving each
  // part done.
  Runner runner(RecoveryStrategy recovery = RecoveryStrategy::kManualIntervention,
                bool poisoned = false) {
    FlamingockBuilder built = builder();
    std::unique_ptr<ScriptedChange> made =
        change({.id = "backfill", .order = "1", .recovery = recovery, .background = true});
    made->onApply(
        jobOf({.parts = 2, .poisoned = poisoned, .after_each_part = [this](JobParts& work) {
                 if (between_parts_) between_parts_(work);
               }}));
    built.addChange(std::move(made));
    return built.build();
  }

  Administration admin{store, {.clock = clock}};
  std::function<void(JobParts&)> between_parts_;
};

TEST_F(CancelJobTest, UndoOfAChangeWhosePausedJobIsUnfinishedIsRefusedNamingTheCancel) {
  runner().run();
  admin.pauseJob("backfill");

  EXPECT_THAT([&] { runner().undo({.count = 1}); },
              ThrowsMessage<Error>(AllOf(HasSubstr("whose job is paused"),
                                         HasSubstr("wait until the job ends"),
                                         HasSubstr("migrations cancel backfill"))));
  EXPECT_THAT(statesOf("backfill"), ElementsAre(AuditState::kStarted));
}

TEST_F(CancelJobTest, AFixOfAChangeWhosePausedJobIsUnfinishedIsRefusedNamingTheCancel) {
  runner().run();
  admin.pauseJob("backfill");

  EXPECT_THAT([&] { admin.fix("backfill", Resolution::kRolledBack); },
              ThrowsMessage<Error>(HasSubstr("Administration::cancelJob")));
  EXPECT_THAT(statesOf("backfill"), ElementsAre(AuditState::kStarted));
}

TEST_F(CancelJobTest, CancelEndsTheJobCancelledAndRecordsTheChangeFailed) {
  runner().run();
  AuditEntry started = *entryOf("backfill", AuditState::kStarted);

  JobRecord cancelled = admin.cancelJob("backfill");

  EXPECT_EQ(cancelled.state, JobState::kCancelled);
  EXPECT_EQ(job().state, JobState::kCancelled);
  EXPECT_THAT(statesOf("backfill"), ElementsAre(AuditState::kStarted, AuditState::kFailed));
  const AuditEntry* failed = entryOf("backfill", AuditState::kFailed);
  EXPECT_EQ(failed->execution_id, started.execution_id);
  EXPECT_GT(failed->created_at, started.created_at);
  EXPECT_THAT(failed->error_trace, HasSubstr("JobCancelled"));
  EXPECT_THAT(failed->error_trace, HasSubstr("an operator cancelled the job"));
}

TEST_F(CancelJobTest, APausedJobIsCancelledAndItsResumeRefused) {
  runner().run();
  admin.pauseJob("backfill");

  admin.cancelJob("backfill");

  EXPECT_THAT([&] { admin.resumeJob("backfill"); },
              ThrowsMessage<Error>(HasSubstr("is CANCELLED: only a RUNNING or PAUSED job")));
  EXPECT_EQ(job().state, JobState::kCancelled);
}

TEST_F(CancelJobTest, AWorkerLeavesACancelledJobAlone) {
  runner().run();
  admin.cancelJob("backfill");

  runner().work();

  EXPECT_THAT(statesOf("backfill"), ElementsAre(AuditState::kStarted, AuditState::kFailed));
  EXPECT_THAT(store->jobStore()->parts(job()), ::testing::IsEmpty());
}

TEST_F(CancelJobTest, AWorkerHoldingPartsStopsAtItsNextCheckpoint) {
  runner().run();
  bool interrupted = false;
  between_parts_ = [&](JobParts& work) {
    admin.cancelJob("backfill");
    try {
      work.refresh();
    } catch (const WorkInterruptedError&) {
      interrupted = true;
      throw;
    }
  };

  runner().work();

  EXPECT_TRUE(interrupted);
  EXPECT_EQ(job().parts_done, 1);
  EXPECT_THAT(statesOf("backfill"), ElementsAre(AuditState::kStarted, AuditState::kFailed));
}

TEST_F(CancelJobTest, TheLastPartOfACancelledJobDoesNotFinishIt) {
  runner().run();
  JobStore& jobs = *store->jobStore();
  // Another worker holds part 1 from before the cancel and saves it done after it, the last.
  JobPart other = jobs.claim(job(), 1, nullptr, "worker-b").value();
  between_parts_ = [&](JobParts&) {
    admin.cancelJob("backfill");
    other.done = true;
    jobs.save(job(), other);
  };

  runner().work();  // saves part 0, checking nothing, and finds no part left to claim

  EXPECT_EQ(job().parts_done, 2);
  EXPECT_EQ(job().state, JobState::kCancelled);
  EXPECT_THAT(statesOf("backfill"), ElementsAre(AuditState::kStarted, AuditState::kFailed));
}

TEST_F(CancelJobTest, ALaterRunRetriesTheChangeWithANewJobThatCompletes) {
  runner(RecoveryStrategy::kAlwaysRetry).run();
  std::string cancelled = job().execution_id;
  admin.cancelJob("backfill");

  runner(RecoveryStrategy::kAlwaysRetry).run();
  runner(RecoveryStrategy::kAlwaysRetry).work();

  EXPECT_NE(job().execution_id, cancelled);
  EXPECT_EQ(job().state, JobState::kDone);
  EXPECT_EQ(job().parts_done, 2);
  EXPECT_THAT(statesOf("backfill"), ElementsAre(AuditState::kStarted, AuditState::kFailed,
                                                AuditState::kStarted, AuditState::kApplied));
}

TEST_F(CancelJobTest, UnderManualInterventionTheNextRunBlocksAndAFixResolvesIt) {
  runner().run();
  admin.cancelJob("backfill");

  EXPECT_THROW(runner().run(), ManualInterventionRequiredError);
  admin.fix("backfill", Resolution::kRolledBack);

  EXPECT_THAT(statesOf("backfill"), ElementsAre(AuditState::kStarted, AuditState::kFailed,
                                                AuditState::kManualMarkedAsRolledBack));
}

TEST_F(CancelJobTest, CancellingADoneJobIsRefusedNamingItsState) {
  runner().run();
  runner().work();

  EXPECT_THAT([&] { admin.cancelJob("backfill"); },
              ThrowsMessage<Error>(
                  HasSubstr("the job of change 'backfill' is DONE: only a RUNNING or PAUSED")));
  EXPECT_THAT(statesOf("backfill"), ElementsAre(AuditState::kStarted, AuditState::kApplied));
}

TEST_F(CancelJobTest, CancellingAFailedJobIsRefusedNamingItsState) {
  runner(RecoveryStrategy::kManualIntervention, true).run();
  runner(RecoveryStrategy::kManualIntervention, true).work();

  EXPECT_THAT([&] { admin.cancelJob("backfill"); },
              ThrowsMessage<Error>(HasSubstr("the job of change 'backfill' is FAILED")));
  EXPECT_EQ(job().state, JobState::kFailed);
}

TEST_F(CancelJobTest, TheFailuresOfACancelledJobAreNotAccepted) {
  runner(RecoveryStrategy::kManualIntervention, true).run();
  between_parts_ = [&](JobParts&) {
    if (job().state != JobState::kCancelled) admin.cancelJob("backfill");
  };
  runner(RecoveryStrategy::kManualIntervention, true).work();  // every part done, 2 items failed

  EXPECT_THAT([&] { admin.acceptJobFailures("backfill"); },
              ThrowsMessage<Error>(HasSubstr("the job of change 'backfill' was cancelled")));
  EXPECT_EQ(job().state, JobState::kCancelled);
  EXPECT_EQ(entryOf("backfill", AuditState::kApplied), nullptr);
}

TEST_F(CancelJobTest, CancellingAChangeWithoutAJobIsRefused) {
  EXPECT_THAT([&] { admin.cancelJob("backfill"); },
              ThrowsMessage<Error>(HasSubstr("change 'backfill' has no job")));
}

TEST_F(CancelJobTest, ACancelWhileTheLockIsHeldElsewhereWritesNothing) {
  runner().run();
  lockHeldElsewhere();

  EXPECT_THROW(admin.cancelJob("backfill"), LockError);
  EXPECT_EQ(job().state, JobState::kRunning);
  EXPECT_THAT(statesOf("backfill"), ElementsAre(AuditState::kStarted));
}

}  // namespace
}  // namespace flamingock::test
