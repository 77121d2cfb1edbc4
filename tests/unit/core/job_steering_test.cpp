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

// A job store that counts how often its jobs' parts are read (each a Scan on DynamoDB); as a store
// of an earlier version when `earlier`: its jobs have no count of parts started.
class PartsReadCounted : public JobStore {
 public:
  PartsReadCounted(JobStore& jobs, bool earlier) : jobs_(jobs), earlier_(earlier) {}

  void start(const JobRecord& job, const AuditEntry& started, const Fence& fence) override {
    jobs_.start(job, started, fence);
  }
  std::optional<JobRecord> read(const std::string& change_id) override {
    std::optional<JobRecord> job = jobs_.read(change_id);
    if (job && earlier_) job->parts_started.reset();
    return job;
  }
  std::vector<JobRecord> list() override { return jobs_.list(); }
  std::vector<JobPart> parts(const JobRecord& job) override {
    ++parts_read;
    return jobs_.parts(job);
  }
  std::optional<JobPart> claim(const JobRecord& job, int index, const JobPart* seen,
                               const std::string& owner) override {
    return jobs_.claim(job, index, seen, owner);
  }
  void save(const JobRecord& job, JobPart& part) override { jobs_.save(job, part); }
  bool finish(const JobRecord& job, const AuditEntry& entry) override {
    return jobs_.finish(job, entry);
  }
  bool acceptFailed(const JobRecord& job, const AuditEntry& applied, const Fence& fence) override {
    return jobs_.acceptFailed(job, applied, fence);
  }
  bool cancel(const JobRecord& job, const AuditEntry& failed, const Fence& fence) override {
    return jobs_.cancel(job, failed, fence);
  }
  JobRecord steer(const std::string& change_id, const JobSteering& steering) override {
    return jobs_.steer(change_id, steering);
  }
  int quarantine(const JobRecord& job, const FailedItem& item) override {
    return jobs_.quarantine(job, item);
  }
  std::vector<FailedItem> failedItems(const JobRecord& job) override {
    return jobs_.failedItems(job);
  }

  int parts_read = 0;

 private:
  JobStore& jobs_;
  bool earlier_;
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

  // Worker "worker-a"'s parts of the job, through `jobs`.
  detail::WorkerParts workerParts(JobStore& jobs) {
    return detail::WorkerParts(jobs, job(), "worker-a", *clock, watch_, stop_, {}, steering_);
  }

  Administration admin{store};
  bool poisoned_ = false;

 private:
  detail::PartWatch watch_;
  detail::SteeringWatch steering_{{}, "worker-a"};
  std::atomic<bool> stop_{false};
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

TEST_F(JobSteeringTest, RefreshReadsTheSteeringAndThePartsInProgressFromTheJobAlone) {
  runner().run();
  JobStore& jobs = *store->jobStore();
  JobPart done = jobs.claim(job(), 0, nullptr, "worker-b").value();
  done.done = true;
  jobs.save(job(), done);
  jobs.claim(job(), 1, nullptr, "worker-b");
  PartsReadCounted counted(jobs, false);
  detail::WorkerParts parts = workerParts(counted);
  admin.setJobRate("backfill", 100);

  JobNow now = parts.refresh();

  EXPECT_EQ(now.job.rate, 100);
  EXPECT_EQ(now.parts_in_progress, 1);
  EXPECT_EQ(counted.parts_read, 0);
}

TEST_F(JobSteeringTest, RefreshOfAJobWithoutACountOfPartsStartedCountsItsParts) {
  runner().run();
  JobStore& jobs = *store->jobStore();
  jobs.claim(job(), 1, nullptr, "worker-b");
  PartsReadCounted earlier(jobs, true);
  detail::WorkerParts parts = workerParts(earlier);

  JobNow now = parts.refresh();

  EXPECT_EQ(now.parts_in_progress, 1);
  EXPECT_EQ(earlier.parts_read, 1);
}

TEST_F(JobSteeringTest, RefreshOfAJobThatEndedStopsTheWork) {
  runner().run();
  detail::WorkerParts parts = workerParts(*store->jobStore());
  runner().work();

  EXPECT_THAT(
      [&] { parts.refresh(); },
      ThrowsMessage<WorkInterruptedError>(HasSubstr("is DONE while this worker held parts of it")));
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
