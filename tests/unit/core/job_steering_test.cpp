// Steering a background change's job on the in-memory store and the fake clock
// (docs/operations.md#steering-a-migration): pause, resume and the fleet's rate recorded on the
// job from Administration, a worker that leaves a paused job alone until it is resumed, and the
// listeners told what a worker saw change.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/job_steering.h"
#include "core/job_work.h"
#include "flamingock/administration.h"
#include "job_test_support.h"

namespace flamingock::test {
namespace {

using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::ThrowsMessage;

constexpr milliseconds kPoll = kJobLease / 4;  // JobWorker::pollInterval

// What the listeners heard of steering, "<change>: <kind>".
class SteeringHeard : public Listener {
 public:
  void onJobSteered(const JobSteeredEvent& event) override {
    std::lock_guard lock(mutex_);
    heard_.push_back(event.change_id + ": " + toString(event.kind));
  }
  std::vector<std::string> heard() const {
    std::lock_guard lock(mutex_);
    return heard_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> heard_;
};

class JobSteeringTest : public JobTest {
 protected:
  // A runner of background change "backfill", 2 parts, each quarantining an item when
  // `poisoned_`.
  Runner runner(std::shared_ptr<Listener> listener = nullptr, bool workers = false) {
    FlamingockBuilder built = builder();
    built.addChange(backfill(jobOf({.parts = 2, .poisoned = poisoned_})));
    if (listener) built.addListener(std::move(listener));
    built.setBackgroundWorkers(workers);
    return built.build();
  }

