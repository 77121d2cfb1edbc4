// The pace of a migration (README.md#data-migrations): a token bucket on items per second, slowed
// by throttling answers (multiplicative decrease) and sped up again by quiet periods (additive
// increase).
#include <gtest/gtest.h>

#include "dynamodb/migration/rate_control.h"
#include "flamingock/testing.h"

namespace flamingock::dynamodb::detail {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

TEST(TokenBucketTest, LetsASecondsWorthThroughAtOnceThenMakesTakersWait) {
  auto start = std::chrono::steady_clock::time_point{};
  TokenBucket bucket(10, start);

  EXPECT_EQ(bucket.take(10, start), nanoseconds(0));
  EXPECT_EQ(bucket.take(1, start), milliseconds(100));
  EXPECT_EQ(bucket.take(1, start), milliseconds(200));
}

TEST(TokenBucketTest, RefillsAtItsRateUpToOneSecondsWorth) {
  auto start = std::chrono::steady_clock::time_point{};
  TokenBucket bucket(10, start);
  bucket.take(10, start);

  EXPECT_EQ(bucket.take(5, start + milliseconds(500)), nanoseconds(0));
  EXPECT_EQ(bucket.take(10, start + std::chrono::seconds(60)), nanoseconds(0));
  EXPECT_GT(bucket.take(1, start + std::chrono::seconds(60)), nanoseconds(0));
}

TEST(AimdTest, ThrottlingHalvesTheRateAndQuietPeriodsAddItBackUpToTheCeiling) {
  Aimd aimd(1000);

  aimd.throttled(1000);
  EXPECT_DOUBLE_EQ(aimd.rate(), 500);
  aimd.throttled(1000);
  EXPECT_DOUBLE_EQ(aimd.rate(), 250);
  aimd.quiet();
  EXPECT_DOUBLE_EQ(aimd.rate(), 300);  // a step is a twentieth of the ceiling
  for (int i = 0; i < 100; ++i) aimd.quiet();
  EXPECT_DOUBLE_EQ(aimd.rate(), 1000);
}

TEST(AimdTest, WithoutACeilingTheFirstThrottlingHalvesTheObservedRate) {
  Aimd aimd(0);
  EXPECT_EQ(aimd.rate(), 0);  // no limit

  aimd.throttled(800);
  EXPECT_DOUBLE_EQ(aimd.rate(), 400);
}

TEST(AimdTest, WithoutACeilingQuietPeriodsAddATenthOfTheRate) {
  Aimd aimd(0);
  aimd.throttled(4000);

  aimd.quiet();
  EXPECT_DOUBLE_EQ(aimd.rate(), 2200);
  aimd.quiet();
  EXPECT_DOUBLE_EQ(aimd.rate(), 2420);
}

TEST(AimdTest, WithoutACeilingAThrottlingBeforeAnyPaceWasSeenSetsNoLimit) {
  Aimd aimd(0);

  aimd.throttled(0);

  EXPECT_EQ(aimd.rate(), 0);
}

TEST(AimdTest, NeverGoesBelowItsMinimum) {
  Aimd aimd(4);
  for (int i = 0; i < 10; ++i) aimd.throttled(4);
  EXPECT_DOUBLE_EQ(aimd.rate(), Aimd::kMinRate);
}

TEST(RateControlTest, HoldsItemsToTheRateAcrossCallers) {
  testing::FakeClock clock;
  RateControl rate(100, clock);
  auto start = clock.monotonicNow();

  for (int i = 0; i < 1000; ++i) rate.admit(1);

  // 100 at once, then 900 at 100 a second.
  auto elapsed = clock.monotonicNow() - start;
  EXPECT_GE(elapsed, milliseconds(8900));
  EXPECT_LE(elapsed, milliseconds(9100));
}

TEST(RateControlTest, WithoutALimitNeverWaits) {
  testing::FakeClock clock;
  RateControl rate(0, clock);
  auto start = clock.monotonicNow();

  for (int i = 0; i < 100000; ++i) rate.admit(1);

  EXPECT_EQ(clock.monotonicNow(), start);
}

TEST(RateControlTest, ThrottlingSlowsEveryoneDownAndBacksOffMoreEachAttempt) {
  testing::FakeClock clock;
  RateControl rate(100, clock);

  EXPECT_EQ(rate.throttled(1), milliseconds(50));
  EXPECT_DOUBLE_EQ(rate.rate(), 50);
  EXPECT_EQ(rate.throttled(3), milliseconds(200));
  EXPECT_EQ(rate.throttled(30), milliseconds(5000));
}

TEST(RateControlTest, ThrottlingWithoutALimitStartsLimitingAtHalfThePaceSeen) {
  testing::FakeClock clock;
  RateControl rate(0, clock);
  for (int i = 0; i < 2000; ++i) rate.admit(1);
  clock.advance(milliseconds(1000));  // 2000 items in one second

  rate.throttled(1);

  EXPECT_DOUBLE_EQ(rate.rate(), 1000);
  auto start = clock.monotonicNow();
  for (int i = 0; i < 3000; ++i) rate.admit(1);
  EXPECT_GT(clock.monotonicNow() - start, milliseconds(1000));
}

TEST(RateControlTest, WithoutALimitThePaceHalvedByThrottlingIsBackInSeconds) {
  testing::FakeClock clock;
  RateControl rate(0, clock);
  for (int i = 0; i < 4000; ++i) rate.admit(1);
  clock.advance(milliseconds(1000));  // 4000 items in one second
  rate.throttled(1);
  ASSERT_DOUBLE_EQ(rate.rate(), 2000);

  auto start = clock.monotonicNow();
  while (clock.monotonicNow() - start < std::chrono::seconds(15)) rate.admit(1);

  // A tenth more each quiet second: about 2000 * 1.1^14, past the 4000 seen before the
  // throttling (a fixed step, a twentieth of those 4000 a second, would be at 5000).
  EXPECT_GE(rate.rate(), 6000);
}

TEST(RateControlTest, ThrottlingWithoutALimitMeasuresThePaceOverTheLastSecondToo) {
  testing::FakeClock clock;
  RateControl rate(0, clock);
  for (int i = 0; i < 3000; ++i) rate.admit(1);
  clock.advance(milliseconds(1000));
  for (int i = 0; i < 30; ++i) rate.admit(1);  // a new measuring window begins
  clock.advance(milliseconds(1));

  rate.throttled(1);

  // 3030 items in 1.001 s, not 30 items in 1 ms (30,000 a second).
  EXPECT_NEAR(rate.rate(), 1513, 5);
}

}  // namespace
}  // namespace flamingock::dynamodb::detail
