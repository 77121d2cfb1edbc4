// Accepting a background job's failed items after it ended FAILED, on the in-memory store
// (docs/operations.md#steering-a-migration): the job becomes DONE and the change APPLIED with the
// failures in its metadata, under the run's lock, so that later runs take the change for applied;
// refused when the work stopped with parts left, when no item failed, and when the log moved on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "flamingock/administration.h"
#include "job_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

// What the job's apply does on a worker besides its parts.
enum class Ending { kQuarantine, kThrowAfterOnePart, kThrowAfterEveryPart };

class AcceptFailuresTest : public JobTest {
 protected:
  // A runner of background change "backfill", 2 parts, whose work on a worker ends as `ending`
  // says; `recovery` is the change's recovery strategy.
  Runner runner(Ending ending = Ending::kQuarantine,
                RecoveryStrategy recovery = RecoveryStrategy::kManualIntervention) {
    FlamingockBuilder built = builder();
    std::unique_ptr<ScriptedChange> made =
        change({.id = "backfill", .order = "1", .recovery = recovery, .background = true});
    made->onApply([ending](ChangeContext& ctx) {
      if (ending == Ending::kQuarantine || ctx.progress().jobParts() == nullptr) {
        return jobOf({.parts = 2, .poisoned = true})(ctx);
      }
      JobParts& work = *ctx.progress().jobParts();
      while (std::optional<JobPart> part = work.claim()) {
        part->done = true;
        work.save(*part);
        if (ending == Ending::kThrowAfterOnePart) {
          work.quarantine({.key = "key-0", .error = "bad item"});
          throw Error("1 item failed, more than MaxFailedItems 0");
        }
      }
      throw Error("the apply threw after its last part");
    });
    built.addChange(std::move(made));
    return built.build();
  }

  // The job of "backfill" ended FAILED with its 2 items quarantined and every part done.
  void failWithQuarantinedItems() {
    runner().run();
    runner().work();
    ASSERT_EQ(job().state, JobState::kFailed);
  }

  Administration admin{store, {.clock = clock}};
};

TEST_F(AcceptFailuresTest, AFailedJobBecomesDoneAndItsChangeApplied) {
  failWithQuarantinedItems();

  JobRecord accepted = admin.acceptJobFailures("backfill");

  EXPECT_EQ(accepted.state, JobState::kDone);
  EXPECT_TRUE(accepted.failures_accepted);
  EXPECT_EQ(job().state, JobState::kDone);
  EXPECT_THAT(statesOf("backfill"),
              ElementsAre(AuditState::kStarted, AuditState::kFailed, AuditState::kApplied));
}

TEST_F(AcceptFailuresTest, TheAppliedEntryFollowsTheFailedOneWithTheFailuresInItsMetadata) {
  failWithQuarantinedItems();
  AuditEntry failed = *entryOf("backfill", AuditState::kFailed);

  admin.acceptJobFailures("backfill");

  const AuditEntry* applied = entryOf("backfill", AuditState::kApplied);
  ASSERT_NE(applied, nullptr);
  EXPECT_EQ(applied->execution_id, failed.execution_id);
  EXPECT_EQ(applied->checksum, failed.checksum);
  EXPECT_GT(applied->created_at, failed.created_at);
  EXPECT_EQ(applied->error_trace, "");
  EXPECT_EQ(applied->metadata.at("migration.failedItems"), "key-0: bad item\nkey-1: bad item\n");
  EXPECT_EQ(applied->metadata.at("migration.scanned"), "20");
  EXPECT_EQ(applied->metadata.at("migration.table"), "orders");
}

TEST_F(AcceptFailuresTest, ALaterRunTakesTheChangeForAppliedAndStartsNoJob) {
  failWithQuarantinedItems();
  std::string failed_job = job().execution_id;
  admin.acceptJobFailures("backfill");

  RunSummary later = runner(Ending::kQuarantine, RecoveryStrategy::kAlwaysRetry).run();

  EXPECT_EQ(later.applied(), 0u);
  EXPECT_EQ(job().execution_id, failed_job);
  EXPECT_THAT(statesOf("backfill"),
              ElementsAre(AuditState::kStarted, AuditState::kFailed, AuditState::kApplied));
}

TEST_F(AcceptFailuresTest, AcceptingADoneJobAgainWritesNothing) {
  failWithQuarantinedItems();
  admin.acceptJobFailures("backfill");

  EXPECT_EQ(admin.acceptJobFailures("backfill").state, JobState::kDone);
  EXPECT_THAT(statesOf("backfill"),
              ElementsAre(AuditState::kStarted, AuditState::kFailed, AuditState::kApplied));
}

