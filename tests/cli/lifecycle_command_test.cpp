// `undo`, `validate`, `baseline`, profiles, disabled changes and `run --up-to`, through the real
// binaries against DynamoDB Local; the data they touch is read back with the AWS CLI.
#include <gmock/gmock.h>

#include <regex>

#include "cli_fixture.h"
#include "support/local_dynamodb.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class LifecycleCliTest : public CliTest {
 protected:
  LifecycleCliTest() { createTable(data_table_); }

  // A change that puts item `id` into this test's data table; its rollback deletes it.
  void writeUndoable(const std::string& id, const std::string& order,
                     const std::string& extra = "") {
    writeChange(order + "-" + id + ".yaml",
                putItemChange(id, order, data_table_) + extra +
                    "rollback:\n  - deleteItem: {TableName: " + data_table_ + ", Key: {pk: {S: \"" +
                    id + "\"}}}\n");
  }

  CliResult command(const std::string& name, const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> args{name, "--changes", changes_.path()};
    args.insert(args.end(), extra.begin(), extra.end());
    return flamingock(args);
  }

  // Whether the AWS CLI finds item `pk` in this test's data table.
  bool itemExists(const std::string& pk) const {
    CliResult got = awsDynamoDb({"get-item", "--table-name", data_table_, "--key",
                                 "{\"pk\": {\"S\": \"" + pk + "\"}}", "--consistent-read"});
    EXPECT_EQ(got.exit_code, 0) << got.err;
    return got.out.find("\"Item\"") != std::string::npos;
  }

  // The current state of `change_id`, as `audit list --json` shows it.
  std::string stateOf(const std::string& change_id) const {
    for (const nlohmann::json& entry : json(flamingock({"audit", "list", "--json"}))) {
      if (entry["changeId"] == change_id) return entry["state"];
    }
    return "none";
  }

  std::string data_table_ = uniqueTableName("cli_lifecycle_data");
};

TEST_F(LifecycleCliTest, UndoRemovesTheNewestChangeAndTheNextRunAppliesItAgain) {
  writeUndoable("first", "0001");
  writeUndoable("second", "0002");
  ASSERT_EQ(runChanges().exit_code, 0);

  CliResult undo = command("undo");

  ASSERT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_THAT(undo.out, HasSubstr("ROLLED_BACK  second"));
  EXPECT_THAT(undo.out, HasSubstr("The next `run` applies undone changes again"));
  EXPECT_FALSE(itemExists("second"));
  EXPECT_TRUE(itemExists("first"));
  EXPECT_EQ(stateOf("second"), "ROLLED_BACK");
  ASSERT_EQ(runChanges().exit_code, 0);
  EXPECT_TRUE(itemExists("second"));
  EXPECT_EQ(stateOf("second"), "APPLIED");
}

TEST_F(LifecycleCliTest, UndoToUndoesDownToTheNamedChangeAsJson) {
  writeUndoable("first", "0001");
  writeUndoable("second", "0002");
  ASSERT_EQ(runChanges().exit_code, 0);

  CliResult undo = command("undo", {"--to", "first", "--json"});

  ASSERT_EQ(undo.exit_code, 0) << undo.err;
  nlohmann::json summary = json(undo);
  EXPECT_EQ(summary["changes"][0]["changeId"], "second");
  EXPECT_EQ(summary["changes"][1]["changeId"], "first");
  EXPECT_FALSE(itemExists("first"));
  EXPECT_FALSE(itemExists("second"));
}

TEST_F(LifecycleCliTest, UndoDryRunShowsTheSelectionAndChangesNothing) {
  writeUndoable("first", "0001");
  ASSERT_EQ(runChanges().exit_code, 0);

  CliResult undo = command("undo", {"--all", "--dry-run"});

  ASSERT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_THAT(undo.out, HasSubstr("would roll back 1 change(s), newest first: first"));
  EXPECT_TRUE(itemExists("first"));
  EXPECT_EQ(stateOf("first"), "APPLIED");
}

TEST_F(LifecycleCliTest, UndoRefusesAChangeWithoutRollbackBeforeTouchingAnything) {
  writeUndoable("first", "0001");
  writeChange("0002-second.yaml", putItemChange("second", "0002", data_table_));
  ASSERT_EQ(runChanges().exit_code, 0);

  CliResult undo = command("undo", {"--all"});

  EXPECT_EQ(undo.exit_code, 1);
  EXPECT_THAT(undo.err, HasSubstr("no rollback for 'second'"));
  EXPECT_TRUE(itemExists("first"));
  EXPECT_EQ(stateOf("first"), "APPLIED");
}

