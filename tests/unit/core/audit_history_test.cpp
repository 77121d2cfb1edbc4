#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_support.h"
#include "flamingock/audit_history.h"

namespace flamingock::test {
namespace {

using namespace std::chrono;

AuditEntry entryAt(const std::string& change_id, AuditState state, system_clock::time_point when) {
  AuditEntry entry;
  entry.change_id = change_id;
  entry.state = state;
  entry.created_at = when;
  return entry;
}

const system_clock::time_point kNoon = sys_days(year(2026) / 6 / 1) + hours(12);

TEST(AuditHistoryTest, CurrentStateIsTheLatestByCreatedAtNotByPosition) {
  AuditHistory history({entryAt("a", AuditState::kApplied, kNoon + seconds(2)),
                        entryAt("a", AuditState::kStarted, kNoon + seconds(1))});

  EXPECT_EQ(history.current("a")->state, AuditState::kApplied);
  EXPECT_EQ(history.current("b"), nullptr);
}

TEST(AuditHistoryTest, EqualCreatedAtIsWonByTheStateListedLater) {
  AuditHistory history({entryAt("a", AuditState::kManualMarkedAsApplied, kNoon),
                        entryAt("a", AuditState::kFailed, kNoon),
                        entryAt("b", AuditState::kApplied, kNoon),
                        entryAt("b", AuditState::kStarted, kNoon)});

  EXPECT_EQ(history.current("a")->state, AuditState::kManualMarkedAsApplied);
  EXPECT_EQ(history.current("b")->state, AuditState::kApplied);
}

TEST(AuditHistoryTest, ListsEachChangesCurrentEntryOldestFirst) {
  AuditHistory history({entryAt("late", AuditState::kApplied, kNoon + seconds(9)),
                        entryAt("early", AuditState::kStarted, kNoon),
                        entryAt("early", AuditState::kApplied, kNoon + seconds(1))});

  std::vector<const AuditEntry*> current = history.currentEntries();

  ASSERT_EQ(current.size(), 2u);
  EXPECT_EQ(current[0]->change_id, "early");
  EXPECT_EQ(current[0]->state, AuditState::kApplied);
  EXPECT_EQ(current[1]->change_id, "late");
  EXPECT_EQ(history.latestCreatedAt(), kNoon + seconds(9));
}

using CreatedAtOrderTest = EngineTest;

TEST_F(CreatedAtOrderTest, NeverGoesBackwardsWhenTheWallClockJumpsBack) {
  auto jumps_back = change("a", "0001");
  jumps_back->onApply([&](ChangeContext&) { clock->setWall(clock->wallNow() - hours(1)); });

  builder().addChange(std::move(jumps_back)).addChange(change("b", "0002")).build().run();

  std::vector<AuditEntry> log = store->readHistory();
  ASSERT_EQ(log.size(), 4u);
  for (std::size_t i = 1; i < log.size(); ++i) {
    EXPECT_EQ(log[i].created_at, log[i - 1].created_at + milliseconds(1)) << i;
  }
}

TEST_F(CreatedAtOrderTest, ContinuesAfterTheLatestEntryWrittenByAFasterClock) {
  AuditEntry from_the_future = previous("other", AuditState::kApplied);
  from_the_future.created_at = clock->wallNow() + hours(2);
  store->seed(from_the_future);

  builder().addChange(change("a", "0001")).build().run();

  EXPECT_EQ(store->readHistory()[1].created_at, from_the_future.created_at + milliseconds(1));
}

TEST_F(CreatedAtOrderTest, FollowsTheWallClockWhenItIsAhead) {
  builder().addChange(change("a", "0001")).build().run();

  EXPECT_EQ(store->readHistory()[0].created_at, clock->wallNow());
}

}  // namespace
}  // namespace flamingock::test