  Administration admin{store};
  bool poisoned_ = false;
};

TEST_F(JobSteeringTest, PauseRecordsPausedAndResumeRunningAgain) {
  runner().run();

  EXPECT_EQ(admin.pauseJob("backfill").state, JobState::kPaused);
  EXPECT_EQ(job().state, JobState::kPaused);
  EXPECT_EQ(admin.resumeJob("backfill").state, JobState::kRunning);
  EXPECT_EQ(job().state, JobState::kRunning);
}

TEST_F(JobSteeringTest, SetJobRateRecordsTheFleetRateAndKeepsThePause) {
  runner().run();
  admin.pauseJob("backfill");

  admin.setJobRate("backfill", 250);

  EXPECT_EQ(job().rate, 250);
  EXPECT_EQ(job().state, JobState::kPaused);
}

TEST_F(JobSteeringTest, ANegativeRateIsRefusedNamingIt) {
  runner().run();

  EXPECT_THAT([&] { admin.setJobRate("backfill", -5); },
              ThrowsMessage<OptionError>(HasSubstr("not -5")));
  EXPECT_EQ(job().rate, std::nullopt);
}

TEST_F(JobSteeringTest, AJobThatEndedIsNotSteered) {
  runner().run();
  runner().work();

  EXPECT_THAT([&] { admin.pauseJob("backfill"); },
              ThrowsMessage<Error>(HasSubstr("the job of change 'backfill' is DONE")));
}

TEST_F(JobSteeringTest, AChangeWithoutAJobIsNotSteered) {
  EXPECT_THAT([&] { admin.resumeJob("backfill"); },
              ThrowsMessage<Error>(HasSubstr("change 'backfill' has no job")));
}

TEST_F(JobSteeringTest, WorkersLeaveAPausedJobAloneUntilItIsResumed) {
  runner().run();
  admin.pauseJob("backfill");
  auto heard = std::make_shared<SteeringHeard>();
  Runner working = runner(heard, true);

  working.run();
  clock->awaitWaiters(1);  // the first pass saw the job paused and waits for the next
  EXPECT_THAT(store->jobStore()->parts(job()), IsEmpty());

  admin.resumeJob("backfill");
  clock->advance(kPoll);
  clock->awaitWaiters(1);
  working.stopWorkers();

  EXPECT_EQ(job().state, JobState::kDone);
  EXPECT_THAT(heard->heard(), ElementsAre("backfill: resumed"));
}

TEST_F(JobSteeringTest, RefreshReadsTheSteeringAndThePartsInProgress) {
  runner().run();
  JobStore& jobs = *store->jobStore();
  jobs.claim(job(), 1, nullptr, "worker-b");
  detail::PartWatch watch;
  detail::SteeringWatch steering({}, "worker-a");
  std::atomic<bool> stop{false};
  detail::WorkerParts parts(jobs, job(), "worker-a", *clock, watch, stop, {}, steering);
  admin.setJobRate("backfill", 100);

  JobNow now = parts.refresh();

  EXPECT_EQ(now.job.rate, 100);
  EXPECT_EQ(now.parts_in_progress, 1);
}

TEST_F(JobSteeringTest, RefreshOfAJobThatEndedStopsTheWork) {
  runner().run();
  detail::PartWatch watch;
  detail::SteeringWatch steering({}, "worker-a");
  std::atomic<bool> stop{false};
  detail::WorkerParts parts(*store->jobStore(), job(), "worker-a", *clock, watch, stop, {},
                            steering);
  runner().work();

  EXPECT_THAT([&] { parts.refresh(); },
              ThrowsMessage<WorkInterruptedError>(HasSubstr("ended or was started again")));
}

TEST_F(JobSteeringTest, QuarantinedItemsAreCountedOnceEach) {
  poisoned_ = true;
  runner().run();

  runner().work();

  EXPECT_EQ(job().failed_items, 2);
  std::vector<FailedItem> failed = admin.failedItems("backfill");
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(failed[0].key, "key-0");
  EXPECT_EQ(failed[0].error, "bad item");
  EXPECT_FALSE(failed[0].worker.empty());
}

TEST_F(JobSteeringTest, AJobWithFailedItemsNobodyAcceptedEndsFailed) {
  poisoned_ = true;
  runner().run();

  runner().work();

  EXPECT_EQ(job().state, JobState::kFailed);
  ASSERT_TRUE(entryOf("backfill", AuditState::kFailed));
  EXPECT_THAT(entryOf("backfill", AuditState::kFailed)->error_trace,
              HasSubstr("2 items of the job of change 'backfill' failed and are quarantined"));
  EXPECT_FALSE(entryOf("backfill", AuditState::kApplied));
}

TEST_F(JobSteeringTest, AJobWhoseFailuresWereAcceptedEndsAppliedWithThemInItsMetadata) {
  poisoned_ = true;
  runner().run();
  admin.acceptJobFailures("backfill");

  runner().work();

  EXPECT_EQ(job().state, JobState::kDone);
  ASSERT_TRUE(entryOf("backfill", AuditState::kApplied));
  EXPECT_EQ(entryOf("backfill", AuditState::kApplied)->metadata.at("migration.failedItems"),
            "key-0: bad item\nkey-1: bad item\n");
}

TEST(SteeringWatchTest, TellsWhatChangedSinceItLastSawTheJobButNothingAtFirstSight) {
  auto heard = std::make_shared<SteeringHeard>();
  detail::SteeringWatch watch({heard}, "worker-a");
  JobRecord job{.change_id = "backfill", .execution_id = "e1"};

  watch.observe(job);
  job.state = JobState::kPaused;
  watch.observe(job);
  job.rate = 10;
  watch.observe(job);
  job.state = JobState::kRunning;
  watch.observe(job);

  EXPECT_THAT(heard->heard(),
              ElementsAre("backfill: paused", "backfill: rate changed", "backfill: resumed"));
}

TEST(SteeringWatchTest, AJobStartedAgainIsSeenForTheFirstTime) {
  auto heard = std::make_shared<SteeringHeard>();
  detail::SteeringWatch watch({heard}, "worker-a");
  watch.observe({.change_id = "backfill", .execution_id = "e1"});

  watch.observe({.change_id = "backfill", .execution_id = "e2", .state = JobState::kPaused});

  EXPECT_THAT(heard->heard(), IsEmpty());
}

}  // namespace
}  // namespace flamingock::test
