// `audit list`, `issue list` and `issue get` on a log holding every state, and `lock`.
#include <gmock/gmock.h>

#include <algorithm>

#include "cli_fixture.h"
#include "flamingock/clock.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

AuditEntry failed(const std::string& change_id, const std::string& created_at,
                  const std::string& message) {
  AuditEntry failure = entry(change_id, AuditState::kFailed, created_at);
  failure.error_trace = errorTraceJson("std::runtime_error", message);
  return failure;
}

// Every state a change can be in, one change each; written out of time order on purpose.
std::vector<AuditEntry> everyState() {
  AuditEntry tx_failed = failed("tx-failed", "2026-01-01T00:00:14", "commit refused");
  tx_failed.tx_strategy = TxStrategy::kTxShared;
  AuditEntry retried = entry("retried", AuditState::kStarted, "2026-01-01T00:00:15");
  retried.recovery_strategy = RecoveryStrategy::kAlwaysRetry;
  AuditEntry rollback_failed = failed("rollback-failed", "2026-01-01T00:00:09", "rollback broke");
  rollback_failed.state = AuditState::kRollbackFailed;
  return {
      entry("applied", AuditState::kApplied, "2026-01-01T00:00:02"),
      entry("applied", AuditState::kStarted, "2026-01-01T00:00:01"),
      entry("started", AuditState::kStarted, "2026-01-01T00:00:03"),
      failed("failed", "2026-01-01T00:00:05", "table missing"),
      entry("failed", AuditState::kStarted, "2026-01-01T00:00:04"),
      entry("rolled-back", AuditState::kRolledBack, "2026-01-01T00:00:06"),
      failed("rollback-failed", "2026-01-01T00:00:08", "apply broke"),
      rollback_failed,
      entry("marked-applied", AuditState::kManualMarkedAsApplied, "2026-01-01T00:00:10"),
      entry("marked-rolled-back", AuditState::kManualMarkedAsRolledBack, "2026-01-01T00:00:11"),
      tx_failed,
      retried,
  };
}

std::vector<std::string> values(const nlohmann::json& array, const std::string& key) {
  std::vector<std::string> found;
  for (const auto& object : array) found.push_back(object[key].get<std::string>());
  return found;
}

class EveryStateLogTest : public CliTest {
 protected:
  void SetUp() override { seed(everyState()); }
};

TEST_F(EveryStateLogTest, AuditListShowsEachChangesCurrentStateInTimeOrder) {
  nlohmann::json current = json(flamingock({"audit", "list", "--json"}));

  EXPECT_THAT(values(current, "changeId"),
              ElementsAre("applied", "started", "failed", "rolled-back", "rollback-failed",
                          "marked-applied", "marked-rolled-back", "tx-failed", "retried"));
  EXPECT_THAT(
      values(current, "state"),
      ElementsAre("APPLIED", "STARTED", "FAILED", "ROLLED_BACK", "ROLLBACK_FAILED",
                  "MANUAL_MARKED_AS_APPLIED", "MANUAL_MARKED_AS_ROLLED_BACK", "FAILED", "STARTED"));
  EXPECT_EQ(current[2]["error"], "table missing");
  EXPECT_EQ(current[2]["createdAt"], "2026-01-01T00:00:05.000");
  EXPECT_EQ(current[2]["hostname"], "host-a");
  EXPECT_EQ(current[2]["executionMillis"], 0);
}

TEST_F(EveryStateLogTest, AuditListHistoryShowsEveryEntryOldestFirst) {
  nlohmann::json all = json(flamingock({"audit", "list", "--history", "--json"}));

  std::vector<std::string> created = values(all, "createdAt");
  EXPECT_EQ(all.size(), everyState().size());
  EXPECT_TRUE(std::is_sorted(created.begin(), created.end()));
  EXPECT_EQ(all[0]["changeId"], "applied");
  EXPECT_EQ(all[0]["state"], "STARTED");
}

TEST_F(EveryStateLogTest, AuditListSinceKeepsLaterEntriesOnly) {
  nlohmann::json all =
      json(flamingock({"audit", "list", "--all", "--since", "2026-01-01T00:00:11", "--json"}));
  nlohmann::json none = json(flamingock({"audit", "list", "--since", "2026-01-02", "--json"}));

  EXPECT_THAT(values(all, "changeId"), ElementsAre("marked-rolled-back", "tx-failed", "retried"));
  EXPECT_TRUE(none.empty());
}

TEST_F(EveryStateLogTest, AuditListTableHasExtendedColumnsOnRequest) {
  CliResult plain = flamingock({"audit", "list"});
  CliResult extended = flamingock({"audit", "list", "--extended"});

  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_THAT(plain.out, HasSubstr("rollback-failed"));
  EXPECT_THAT(plain.out, Not(HasSubstr("host-a-1-abcdef01")));
  EXPECT_THAT(extended.out, HasSubstr("host-a-1-abcdef01"));
  EXPECT_THAT(extended.out, HasSubstr("EXECUTION ID"));
}

