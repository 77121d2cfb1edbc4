// How a worker's segments obey their job's steering (docs/operations.md#steering-a-migration): the
// gate a paused job closes before each item, and the worker's share of the fleet's rate.
#include <gtest/gtest.h>

#include "dynamodb/migration/job_pace.h"
#include "flamingock/testing.h"

namespace flamingock::dynamodb::detail {
namespace {

JobNow jobNow(JobState state, std::optional<double> rate, int parts_in_progress) {
  return {.job = {.change_id = "backfill", .state = state, .rate = rate},
          .parts_in_progress = parts_in_progress};
}

class JobPaceTest : public ::testing::Test {
 protected:
  testing::FakeClock clock;
  RateControl rate{2000, clock};
  CapacityControl capacity{{.write_units = 100}, clock};
  JobPace pace{rate, capacity, 2000};
};

TEST_F(JobPaceTest, AWorkerGetsTheFleetsRateTimesTheShareOfThePartsItHolds) {
  pace.obey(jobNow(JobState::kRunning, 400, 8), 2);

  EXPECT_DOUBLE_EQ(rate.rate(), 100);
}

TEST_F(JobPaceTest, WithoutAnOperatorsRateTheMigrationsOwnIsTheFleets) {
  pace.obey(jobNow(JobState::kRunning, std::nullopt, 4), 1);

  EXPECT_DOUBLE_EQ(rate.rate(), 500);
}

TEST_F(JobPaceTest, ARateOfZeroLiftsTheLimit) {
  pace.obey(jobNow(JobState::kRunning, 0, 4), 1);

  EXPECT_DOUBLE_EQ(rate.rate(), 0);
}

TEST_F(JobPaceTest, TheSameShareLeavesARateThatThrottlingLowered) {
  pace.obey(jobNow(JobState::kRunning, 400, 1), 1);
  rate.throttled(1);
  double lowered = rate.rate();

  pace.obey(jobNow(JobState::kRunning, 400, 1), 1);

  EXPECT_LT(lowered, 400);
  EXPECT_DOUBLE_EQ(rate.rate(), lowered);
}

TEST_F(JobPaceTest, AWorkerGetsItsShareOfTheCapacityBudget) {
  pace.obey(jobNow(JobState::kRunning, std::nullopt, 4), 1);  // 25 write units a second
  auto start = clock.monotonicNow();

  capacity.consumedWrite(25);  // what a second holds
  capacity.consumedWrite(50);

  EXPECT_EQ(clock.monotonicNow() - start, std::chrono::seconds(2));
}

TEST_F(JobPaceTest, APausedJobHoldsSegmentsUntilTheMigrationStops) {
  pace.obey(jobNow(JobState::kPaused, std::nullopt, 1), 1);
  int checks = 0;

  bool passed = pace.pass([&] { return ++checks < 3; });

  EXPECT_FALSE(passed);
  EXPECT_EQ(checks, 3);
}

TEST_F(JobPaceTest, AResumedJobLetsSegmentsThrough) {
  pace.obey(jobNow(JobState::kPaused, std::nullopt, 1), 1);
  pace.obey(jobNow(JobState::kRunning, std::nullopt, 1), 1);

  EXPECT_TRUE(pace.pass([] { return false; }));
}

TEST_F(JobPaceTest, WhatTheCheckThrowsWhileHeldReachesTheSegment) {
  pace.obey(jobNow(JobState::kPaused, std::nullopt, 1), 1);

  EXPECT_THROW(pace.pass([]() -> bool { throw WorkInterruptedError("the worker stops"); }),
               WorkInterruptedError);
}

}  // namespace
}  // namespace flamingock::dynamodb::detail
