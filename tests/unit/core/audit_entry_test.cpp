#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "flamingock/audit_entry.h"

namespace flamingock {
namespace {

TEST(AuditEntryTest, StatesHaveFlamingocksNamesBothWays) {
  const std::vector<std::pair<AuditState, std::string>> names = {
      {AuditState::kStarted, "STARTED"},
      {AuditState::kApplied, "APPLIED"},
      {AuditState::kFailed, "FAILED"},
      {AuditState::kRolledBack, "ROLLED_BACK"},
      {AuditState::kRollbackFailed, "ROLLBACK_FAILED"},
      {AuditState::kManualMarkedAsApplied, "MANUAL_MARKED_AS_APPLIED"},
      {AuditState::kManualMarkedAsRolledBack, "MANUAL_MARKED_AS_ROLLED_BACK"},
  };
  for (const auto& [state, name] : names) {
    EXPECT_EQ(toString(state), name);
    EXPECT_EQ(parseAuditState(name), state);
  }
  EXPECT_EQ(parseAuditState("applied"), std::nullopt);
}

TEST(AuditEntryTest, OtherEnumsHaveFlamingocksNames) {
  EXPECT_EQ(toString(TxStrategy::kTxShared), "TX_SHARED");
  EXPECT_EQ(parseTxStrategy("NON_TX"), TxStrategy::kNonTx);
  EXPECT_EQ(toString(ChangeType::kStandardTemplate), "STANDARD_TEMPLATE");
  EXPECT_EQ(parseChangeType("STANDARD_CODE"), ChangeType::kStandardCode);
  EXPECT_EQ(toString(RecoveryStrategy::kAlwaysRetry), "ALWAYS_RETRY");
  EXPECT_EQ(parseRecoveryStrategy("MANUAL_INTERVENTION"), RecoveryStrategy::kManualIntervention);
}

TEST(AuditEntryTest, PartitionKeyJoinsExecutionChangeAndState) {
  AuditEntry entry;
  entry.execution_id = "e1";
  entry.change_id = "c1";
  entry.state = AuditState::kRolledBack;

  EXPECT_EQ(entry.partitionKey(), "e1#c1#ROLLED_BACK");
}

}  // namespace
}  // namespace flamingock
