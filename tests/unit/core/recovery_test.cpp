#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct RecoveryCase {
  AuditState previous_state;
  TxStrategy tx = TxStrategy::kNonTx;
};

class RecoveryTest : public EngineTest {
 protected:
  // Runs change "a" (with `recovery`) over a log whose last entry for it is `previous_state`.
  void runAfter(const RecoveryCase& left, RecoveryStrategy recovery) {
    store->seed(previous("a", left.previous_state, left.tx));
    builder().addChange(change({.id = "a", .order = "0001", .recovery = recovery})).build().run();
  }
};

class UnfinishedStateTest : public RecoveryTest,
                            public ::testing::WithParamInterface<AuditState> {};

TEST_P(UnfinishedStateTest, ManualInterventionBlocksAndNamesTheFixApi) {
  try {
    runAfter({GetParam()}, RecoveryStrategy::kManualIntervention);
    FAIL() << "expected ManualInterventionRequiredError";
  } catch (const ManualInterventionRequiredError& e) {
    ASSERT_EQ(e.blocked().size(), 1u);
    EXPECT_EQ(e.blocked()[0].change_id, "a");
    EXPECT_EQ(e.blocked()[0].state, toString(GetParam()));
    EXPECT_EQ(e.blocked()[0].hostname, "host-a");
    EXPECT_EQ(e.blocked()[0].remedy.kind, RemedyKind::kMarkResolved);
    EXPECT_EQ(e.blocked()[0].remedy.change_id, "a");
    EXPECT_THAT(e.what(), HasSubstr("record it applied or rolled back with Runner::fix"));
  }
  EXPECT_TRUE(journal->empty());
}

TEST_P(UnfinishedStateTest, AlwaysRetryAppliesAgain) {
  runAfter({GetParam()}, RecoveryStrategy::kAlwaysRetry);

  EXPECT_THAT(*journal, ElementsAre("apply:a"));
}

INSTANTIATE_TEST_SUITE_P(States, UnfinishedStateTest,
                         ::testing::Values(AuditState::kStarted, AuditState::kFailed,
                                           AuditState::kRollbackFailed),
                         [](const auto& info) { return std::string(toString(info.param)); });

TEST_F(RecoveryTest, FailedTransactionalChangeIsAppliedAgain) {
  runAfter({AuditState::kFailed, TxStrategy::kTxShared}, RecoveryStrategy::kManualIntervention);

  EXPECT_THAT(*journal, ElementsAre("apply:a"));
}

TEST_F(RecoveryTest, RolledBackChangeIsAppliedAgain) {
  runAfter({AuditState::kRolledBack}, RecoveryStrategy::kManualIntervention);

  EXPECT_THAT(*journal, ElementsAre("apply:a"));
}

TEST_F(RecoveryTest, ManuallyMarkedRolledBackIsAppliedAgain) {
  runAfter({AuditState::kManualMarkedAsRolledBack}, RecoveryStrategy::kManualIntervention);

  EXPECT_THAT(*journal, ElementsAre("apply:a"));
}

TEST_F(RecoveryTest, ManuallyMarkedAppliedIsSkipped) {
  runAfter({AuditState::kManualMarkedAsApplied}, RecoveryStrategy::kManualIntervention);

  EXPECT_TRUE(journal->empty());
}

TEST_F(RecoveryTest, BlockedStageRunsNothingButEarlierStagesRun) {
  store->seed(previous("b1", AuditState::kFailed));
  auto runner = builder()
                    .addStage("first")
                    .addChange(change("a", "0001"))
                    .addStage("second")
                    .addChange(change("b0", "0001"))
                    .addChange(change("b1", "0002"))
                    .addChange(change("b2", "0003"))
                    .build();

  EXPECT_THROW(runner.run(), ManualInterventionRequiredError);

  EXPECT_THAT(*journal, ElementsAre("apply:a"));
}

TEST_F(RecoveryTest, EveryBlockedChangeOfTheStageIsListed) {
  store->seed(previous("a", AuditState::kStarted));
  store->seed(previous("b", AuditState::kRollbackFailed));

  try {
    builder().addChange(change("a", "0001")).addChange(change("b", "0002")).build().run();
    FAIL() << "expected ManualInterventionRequiredError";
  } catch (const ManualInterventionRequiredError& e) {
    ASSERT_EQ(e.blocked().size(), 2u);
    EXPECT_EQ(e.blocked()[1].change_id, "b");
  }
}

}  // namespace
}  // namespace flamingock::test
