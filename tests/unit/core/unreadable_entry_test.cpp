// An audit entry the store could not read blocks its own change only (docs/tables.md#reading,
// issue 11.4).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/planner.h"
#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class UnreadableEntryTest : public EngineTest {
 protected:
  // What a store returns for an item it cannot read.
  static AuditEntry unreadable(const std::string& change_id) {
    AuditEntry entry;
    entry.change_id = change_id;
    entry.unreadable_key = "run-1#" + change_id + "#APPLIED";
    entry.unreadable_reason =
        "audit item 'run-1#" + change_id + "#APPLIED' has an unreadable 'createdAt': 'yesterday'";
    return entry;
  }
};

TEST_F(UnreadableEntryTest, AnotherChangesUnreadableEntryDoesNotStopTheRun) {
  store->seed(unreadable("not-ours"));

  builder().addChange(change("a", "0001")).build().run();

  EXPECT_THAT(*journal, ElementsAre("apply:a"));
}

TEST_F(UnreadableEntryTest, ValidateCallsAnotherChangesUnreadableEntryAProblem) {
  store->seed(unreadable("not-ours"));

  ValidationReport report = builder().addChange(change("a", "0001")).build().validate();

  ASSERT_EQ(report.problems.size(), 2u);  // a is pending
  EXPECT_EQ(report.problems[1].kind, ProblemKind::kNotInCode);
  EXPECT_EQ(report.problems[1].change_id, "not-ours");
  EXPECT_EQ(report.problems[1].detail, "current state UNREADABLE");
  EXPECT_TRUE(report.not_in_code.empty());
}

TEST_F(UnreadableEntryTest, BlocksItsChangeNamingTheItemAndTheReason) {
  store->seed(unreadable("a"));

  try {
    builder().addChange(change("a", "0001")).build().run();
    FAIL() << "expected ManualInterventionRequiredError";
  } catch (const ManualInterventionRequiredError& e) {
    ASSERT_EQ(e.blocked().size(), 1u);
    EXPECT_EQ(e.blocked()[0].state, "UNREADABLE");
    EXPECT_EQ(e.blocked()[0].error, unreadable("a").unreadable_reason);
    EXPECT_EQ(e.blocked()[0].remedy.kind, RemedyKind::kRepairEntry);
    EXPECT_THAT(e.what(), HasSubstr("repair or delete that item"));
    EXPECT_THAT(e.what(), HasSubstr("'a' is UNREADABLE, error: audit item 'run-1#a#APPLIED'"));
  }
  EXPECT_TRUE(journal->empty());
}

TEST_F(UnreadableEntryTest, WinsOverAReadableLaterEntryBecauseItsTimeIsUnknown) {
  store->seed(previous("a", AuditState::kApplied));
  store->seed(unreadable("a"));

  EXPECT_THROW(builder().addChange(change("a", "0001")).build().run(),
               ManualInterventionRequiredError);
  EXPECT_TRUE(journal->empty());
}

TEST(DecideTest, UnreadableNeedsAPersonEvenWithAlwaysRetry) {
  AuditEntry entry;
  entry.change_id = "a";
  entry.state = AuditState::kApplied;  // whatever the defaults say, it was not read
  entry.unreadable_reason = "unknown state";

  EXPECT_EQ(detail::decide(&entry, RecoveryStrategy::kAlwaysRetry), detail::Decision::kBlocked);
}

}  // namespace
}  // namespace flamingock::test