TEST_F(AcceptFailuresTest, AJobThatFailedWithPartsLeftIsRefused) {
  runner().run();
  runner(Ending::kThrowAfterOnePart).work();
  ASSERT_EQ(job().state, JobState::kFailed);

  EXPECT_THAT([&] { admin.acceptJobFailures("backfill"); },
              ThrowsMessage<Error>(
                  HasSubstr("the job of change 'backfill' ended FAILED with 1 of 2 parts done")));
  EXPECT_EQ(job().state, JobState::kFailed);
  EXPECT_EQ(entryOf("backfill", AuditState::kApplied), nullptr);
}

TEST_F(AcceptFailuresTest, AJobThatFailedWithoutFailedItemsIsRefused) {
  runner().run();
  runner(Ending::kThrowAfterEveryPart).work();
  ASSERT_EQ(job().state, JobState::kFailed);

  EXPECT_THAT([&] { admin.acceptJobFailures("backfill"); },
              ThrowsMessage<Error>(HasSubstr("ended FAILED with no failed items")));
  EXPECT_EQ(entryOf("backfill", AuditState::kApplied), nullptr);
}

TEST_F(AcceptFailuresTest, AFailedJobWhoseChangeWasFixedSinceIsRefused) {
  failWithQuarantinedItems();
  admin.fix("backfill", Resolution::kRolledBack);

  EXPECT_THAT(
      [&] { admin.acceptJobFailures("backfill"); },
      ThrowsMessage<Error>(HasSubstr("latest audit entry is MANUAL_MARKED_AS_ROLLED_BACK")));
  EXPECT_EQ(job().state, JobState::kFailed);
  EXPECT_EQ(entryOf("backfill", AuditState::kApplied), nullptr);
}

TEST_F(AcceptFailuresTest, AcceptingAFailedJobWaitsForTheRunsLock) {
  failWithQuarantinedItems();
  lockHeldElsewhere();

  EXPECT_THROW(admin.acceptJobFailures("backfill"), LockError);
  EXPECT_EQ(job().state, JobState::kFailed);
  EXPECT_EQ(entryOf("backfill", AuditState::kApplied), nullptr);
}

// The store's own operation, under a fence as a run's writes.
class AcceptFailedStoreTest : public AcceptFailuresTest {
 protected:
  // The APPLIED entry of the failed job, as Administration builds it.
  AuditEntry applied() {
    AuditEntry entry = *entryOf("backfill", AuditState::kFailed);
    entry.state = AuditState::kApplied;
    entry.created_at += std::chrono::milliseconds(1);
    return entry;
  }

  JobStore& jobs() { return *store->jobStore(); }
  std::unique_ptr<Lock> lock = store->createLock({}, "admin", clock);
};

TEST_F(AcceptFailedStoreTest, EndsAFailedJobDoneWithItsAppliedEntry) {
  failWithQuarantinedItems();
  lock->acquire();

  EXPECT_TRUE(jobs().acceptFailed(job(), applied(), lock->fence()));
  EXPECT_EQ(job().state, JobState::kDone);
  EXPECT_TRUE(job().failures_accepted);
  EXPECT_NE(entryOf("backfill", AuditState::kApplied), nullptr);
}

TEST_F(AcceptFailedStoreTest, WritesNothingWhenALaterRunStartedANewJob) {
  failWithQuarantinedItems();
  JobRecord failed = job();
  AuditEntry entry = applied();
  runner(Ending::kQuarantine, RecoveryStrategy::kAlwaysRetry).run();  // starts a new job
  ASSERT_NE(job().execution_id, failed.execution_id);
  lock->acquire();

  EXPECT_FALSE(jobs().acceptFailed(failed, entry, lock->fence()));
  EXPECT_EQ(job().state, JobState::kRunning);
  EXPECT_EQ(entryOf("backfill", AuditState::kApplied), nullptr);
}

TEST_F(AcceptFailedStoreTest, WritesNothingWhenPartsAreLeft) {
  runner().run();
  runner(Ending::kThrowAfterOnePart).work();
  lock->acquire();

  EXPECT_FALSE(jobs().acceptFailed(job(), applied(), lock->fence()));
  EXPECT_EQ(job().state, JobState::kFailed);
}

TEST_F(AcceptFailedStoreTest, IsFencedAsAnAppend) {
  failWithQuarantinedItems();
  lock->acquire();
  lockHeldElsewhere();  // taken over

  EXPECT_THROW(jobs().acceptFailed(job(), applied(), lock->fence()), LockLostError);
  EXPECT_EQ(job().state, JobState::kFailed);
}

}  // namespace
}  // namespace flamingock::test
