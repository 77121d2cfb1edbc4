// Administration: what the tools do with the audit log without the code of its changes.
#include "flamingock/administration.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class AdministrationTest : public EngineTest {
 protected:
  Administration administration() { return Administration(store, {.clock = clock}); }

  // `change_id`'s entry in `state`, `minutes` after the fixture's earlier run.
  AuditEntry at(const std::string& change_id, AuditState state, int minutes,
                const std::string& execution_id = "earlier-run") {
    AuditEntry entry = previous(change_id, state);
    entry.created_at += std::chrono::minutes(minutes);
    entry.execution_id = execution_id;
    return entry;
  }
};

std::vector<std::string> idsOf(const std::vector<Issue>& issues) {
  std::vector<std::string> ids;
  for (const Issue& issue : issues) ids.push_back(issue.current.change_id);
  return ids;
}

TEST_F(AdministrationTest, IssuesAreTheChangesABlockedRunWouldNameWithTheirRemedy) {
  store->seed(at("applied", AuditState::kApplied, 0));
  store->seed(at("failed", AuditState::kFailed, 1));
  AuditEntry retried = at("retried", AuditState::kFailed, 2);
  retried.recovery_strategy = RecoveryStrategy::kAlwaysRetry;
  store->seed(retried);
  store->seed(at("started", AuditState::kStarted, 3));

  std::vector<Issue> issues = administration().issues();

  EXPECT_THAT(idsOf(issues), ElementsAre("failed", "started"));
  EXPECT_EQ(issues[0].remedy.kind, RemedyKind::kMarkResolved);
  EXPECT_EQ(issues[0].remedy.change_id, "failed");
}

TEST_F(AdministrationTest, AnUnreadableEntryIsAnIssueWhoseRemedyIsRepairingIt) {
  AuditEntry unreadable;
  unreadable.change_id = "a";
  unreadable.unreadable_key = "run-1#a#APPLIED";
  unreadable.unreadable_reason = "unreadable 'createdAt': 'yesterday'";
  store->seed(unreadable);

  std::vector<Issue> issues = administration().issues();

  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].remedy.kind, RemedyKind::kRepairEntry);
  EXPECT_FALSE(administration().story("a").unfinished);
}

TEST_F(AdministrationTest, StoryTellsTheChangesEntriesOldestFirstAndItsIssue) {
  store->seed(at("a", AuditState::kFailed, 2));
  store->seed(at("b", AuditState::kApplied, 1));
  store->seed(at("a", AuditState::kStarted, 0));

  ChangeStory story = administration().story("a");

  ASSERT_EQ(story.entries.size(), 2u);
  EXPECT_EQ(story.entries[0].state, AuditState::kStarted);
  EXPECT_EQ(story.current.state, AuditState::kFailed);
  EXPECT_TRUE(story.unfinished);
  EXPECT_FALSE(story.applied);
  EXPECT_FALSE(story.undoing);
  ASSERT_TRUE(story.issue);
  EXPECT_EQ(story.issue->remedy.kind, RemedyKind::kMarkResolved);
}

TEST_F(AdministrationTest, StorySaysWhenTheCurrentEntryIsAnUndosRollback) {
  store->seed(at("a", AuditState::kApplied, 0));
  store->seed(at("a", AuditState::kStarted, 1, "undo-run"));
  store->seed(at("a", AuditState::kRollbackFailed, 2, "undo-run"));

  ChangeStory story = administration().story("a");

  EXPECT_TRUE(story.undoing);
  EXPECT_TRUE(story.unfinished);
}

TEST_F(AdministrationTest, StoryOfAChangeNotInTheLogIsAnError) {
  EXPECT_THROW(administration().story("nowhere"), Error);
}

TEST_F(AdministrationTest, FixRecordsThePersonsDecisionUnderTheLock) {
  store->seed(at("a", AuditState::kFailed, 0));

  AuditEntry written = administration().fix("a", Resolution::kRolledBack);

  EXPECT_EQ(written.state, AuditState::kManualMarkedAsRolledBack);
  EXPECT_THAT(statesOf("a"),
              ElementsAre(AuditState::kFailed, AuditState::kManualMarkedAsRolledBack));
  EXPECT_THAT(administration().issues(), IsEmpty());
}

TEST_F(AdministrationTest, FixOfAnAppliedChangeWithoutItsCodesChecksumWritesNothing) {
  store->seed(at("a", AuditState::kApplied, 0));

  EXPECT_THROW(administration().fix("a", Resolution::kApplied), ChecksumUnknownError);
  EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kApplied));
}

TEST_F(AdministrationTest, RefusesNoStore) {
  EXPECT_THROW(Administration(nullptr), ConfigurationError);
}

}  // namespace
}  // namespace flamingock::test
