// Background changes on the in-memory store (docs/operations.md#background-migrations): a run
// starts the job and goes on; workers claim its parts, take over a part whose owner stayed silent
// for a lease of their own (fake) clock, and the one that finishes the last part records the one
// APPLIED entry; a change that requires the job works on it first.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/job_work.h"
#include "flamingock/administration.h"
#include "job_test_support.h"

namespace flamingock::test {
namespace {

using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

class BackgroundChangeTest : public JobTest {
 protected:
  // A pipeline of background change "backfill" (3 parts) and change "after".
  Runner runner(const std::string& fingerprint = "f1") {
    FlamingockBuilder built = builder();
    built.addChange(backfill(jobOf({.fingerprint = fingerprint})));
    built.addChange(change("after", "2"));
    return built.build();
  }
};

TEST_F(BackgroundChangeTest, ARunStartsTheJobAndGoesOnWithLaterChanges) {
  RunSummary summary = runner().run();

  EXPECT_THAT(statesOf("backfill"), ElementsAre(AuditState::kStarted));
  EXPECT_THAT(statesOf("after"), ElementsAre(AuditState::kStarted, AuditState::kApplied));
  EXPECT_EQ(summary.changes.front().status, ChangeStatus::kInBackground);
  EXPECT_EQ(job().state, JobState::kRunning);
  EXPECT_EQ(job().execution_id, summary.execution_id);
  EXPECT_EQ(job().definition.total_parts, 3);
}

TEST_F(BackgroundChangeTest, ALaterRunTakesTheStartedEntryForAJobInProgress) {
  runner().run();

  RunSummary second = runner().run();  // manual intervention would throw

  EXPECT_THAT(statesOf("backfill"), ElementsAre(AuditState::kStarted));
  EXPECT_EQ(second.changes.front().status, ChangeStatus::kInBackground);
  EXPECT_EQ(second.applied(), 0u);
}

TEST_F(BackgroundChangeTest, AWorkerDoesEveryPartAndRecordsAppliedWithTheTotals) {
  runner().run();

  runner().work();

  EXPECT_THAT(statesOf("backfill"), ElementsAre(AuditState::kStarted, AuditState::kApplied));
  std::string started_by = entryOf("backfill", AuditState::kStarted)->execution_id;
  const AuditEntry* applied = entryOf("backfill", AuditState::kApplied);
  EXPECT_EQ(applied->metadata.at("migration.scanned"), "30");
  EXPECT_EQ(applied->metadata.at("migration.table"), "orders");
  EXPECT_EQ(applied->execution_id, started_by);
  EXPECT_EQ(job().state, JobState::kDone);
}

TEST_F(BackgroundChangeTest, AWorkerAfterTheLastRecordsNoSecondApplied) {
  runner().run();
  runner().work();

  runner().work();

  EXPECT_THAT(statesOf("backfill"), ElementsAre(AuditState::kStarted, AuditState::kApplied));
}

TEST_F(BackgroundChangeTest, APartWhoseOwnerStaysSilentForALeaseIsTakenOver) {
  runner().run();
  JobStore& jobs = *store->jobStore();
  ASSERT_TRUE(jobs.claim(job(), 0, nullptr, "dead-worker").has_value());
  auto start = clock->monotonicNow();

  runner().work();

  EXPECT_EQ(job().state, JobState::kDone);
  EXPECT_GE(clock->monotonicNow() - start, kJobLease);
  std::vector<JobPart> parts = jobs.parts(job());
  EXPECT_NE(parts.front().owner, "dead-worker");
}

TEST_F(BackgroundChangeTest, APartWhoseBeatGrowsIsNotAbandoned) {
  detail::PartWatch watch;
  JobPart part{.index = 0, .owner = "a", .version = 1, .beat = 1};
  auto now = clock->monotonicNow();
  EXPECT_FALSE(watch.abandoned(part, kJobLease, now));
  part.beat = 2;
  EXPECT_FALSE(watch.abandoned(part, kJobLease, now + kJobLease));
  EXPECT_FALSE(watch.abandoned(part, kJobLease, now + kJobLease + kJobLease / 2));
  EXPECT_TRUE(watch.abandoned(part, kJobLease, now + kJobLease + kJobLease));
}

TEST_F(BackgroundChangeTest, AWorkerWhosePartWasTakenOverCannotSaveIt) {
  runner().run();
  JobStore& jobs = *store->jobStore();
  JobPart mine = jobs.claim(job(), 0, nullptr, "worker-a").value();
  ASSERT_TRUE(jobs.claim(job(), 0, &mine, "worker-b").has_value());

  mine.done = true;
  EXPECT_THAT([&] { jobs.save(job(), mine); },
              ThrowsMessage<LockLostError>(HasSubstr("no longer held by 'worker-a'")));
  EXPECT_EQ(job().parts_done, 0);
}

TEST_F(BackgroundChangeTest, AFirstClaimCountsThePartStartedAndATakeoverDoesNot) {
  runner().run();
  JobStore& jobs = *store->jobStore();
  JobPart first = jobs.claim(job(), 0, nullptr, "worker-a").value();
  ASSERT_TRUE(jobs.claim(job(), 0, &first, "worker-b").has_value());
  ASSERT_FALSE(jobs.claim(job(), 0, nullptr, "worker-c").has_value());

  EXPECT_EQ(job().parts_started, 1);
}

TEST_F(BackgroundChangeTest, AWorkerWithAnotherDefinitionLeavesTheJobAlone) {
  runner("f1").run();

  runner("f2").work();

  EXPECT_EQ(job().state, JobState::kRunning);
  EXPECT_TRUE(store->jobStore()->parts(job()).empty());
}

TEST_F(BackgroundChangeTest, AWorkerOfAnotherVersionOfTheChangeLeavesTheJobAlone) {
  runner().run();
  FlamingockBuilder newer = builder();
  std::unique_ptr<ScriptedChange> edited =
      change({.id = "backfill", .order = "1", .version = "2", .background = true});
  edited->onApply(jobOf({}));
  newer.addChange(std::move(edited));

  newer.build().work();

  EXPECT_EQ(job().state, JobState::kRunning);
  EXPECT_TRUE(store->jobStore()->parts(job()).empty());
}

TEST_F(BackgroundChangeTest, AFailedJobEndsTheChangeFailed) {
  runner().run();
  FlamingockBuilder failing = builder();
  failing.addChange(backfill([](ChangeContext&) { throw Error("item 7 is bad"); }));

  failing.build().work();

  EXPECT_THAT(statesOf("backfill"), ElementsAre(AuditState::kStarted, AuditState::kFailed));
  EXPECT_THAT(entryOf("backfill", AuditState::kFailed)->error_trace, HasSubstr("item 7 is bad"));
  EXPECT_EQ(job().state, JobState::kFailed);
}

TEST_F(BackgroundChangeTest, ABackgroundChangeThatStartsNoJobFails) {
  FlamingockBuilder built = builder();
  built.addChange(change({.id = "backfill", .order = "1", .background = true}));

  EXPECT_THAT([&] { built.build().run(); },
              ThrowsMessage<ChangeFailedError>(HasSubstr("registered no job")));
  EXPECT_FALSE(store->jobStore()->read("backfill").has_value());
}

TEST_F(BackgroundChangeTest, AChangeThatRequiresAJobWorksOnItUntilItIsDone) {
  FlamingockBuilder built = builder();
  built.addChange(backfill(jobOf({})));
  built.addChange(change({.id = "use", .order = "2", .needs = {"backfill"}}));

  built.build().run();

  std::vector<std::string> written;
  for (const AuditEntry& entry : store->readHistory()) {
    written.push_back(entry.change_id + ":" + std::string(toString(entry.state)));
  }
  EXPECT_THAT(written,
              ElementsAre("backfill:STARTED", "backfill:APPLIED", "use:STARTED", "use:APPLIED"));
}

TEST_F(BackgroundChangeTest, RequiringWhatIsNoEarlierBackgroundChangeIsRefusedAtBuild) {
  FlamingockBuilder built = builder();
  built.addChange(change("backfill", "1"));
  built.addChange(change({.id = "use", .order = "2", .needs = {"backfill"}}));

  EXPECT_THAT([&] { built.build(); },
              ThrowsMessage<ValidationError>(HasSubstr(
                  "change 'use' requires 'backfill', which is not an earlier background change")));
}

TEST_F(BackgroundChangeTest, AFixOfAChangeWhoseJobRunsIsRefused) {
  runner().run();

  EXPECT_THAT([&] { Administration(store).fix("backfill", Resolution::kApplied); },
              ThrowsMessage<Error>(HasSubstr("whose job is still running")));
  EXPECT_THAT(statesOf("backfill"), ElementsAre(AuditState::kStarted));
}

TEST_F(BackgroundChangeTest, UndoWhileAJobRunsIsRefused) {
  runner().run();

  EXPECT_THAT([&] { runner().undo({.count = 1}); },
              ThrowsMessage<Error>(HasSubstr("undo must wait while the job is unfinished")));
  EXPECT_THAT(statesOf("after"), ElementsAre(AuditState::kStarted, AuditState::kApplied));
}

TEST_F(BackgroundChangeTest, AdministrationShowsAJobWithItsPartsAndWorkers) {
  runner().run();
  store->jobStore()->claim(job(), 1, nullptr, "worker-a");

  std::vector<JobStatus> jobs = Administration(store).jobs();

  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs.front().job.change_id, "backfill");
  ASSERT_EQ(jobs.front().parts.size(), 1u);
  EXPECT_EQ(jobs.front().parts.front().index, 1);
  EXPECT_THAT(jobs.front().workers(), ElementsAre("worker-a"));
}

TEST_F(BackgroundChangeTest, StoppingTheWorkersEndsTheirWorkInProgress) {
  std::atomic<bool> working{false};
  FlamingockBuilder built = builder();
  built.setBackgroundWorkers(true);
  built.addChange(backfill([&](ChangeContext& ctx) {
    JobParts* work = ctx.progress().jobParts();
    if (work == nullptr) return jobOf({})(ctx);  // the run registers the job
    std::optional<JobPart> part = work->claim();
    working = true;
    while (!work->stopRequested()) std::this_thread::sleep_for(milliseconds(1));
  }));
  Runner runner = built.build();
  runner.run();
  while (!working) std::this_thread::sleep_for(milliseconds(1));

  runner.stopWorkers();  // returns once the work saw the stop

  EXPECT_EQ(job().state, JobState::kRunning);
  EXPECT_THAT(statesOf("backfill"), ElementsAre(AuditState::kStarted));
}

TEST_F(BackgroundChangeTest, BackgroundWorkersOfARunnerFinishTheJobAndStop) {
  FlamingockBuilder built = builder();
  built.setBackgroundWorkers(true);
  built.addChange(backfill(jobOf({})));
  Runner runner = built.build();

  runner.run();
  clock->awaitWaiters(1);  // the workers' first pass is over: they wait for the next
  runner.stopWorkers();

  EXPECT_THAT(statesOf("backfill"), ElementsAre(AuditState::kStarted, AuditState::kApplied));
}

}  // namespace
}  // namespace flamingock::test