TEST_F(EveryStateLogTest, IssueListHasOnlyTheChangesThatNeedAPerson) {
  CliResult table = flamingock({"issue", "list"});
  nlohmann::json issues = json(flamingock({"issue", "list", "--json"}));

  EXPECT_THAT(values(issues, "changeId"), ElementsAre("started", "failed", "rollback-failed"));
  EXPECT_THAT(table.out, HasSubstr("table missing"));
  EXPECT_THAT(table.out, HasSubstr("host-a"));
}

struct IssueCase {
  const char* change_id;
  const char* explanation;
};

class IssueGuidanceTest : public EveryStateLogTest,
                          public ::testing::WithParamInterface<IssueCase> {};

TEST_P(IssueGuidanceTest, ExplainsTheStateAndEndsWithTheFixCommands) {
  std::string id = GetParam().change_id;

  CliResult result = flamingock({"issue", "get", id, "--guidance"});

  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr(GetParam().explanation));
  std::string fix = "flamingock audit fix " + id + " --resolution ";
  EXPECT_THAT(result.out, HasSubstr(fix + "applied --endpoint"));
  EXPECT_THAT(result.out, HasSubstr(fix + "rolled-back --endpoint"));
  EXPECT_THAT(result.out, HasSubstr("--audit-table " + audit_table_));
}

INSTANTIATE_TEST_SUITE_P(
    Cli, IssueGuidanceTest,
    ::testing::Values(IssueCase{"started", "whether its writes happened is unknown"},
                      IssueCase{"failed", "Its apply failed (table missing)"},
                      IssueCase{"rollback-failed",
                                "Its apply failed (apply broke) and then its rollback failed too "
                                "(rollback broke)"},
                      IssueCase{"tx-failed", "its transaction never committed"},
                      IssueCase{"retried", "its recovery strategy is ALWAYS_RETRY"}),
    [](const auto& info) {
      std::string name = info.param.change_id;
      std::erase(name, '-');
      return name;
    });

TEST_F(EveryStateLogTest, IssueGetTellsTheWholeStoryAsJson) {
  nlohmann::json story = json(flamingock({"issue", "get", "failed", "--json"}));

  EXPECT_EQ(story["state"], "FAILED");
  EXPECT_TRUE(story["needsPerson"]);
  EXPECT_THAT(values(story["history"], "state"), ElementsAre("STARTED", "FAILED"));
  EXPECT_EQ(story["commands"].size(), 2u);
}

TEST_F(EveryStateLogTest, IssueGetOfAHealthyChangeSaysThereIsNothingToDo) {
  CliResult result = flamingock({"issue", "get", "applied"});

  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("No issue"));
  EXPECT_THAT(result.out, Not(HasSubstr("audit fix")));
}

TEST_F(EveryStateLogTest, IssueGetOfAnUnknownChangeFails) {
  CliResult result = flamingock({"issue", "get", "nobody"});

  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("'nobody' is not in the audit log"));
}

TEST_F(CliTest, LockStatusShowsTheHolderAndForceReleaseFreesIt) {
  auto audit_store = store();
  audit_store.initialize();
  std::shared_ptr<Clock> clock(&Clock::system(), [](Clock*) {});
  auto lock = audit_store.createLock(LockOptions{}, "dead-runner", clock);
  lock->acquire();

  nlohmann::json held = json(flamingock({"lock", "status", "--json"}));
  CliResult release = flamingock({"lock", "release", "--force"});
  CliResult after = flamingock({"lock", "status"});

  EXPECT_TRUE(held["held"]);
  EXPECT_EQ(held["owner"], "dead-runner");
  EXPECT_EQ(held["key"], "DEFAULT_KEY");
  ASSERT_EQ(release.exit_code, 0) << release.err;
  EXPECT_THAT(release.out, HasSubstr("dead-runner"));
  EXPECT_THAT(after.out, HasSubstr("Lock 'DEFAULT_KEY' is free."));
  EXPECT_FALSE(audit_store.lockTable().read("DEFAULT_KEY").has_value());
}

TEST_F(CliTest, LockCommandsUseTheGivenLockKey) {
  auto audit_store = store();
  audit_store.initialize();
  std::shared_ptr<Clock> clock(&Clock::system(), [](Clock*) {});
  auto lock = audit_store.createLock(LockOptions{.key = "orders"}, "orders-runner", clock);
  lock->acquire();

  nlohmann::json default_key = json(flamingock({"lock", "status", "--json"}));
  nlohmann::json orders = json(flamingock({"--lock-key", "orders", "lock", "status", "--json"}));

  EXPECT_FALSE(default_key["held"]);
  EXPECT_EQ(orders["owner"], "orders-runner");
  lock->release();
}

}  // namespace
}  // namespace flamingock::test
