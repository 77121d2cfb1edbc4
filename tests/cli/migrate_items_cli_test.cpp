// A YAML data migration (migrateItems) through the `flamingock` binary: its progress line, its
// checkpoint in `audit list --extended` and `issue get`, and `undo` of a change whose rollback
// migrates the items back (docs/cli-reference.md#data-migrations).
#include <gmock/gmock.h>

#include "cli_fixture.h"
#include "support/local_dynamodb.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

// Seeds `count` items {pk: "item#i", v: i} into `table` and writes a change that sets
// `status = NEW` where it is missing.
class MigrateItemsCliTest : public CliTest {
 protected:
  void SetUp() override {
    table_ = uniqueTableName("cli_migrate");
    createTable(table_);
    seedNumberedItems(table_, kItems);
    writeBackfill();
  }

  // The change, with `rollback` (YAML of the rollback's list) when given.
  void writeBackfill(const std::string& rollback = "") const {
    writeChange("0001-backfill.yaml",
                "id: backfill-status\n"
                "order: \"0001\"\n"
                "recovery: ALWAYS_RETRY\n"
                "apply:\n"
                "  - migrateItems:\n"
                "      Scan: {TableName: " +
                    table_ +
                    ", FilterExpression: \"attribute_not_exists(#s)\",\n"
                    "             ExpressionAttributeNames: {\"#s\": status}}\n"
                    "      Update: {UpdateExpression: \"SET #s = :new\",\n"
                    "               ConditionExpression: \"attribute_not_exists(#s)\",\n"
                    "               ExpressionAttributeValues: {\":new\": {S: NEW}}}\n"
                    "      Segments: 2\n" +
                    (rollback.empty() ? "" : "rollback:\n" + rollback));
  }

  // A rollback that removes `status` from the items of `table`.
  static std::string removingStatus(const std::string& table) {
    return "  - migrateItems:\n"
           "      Scan: {TableName: " +
           table +
           ", FilterExpression: \"attribute_exists(#s)\",\n"
           "             ExpressionAttributeNames: {\"#s\": status}}\n"
           "      Update: {UpdateExpression: \"REMOVE #s\",\n"
           "               ConditionExpression: \"attribute_exists(#s)\"}\n"
           "      Segments: 2\n";
  }

  int itemsWithStatus() const { return itemsWithAttribute(table_, "status"); }

  static constexpr int kItems = 120;
  std::string table_;
};

TEST_F(MigrateItemsCliTest, RunShowsTheMigrationsProgressAndMigratesEveryItem) {
  CliResult result = runChanges();

  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("migrating " + table_ +
                                    ": 2/2 segments, 120 scanned, 120 "
                                    "written, 0 skipped"));
  EXPECT_THAT(result.out, HasSubstr("APPLIED  backfill-status"));
  EXPECT_EQ(itemsWithStatus(), kItems);
}

TEST_F(MigrateItemsCliTest, UndoRunsARollbackMigrationAndTheNextRunMigratesEveryItemAgain) {
  writeBackfill(removingStatus(table_));
  ASSERT_EQ(runChanges().exit_code, 0);

  CliResult undo = flamingock({"undo", "--changes", changes_.path(), "--count", "1"});
  ASSERT_EQ(undo.exit_code, 0) << undo.out << undo.err;
  EXPECT_EQ(itemsWithStatus(), 0);
  nlohmann::json undone = json(flamingock({"issue", "get", "backfill-status", "--json"}));
  EXPECT_EQ(undone["state"], "ROLLED_BACK");
  ASSERT_EQ(undone["migrations"].size(), 1u) << undone;  // the undo's own checkpoint
  EXPECT_EQ(undone["migrations"][0]["phase"], "rollback");
  EXPECT_EQ(undone["migrations"][0]["written"], kItems);

  CliResult again = runChanges();
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("120 scanned, 120 written, 0 skipped"));
  EXPECT_EQ(itemsWithStatus(), kItems);
}