TEST_F(LifecycleCliTest, UndoWithNothingAppliedSaysSo) {
  writeUndoable("first", "0001");

  CliResult undo = command("undo");

  EXPECT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_THAT(undo.out, HasSubstr("Nothing to undo"));
}

TEST_F(LifecycleCliTest, BadSelectionsAreUsageErrorsNamingTheValue) {
  writeUndoable("first", "0001");
  ASSERT_EQ(runChanges().exit_code, 0);

  CliResult both = command("undo", {"--to", "first", "--count", "1"});
  CliResult zero = command("undo", {"--count", "0"});
  CliResult unknown = command("undo", {"--to", "nope"});
  CliResult up_to = command("run", {"--up-to", "nope"});
  CliResult profiles = command("plan", {"--active-profiles", "!prod"});

  expectUsageError(both, "--count");
  expectUsageError(zero, "not 0");
  expectUsageError(unknown, "'nope'");
  expectUsageError(up_to, "'nope'");
  expectUsageError(profiles, "'!prod'");
  EXPECT_TRUE(itemExists("first"));
  EXPECT_EQ(stateOf("first"), "APPLIED");
}

TEST_F(LifecycleCliTest, ATransactionalUndoCommitsItsDeleteWithItsEntry) {
  writeChange("0001-tx.yaml", putItemChange("tx", "0001", data_table_) +
                                  "transactional: true\nrollback:\n  - deleteItem: {TableName: " +
                                  data_table_ + ", Key: {pk: {S: \"tx\"}}}\n");
  ASSERT_EQ(runChanges().exit_code, 0);

  CliResult undo = command("undo");

  ASSERT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_FALSE(itemExists("tx"));
  nlohmann::json log = json(flamingock({"audit", "list", "--json"}));
  EXPECT_EQ(log[0]["state"], "ROLLED_BACK");
  EXPECT_EQ(log[0]["txStrategy"], "TX_SHARED");
}

TEST_F(LifecycleCliTest, AnUndoEntryReadsInFlamingockJavasFormat) {
  writeUndoable("first", "0001");
  ASSERT_EQ(runChanges().exit_code, 0);
  ASSERT_EQ(command("undo").exit_code, 0);

  CliResult scan = awsDynamoDb({"scan", "--table-name", audit_table_, "--consistent-read"});

  ASSERT_EQ(scan.exit_code, 0) << scan.err;
  nlohmann::json rolled_back;
  nlohmann::json items = nlohmann::json::parse(scan.out)["Items"];
  for (const nlohmann::json& item : items) {
    if (item["state"]["S"] == "ROLLED_BACK") rolled_back = item;
  }
  ASSERT_TRUE(rolled_back.is_object()) << scan.out;
  // The attributes Flamingock's Java store maps by name, with its types and value forms.
  std::string execution = rolled_back["executionId"]["S"];
  EXPECT_EQ(rolled_back["partitionKey"]["S"], execution + "#first#ROLLED_BACK");
  EXPECT_EQ(rolled_back["changeId"]["S"], "first");
  EXPECT_EQ(rolled_back["stageId"]["S"], "default");
  EXPECT_TRUE(std::regex_match(std::string(rolled_back["createdAt"]["S"]),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})")));
  EXPECT_EQ(rolled_back["type"]["S"], "STANDARD_TEMPLATE");
  EXPECT_EQ(rolled_back["invokedMethod"]["S"], "deleteItem");
  EXPECT_TRUE(rolled_back["executionMillis"].contains("N"));
  EXPECT_EQ(rolled_back["transactionFlag"]["BOOL"], false);
  EXPECT_EQ(rolled_back["txStrategy"]["S"], "NON_TX");
  EXPECT_EQ(rolled_back["recoveryStrategy"]["S"], "MANUAL_INTERVENTION");
  EXPECT_EQ(rolled_back["errorTrace"]["S"], "");
}

TEST_F(LifecycleCliTest, ValidateListsPendingWorkThenAgrees) {
  writeUndoable("first", "0001");

  CliResult before = command("validate", {"--json"});
  ASSERT_EQ(runChanges().exit_code, 0);
  CliResult after = command("validate");

  EXPECT_EQ(before.exit_code, 1) << before.err;
  nlohmann::json report = json(before);
  EXPECT_FALSE(report["ok"]);
  EXPECT_EQ(report["problems"][0]["kind"], "pending");
  EXPECT_EQ(report["problems"][0]["changeId"], "first");
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_THAT(after.out, HasSubstr("agree"));
}

