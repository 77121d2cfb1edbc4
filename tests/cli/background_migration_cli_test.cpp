// A background migration through the `flamingock` binary
// (docs/operations.md#background-migrations): `run` starts its job and returns without migrating,
// `migrations list` and `migrations status` show it, `migrations work` finishes it and records
// APPLIED, and a change that requires it applies only after it.
#include <gmock/gmock.h>

#include "cli_fixture.h"
#include "support/local_dynamodb.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;

constexpr char kBackfill[] = "backfill-status";

class BackgroundMigrationCliTest : public CliTest {
 protected:
  void SetUp() override {
    table_ = uniqueTableName("cli_background");
    createTable(table_);
    seedNumberedItems(table_, kItems);
    writeChange("0001-backfill.yaml",
                "id: backfill-status\n"
                "order: \"0001\"\n"
                "background: true\n"
                "apply:\n"
                "  - migrateItems:\n"
                "      Scan: {TableName: " +
                    table_ +
                    "}\n"
                    "      Update: {UpdateExpression: \"SET #s = :new\",\n"
                    "               ConditionExpression: \"attribute_not_exists(#s)\",\n"
                    "               ExpressionAttributeNames: {\"#s\": status},\n"
                    "               ExpressionAttributeValues: {\":new\": {S: NEW}}}\n"
                    "      Segments: 2\n");
  }

  int itemsWithStatus() const { return itemsWithAttribute(table_, "status"); }

  static constexpr int kItems = 120;
  std::string table_;
};

TEST_F(BackgroundMigrationCliTest, RunStartsTheJobAndAWorkerFinishesIt) {
  CliResult run = runChanges();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(itemsWithStatus(), 0);
  CliResult listed = flamingock({"migrations", "list"});
  EXPECT_THAT(listed.out, HasSubstr(kBackfill));
  EXPECT_THAT(listed.out, HasSubstr("RUNNING, table " + table_ + ": 0/2 segments done"));

  CliResult work = flamingock({"migrations", "work", "--changes", changes_.path()});

  ASSERT_EQ(work.exit_code, 0) << work.err;
  EXPECT_EQ(itemsWithStatus(), kItems);
  nlohmann::json status = json(flamingock({"migrations", "status", kBackfill, "--json"}));
  EXPECT_EQ(status["state"], "DONE");
  EXPECT_EQ(status["segmentsDone"], 2);
  EXPECT_EQ(status["written"], kItems);
  EXPECT_EQ(status["segments"].size(), 2u);
  EXPECT_THAT(flamingock({"audit", "list"}).out, HasSubstr("APPLIED"));
}

TEST_F(BackgroundMigrationCliTest, AChangeThatRequiresTheJobAppliesAfterTheRunFinishedIt) {
  writeChange("0002-use.yaml",
              "requires: [backfill-status]\n" + putItemChange("use-status", "0002", table_));

  CliResult run = runChanges();

  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(itemsWithStatus(), kItems);
  nlohmann::json status = json(flamingock({"migrations", "status", kBackfill, "--json"}));
  EXPECT_EQ(status["state"], "DONE");
}

TEST_F(BackgroundMigrationCliTest, RequiringAChangeThatIsNotBackgroundIsRefusedAtLoad) {
  writeChange("0002-use.yaml",
              "requires: [no-such-change]\n" + putItemChange("use-status", "0002", table_));

  CliResult run = runChanges();

  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.err, HasSubstr("requires 'no-such-change', which is not an earlier background "
                                 "change"));
}

TEST_F(BackgroundMigrationCliTest, StatusOfAChangeWithoutAJobSaysSo) {
  CliResult status = flamingock({"migrations", "status", "nothing-here"});

  EXPECT_NE(status.exit_code, 0);
  EXPECT_THAT(status.err, HasSubstr("change 'nothing-here' has no background migration"));
}

}  // namespace
}  // namespace flamingock::test
