// ManualFix: a person's decision appended under the lock, after everything in the log.
#include "core/manual_fix.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using detail::ManualFix;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ManualFixTest : public EngineTest {
 protected:
  ManualFix fix() { return ManualFix(*store, "DEFAULT_KEY", clock); }
};

TEST_F(ManualFixTest, MarksAFailedChangeAfterEverythingInTheLog) {
  AuditEntry failed = previous("a", AuditState::kFailed);
  failed.checksum = "sum-a";
  failed.error_trace = errorTraceJson("Boom", "it broke");
  failed.created_at = clock->wallNow() + std::chrono::hours(1);  // a writer whose clock runs ahead
  store->seed(failed);

  AuditEntry written = fix().markResolved("a", Resolution::kApplied);

  EXPECT_EQ(written.state, AuditState::kManualMarkedAsApplied);
  EXPECT_EQ(written.author, "flamingock-cli");
  EXPECT_EQ(written.checksum, "sum-a");
  EXPECT_EQ(written.error_trace, "");
  EXPECT_GT(written.created_at, failed.created_at);
  EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kFailed, AuditState::kManualMarkedAsApplied));
  EXPECT_EQ(store->lockOwner(), std::nullopt);
}

TEST_F(ManualFixTest, RolledBackMakesTheNextRunApplyTheChangeAgain) {
  store->seed(previous("a", AuditState::kStarted));

  fix().markResolved("a", Resolution::kRolledBack);
  builder().addChange(change("a", "0001")).build().run();

  EXPECT_THAT(*journal, ElementsAre("apply:a"));
}

TEST_F(ManualFixTest, WritesNothingWhileAnotherRunnerHoldsTheLock) {
  store->seed(previous("a", AuditState::kFailed));
  lockHeldElsewhere();

  EXPECT_THROW(fix().markResolved("a", Resolution::kApplied), LockError);
  EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kFailed));
}

TEST_F(ManualFixTest, RefusesAnUnreadableEntryNamingItsItem) {
  AuditEntry unreadable;
  unreadable.change_id = "a";
  unreadable.unreadable_key = "run-1#a#APPLIED";
  unreadable.unreadable_reason = "no string attribute 'state'";
  store->seed(unreadable);

  try {
    fix().markResolved("a", Resolution::kApplied);
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("item 'run-1#a#APPLIED': no string attribute 'state'"));
  }
  EXPECT_EQ(store->readHistory().size(), 1u);
}

TEST_F(ManualFixTest, AppendUnderLockWritesEveryDecidedEntryAsOneExecutionInOrder) {
  store->seed(previous("a", AuditState::kApplied));
  ManualFix baseline = fix();

  std::vector<AuditEntry> written = baseline.appendUnderLock([&](const AuditHistory&) {
    AuditEntry pending;
    pending.stage_id = "default";
    std::vector<AuditEntry> entries;
    for (const char* id : {"b", "c"}) {
      pending.change_id = id;
      entries.push_back(baseline.recordOf(pending, AuditState::kManualMarkedAsApplied));
    }
    return entries;
  });

  ASSERT_EQ(written.size(), 2u);
  EXPECT_EQ(written[0].execution_id, written[1].execution_id);
  EXPECT_LT(written[0].created_at, written[1].created_at);
  EXPECT_THAT(statesOf("c"), ElementsAre(AuditState::kManualMarkedAsApplied));
}

TEST_F(ManualFixTest, AppendUnderLockWritesNothingWhenTheDecisionRefuses) {
  EXPECT_THROW(fix().appendUnderLock(
                   [](const AuditHistory&) -> std::vector<AuditEntry> { throw Error("refused"); }),
               Error);
  EXPECT_TRUE(store->readHistory().empty());
  EXPECT_EQ(store->lockOwner(), std::nullopt);
}

TEST_F(ManualFixTest, AcceptsADriftedChangesEditRecordingTheCodesChecksum) {
  AuditEntry applied = previous("a", AuditState::kApplied);
  applied.checksum = "old-sum";
  store->seed(applied);

  AuditEntry written = fix().markResolved("a", Resolution::kApplied, "new-sum");

  EXPECT_EQ(written.state, AuditState::kManualMarkedAsApplied);
  EXPECT_EQ(written.checksum, "new-sum");
  EXPECT_EQ(store->readHistory().back().checksum, "new-sum");
  EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kApplied, AuditState::kManualMarkedAsApplied));
}

TEST_F(ManualFixTest, MarksAnUnfinishedChangeAppliedWithTheCodesChecksumWhenGiven) {
  AuditEntry failed = previous("a", AuditState::kFailed);
  failed.checksum = "old-sum";
  store->seed(failed);

  AuditEntry written = fix().markResolved("a", Resolution::kApplied, "new-sum");

  EXPECT_EQ(written.checksum, "new-sum");
}

// Each refusal of an applied change: its message, and the log left as it was.
class ManualFixRefusalTest : public ManualFixTest {
 protected:
  void SetUp() override {
    AuditEntry applied = previous("a", AuditState::kApplied);
    applied.checksum = "sum-a";
    store->seed(applied);
  }
  template <class Expected>
  std::string refusal(Resolution resolution, const std::optional<std::string>& code_checksum) {
    try {
      fix().markResolved("a", resolution, code_checksum);
    } catch (const Expected& e) {
      EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kApplied));
      EXPECT_EQ(store->lockOwner(), std::nullopt);
      return e.what();
    }
    ADD_FAILURE() << "expected a refusal";
    return "";
  }
};

TEST_F(ManualFixRefusalTest, AnAppliedChangeThatHasNotDriftedHasNothingToFix) {
  EXPECT_THAT(refusal<OptionError>(Resolution::kApplied, "sum-a"),
              HasSubstr("has not drifted (checksum in the log: sum-a, in the code: sum-a): "
                        "nothing to fix"));
}

TEST_F(ManualFixRefusalTest, MarkingAnAppliedChangeRolledBackPointsToUndo) {
  EXPECT_THAT(refusal<OptionError>(Resolution::kRolledBack, "other-sum"),
              HasSubstr("Runner::undo"));
}

TEST_F(ManualFixRefusalTest, AnAppliedChangeWithoutItsCodesChecksumCannotBeJudged) {
  EXPECT_THAT(refusal<ChecksumUnknownError>(Resolution::kApplied, std::nullopt),
              HasSubstr("no code of it was given"));
}

TEST_F(ManualFixTest, RefusesARolledBackChangeAsBefore) {
  store->seed(previous("a", AuditState::kRolledBack));

  EXPECT_THROW(fix().markResolved("a", Resolution::kApplied, "sum-a"), Error);
  EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kRolledBack));
}

TEST_F(ManualFixTest, RejectsAnEmptyLockKey) {
  EXPECT_THROW(ManualFix(*store, "", clock), ConfigurationError);
}

}  // namespace
}  // namespace flamingock::test