TEST_F(LifecycleCliTest, ValidateNamesANeedsAPersonAndALogOnlyChangeWithoutWriting) {
  writeUndoable("first", "0001");
  seed({entry("first", AuditState::kFailed, "2026-01-01T00:00:01"),
        entry("retired", AuditState::kApplied, "2026-01-01T00:00:02")});

  CliResult result = command("validate");

  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.out, HasSubstr("needs a person"));
  EXPECT_THAT(result.out, HasSubstr("not in code"));
  EXPECT_THAT(result.out, HasSubstr("retired"));
  EXPECT_EQ(json(flamingock({"audit", "list", "--all", "--json"})).size(), 2u);
}

TEST_F(LifecycleCliTest, ValidateListsAnotherServicesChangesAsInformationAndAgrees) {
  writeUndoable("first", "0001");
  ASSERT_EQ(runChanges().exit_code, 0);
  seed({entry("service-change", AuditState::kApplied, "2026-01-01T00:00:02")});

  CliResult result = command("validate");

  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("not in code (info)"));
  EXPECT_THAT(result.out, HasSubstr("service-change"));
  EXPECT_THAT(result.out, HasSubstr("The audit log and the code agree."));
  EXPECT_THAT(result.out, HasSubstr("1 change(s) in the log are not in this code"));
}

TEST_F(LifecycleCliTest, ValidateWithMissingFailCallsAnotherServicesChangesProblems) {
  writeUndoable("first", "0001");
  ASSERT_EQ(runChanges().exit_code, 0);
  seed({entry("service-change", AuditState::kApplied, "2026-01-01T00:00:02")});

  CliResult result = command("validate", {"--missing", "fail", "--json"});

  EXPECT_EQ(result.exit_code, 1) << result.err;
  nlohmann::json report = json(result);
  EXPECT_EQ(report["problems"][0]["kind"], "not in code");
  EXPECT_EQ(report["problems"][0]["changeId"], "service-change");
  EXPECT_TRUE(report["notInCode"].empty());
}

TEST_F(LifecycleCliTest, ValidateRefusesAnUnknownMissingValueNamingIt) {
  expectUsageError(command("validate", {"--missing", "warn"}), "'warn' is not");
}

TEST_F(LifecycleCliTest, BaselineRecordsChangesWithoutRunningThem) {
  writeUndoable("first", "0001");
  writeUndoable("second", "0002");

  CliResult baseline = command("baseline", {"--up-to", "first"});
  CliResult run = runChanges();

  ASSERT_EQ(baseline.exit_code, 0) << baseline.err;
  EXPECT_THAT(baseline.out, HasSubstr("Marked 1 change(s) applied without running them: first"));
  EXPECT_EQ(stateOf("first"), "MANUAL_MARKED_AS_APPLIED");
  EXPECT_FALSE(itemExists("first"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("1 applied, 1 up to date"));
  EXPECT_TRUE(itemExists("second"));
}

TEST_F(LifecycleCliTest, BaselineRefusesAChangeThatNeedsAPerson) {
  writeUndoable("first", "0001");
  seed({entry("first", AuditState::kStarted, "2026-01-01T00:00:01")});

  CliResult baseline = command("baseline", {"--up-to", "first"});
  CliResult unknown = command("baseline", {"--up-to", "nope"});

  EXPECT_EQ(baseline.exit_code, 1);
  EXPECT_THAT(baseline.err, HasSubstr("'first' is STARTED"));
  EXPECT_THAT(printedCommand(baseline.err, "flamingock audit fix first"),
              HasSubstr("--audit-table " + audit_table_));
  EXPECT_EQ(stateOf("first"), "STARTED");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("'nope'"));
}

TEST_F(LifecycleCliTest, PlanShowsDisabledExcludedAndWaitingChangesAndRunLeavesThem) {
  writeChange("0001-off.yaml", putItemChange("off", "0001", data_table_) + "enabled: false\n");
  writeChange("0002-dev.yaml", putItemChange("dev", "0002", data_table_) + "profiles: [dev]\n");
  writeChange("0003-prod.yaml",
              putItemChange("prod", "0003", data_table_) + "profiles: [\"!dev\"]\n");
  writeChange("0004-later.yaml", putItemChange("later", "0004", data_table_));

  CliResult plan = command("plan", {"--active-profiles", "qa", "--up-to", "prod"});
  CliResult run = command("run", {"--active-profiles", "qa", "--up-to", "prod"});

  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_THAT(plan.out, HasSubstr("disabled"));
  EXPECT_THAT(plan.out, HasSubstr("excluded: profiles [dev] do not hold (active: qa)"));
  EXPECT_THAT(plan.out, HasSubstr("after target prod"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(itemExists("prod"));
  EXPECT_FALSE(itemExists("off"));
  EXPECT_FALSE(itemExists("dev"));
  EXPECT_FALSE(itemExists("later"));
  EXPECT_EQ(stateOf("off"), "none");
  EXPECT_EQ(stateOf("later"), "none");
}

}  // namespace
}  // namespace flamingock::test