TEST_F(MigrateItemsCliTest, IssueGetTellsThatAnUndosRollbackFailedAfterTheApplySucceeded) {
  writeBackfill(removingStatus(uniqueTableName("missing")));
  ASSERT_EQ(runChanges().exit_code, 0);
  ASSERT_NE(flamingock({"undo", "--changes", changes_.path(), "--count", "1"}).exit_code, 0);

  CliResult issue = flamingock({"issue", "get", "backfill-status"});

  ASSERT_EQ(issue.exit_code, 0) << issue.err;
  EXPECT_THAT(issue.out, HasSubstr("It was applied; then an undo ran its rollback, which failed"));
  EXPECT_THAT(issue.out, ::testing::Not(HasSubstr("Its apply failed")));
}

TEST_F(MigrateItemsCliTest, IssueGetTellsThatAnUndosRollbackStoppedHalfWay) {
  AuditEntry applied;
  applied.execution_id = "run-1";
  applied.stage_id = "default";
  applied.change_id = "backfill-status";
  applied.state = AuditState::kApplied;
  applied.created_at = std::chrono::system_clock::now() - std::chrono::minutes(5);
  AuditEntry mark = applied;  // undo's mark before the rollback, which then was killed
  mark.execution_id = "undo-1";
  mark.state = AuditState::kStarted;
  mark.created_at += std::chrono::minutes(1);
  seed({applied, mark});

  CliResult issue = flamingock({"issue", "get", "backfill-status"});

  ASSERT_EQ(issue.exit_code, 0) << issue.err;
  EXPECT_THAT(issue.out, HasSubstr("then an undo running its rollback stopped before recording"));
}

TEST_F(MigrateItemsCliTest, AuditListExtendedAndIssueGetShowTheCheckpoint) {
  ASSERT_EQ(runChanges().exit_code, 0);

  CliResult list = flamingock({"audit", "list", "--extended"});
  CliResult issue = flamingock({"issue", "get", "backfill-status"});

  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("Migration checkpoints:"));
  EXPECT_THAT(list.out, HasSubstr("backfill-status  apply #0  table " + table_ +
                                  ": 2/2 segments done, 120 scanned, 120 written, 0 skipped, 0 "
                                  "failed, complete"));
  ASSERT_EQ(issue.exit_code, 0) << issue.err;
  EXPECT_THAT(issue.out, HasSubstr("backfill-status  apply #0  table " + table_));
}

// The checkpoint of the migration that ran to its end, as `--json` shows it.
void expectCompleteCheckpoint(const nlohmann::json& migration, const std::string& table) {
  ASSERT_TRUE(migration.is_object()) << migration;
  EXPECT_EQ(migration["table"], table);
  EXPECT_EQ(migration["segmentsDone"], 2);
  EXPECT_EQ(migration["totalSegments"], 2);
  EXPECT_EQ(migration["scanned"], 120);
  EXPECT_EQ(migration["written"], 120);
  EXPECT_EQ(migration["skipped"], 0);
  EXPECT_EQ(migration["failed"], 0);
  EXPECT_EQ(migration["complete"], true);
  EXPECT_FALSE(migration["runner"].get<std::string>().empty());
  EXPECT_THAT(migration["updatedAt"].get<std::string>(),
              MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+"));
}

TEST_F(MigrateItemsCliTest, IssueGetJsonCarriesTheCheckpointAsAnObject) {
  ASSERT_EQ(runChanges().exit_code, 0);

  nlohmann::json issue = json(flamingock({"issue", "get", "backfill-status", "--json"}));

  expectCompleteCheckpoint(issue["migration"], table_);
}

TEST_F(MigrateItemsCliTest, AuditListExtendedJsonCarriesTheCheckpointOnTheChangesEntries) {
  ASSERT_EQ(runChanges().exit_code, 0);

  nlohmann::json extended = json(flamingock({"audit", "list", "--extended", "--json"}));
  nlohmann::json plain = json(flamingock({"audit", "list", "--json"}));

  ASSERT_EQ(extended.size(), 1u) << extended;
  EXPECT_EQ(extended[0]["changeId"], "backfill-status");
  expectCompleteCheckpoint(extended[0]["migration"], table_);
  ASSERT_EQ(plain.size(), 1u) << plain;
  EXPECT_FALSE(plain[0].contains("migration")) << plain;
}

}  // namespace
}  // namespace flamingock::test
