// A background migration through the `flamingock` binary
// (docs/operations.md#background-migrations): `run` starts its job and returns without migrating,
// `migrations list` and `migrations status` show it, `migrations work` finishes it and records
// APPLIED, and a change that requires it applies only after it; `migrations cancel` ends a job
// so that its change is FAILED and is fixed or run again.
#include <gmock/gmock.h>

#include "cli_fixture.h"
#include "support/local_dynamodb.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kBackfill[] = "backfill-status";

class BackgroundMigrationCliTest : public CliTest {
 protected:
  void SetUp() override {
    table_ = uniqueTableName("cli_background");
    createTable(table_);
    seedNumberedItems(table_, kItems);
    writeChange("0001-backfill.yaml",
                backfillChange("{UpdateExpression: \"SET #s = :new\",\n"
                               "               ConditionExpression: \"attribute_not_exists(#s)\",\n"
                               "               ExpressionAttributeNames: {\"#s\": status},\n"
                               "               ExpressionAttributeValues: {\":new\": {S: NEW}}}\n"
                               "      Segments: 2\n"));
  }

  // The background change "backfill-status": migrateItems over the table, whose Update is
  // `update` (followed by more of its fields, if any).
  std::string backfillChange(const std::string& update) const {
    return "id: backfill-status\n"
           "order: \"0001\"\n"
           "background: true\n"
           "apply:\n"
           "  - migrateItems:\n"
           "      Scan: {TableName: " +
           table_ + "}\n      Update: " + update;
  }

  int itemsWithStatus() const { return itemsWithAttribute(table_, "status"); }

  // The backfill also adds 1 to each item's tally, allowing 3 failed items, and item#7's tally
  // is text: its update fails and is quarantined.
  void poisonItem7() {
    writeChange("0001-backfill.yaml",
                backfillChange("{UpdateExpression: \"SET #s = :new ADD tally :one\",\n"
                               "               ExpressionAttributeNames: {\"#s\": status},\n"
                               "               ExpressionAttributeValues: {\":new\": {S: NEW}, "
                               "\":one\": {N: \"1\"}}}\n"
                               "      MaxFailedItems: 3\n"));
    localClient().updateItem({.table_name = table_,
                              .key = {{"pk", dynamodb::AttributeValue::string("item#7")}},
                              .update_expression = "SET tally = :text",
                              .expression_attribute_values = {
                                  {":text", dynamodb::AttributeValue::string("not a number")}}});
  }

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

TEST_F(BackgroundMigrationCliTest, AChangeWhoseJobRunsNeedsNoPerson) {
  ASSERT_EQ(runChanges().exit_code, 0);

  CliResult issues = flamingock({"issue", "list"});
  CliResult issue = flamingock({"issue", "get", kBackfill});

  EXPECT_THAT(issues.out, HasSubstr("No issues"));
  EXPECT_THAT(issue.out, HasSubstr("Its job runs in the background"));
  EXPECT_THAT(issue.out, HasSubstr("RUNNING, table " + table_));
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

TEST_F(BackgroundMigrationCliTest, PauseSetRateAndResumeAreRecordedOnTheJob) {
  ASSERT_EQ(runChanges().exit_code, 0);

  nlohmann::json paused = json(flamingock({"migrations", "pause", kBackfill, "--json"}));
  nlohmann::json rated = json(flamingock({"migrations", "set-rate", kBackfill, "50", "--json"}));
  nlohmann::json status = json(flamingock({"migrations", "status", kBackfill, "--json"}));
  CliResult resumed = flamingock({"migrations", "resume", kBackfill});

  EXPECT_EQ(paused["state"], "PAUSED");
  EXPECT_EQ(rated["rate"], 50);
  EXPECT_EQ(rated["state"], "PAUSED");
  EXPECT_EQ(status["state"], "PAUSED");
  EXPECT_EQ(status["rate"], 50);
  EXPECT_THAT(resumed.out, HasSubstr("is RUNNING, rate: 50 items/s (set by an operator)"));
  ASSERT_EQ(flamingock({"migrations", "work", "--changes", changes_.path()}).exit_code, 0);
  EXPECT_EQ(itemsWithStatus(), kItems);
}

TEST_F(BackgroundMigrationCliTest, ANegativeRateIsRefusedNamingIt) {
  ASSERT_EQ(runChanges().exit_code, 0);

  CliResult refused = flamingock({"migrations", "set-rate", kBackfill, "-3"});

  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.err, HasSubstr("not -3"));
}

TEST_F(BackgroundMigrationCliTest, StatusListsQuarantinedItemsAndAcceptedFailuresEndApplied) {
  poisonItem7();
  ASSERT_EQ(runChanges().exit_code, 0);
  ASSERT_EQ(flamingock({"migrations", "accept-failures", kBackfill}).exit_code, 0);

  ASSERT_EQ(flamingock({"migrations", "work", "--changes", changes_.path()}).exit_code, 0);

  CliResult status = flamingock({"migrations", "status", kBackfill});
  EXPECT_THAT(status.out, HasSubstr("1 items failed and are quarantined; they are accepted"));
  EXPECT_THAT(status.out, HasSubstr("item#7"));
  nlohmann::json parsed = json(flamingock({"migrations", "status", kBackfill, "--json"}));
  EXPECT_EQ(parsed["state"], "DONE");
  EXPECT_EQ(parsed["failedItemCount"], 1);
  EXPECT_EQ(parsed["failuresAccepted"], true);
  ASSERT_EQ(parsed["failedItems"].size(), 1u);
  EXPECT_EQ(parsed["failedItems"][0]["key"]["pk"]["S"], "item#7");
  EXPECT_EQ(itemsWithStatus(), kItems - 1);
}

TEST_F(BackgroundMigrationCliTest, FailuresAcceptedAfterTheJobFailedRecordAppliedForLaterRuns) {
  poisonItem7();
  ASSERT_EQ(runChanges().exit_code, 0);
  flamingock({"migrations", "work", "--changes", changes_.path()});
  ASSERT_EQ(json(flamingock({"migrations", "status", kBackfill, "--json"}))["state"], "FAILED");
  EXPECT_THAT(flamingock({"migrations", "status", kBackfill}).out,
              HasSubstr("the job ended FAILED: `migrations accept-failures backfill-status` "
                        "accepts them"));

  CliResult accepted = flamingock({"migrations", "accept-failures", kBackfill});

  ASSERT_EQ(accepted.exit_code, 0) << accepted.err;
  EXPECT_THAT(accepted.out, HasSubstr("had ended FAILED: its 1 failed items are accepted"));
  EXPECT_THAT(accepted.out, HasSubstr("APPLIED entry is recorded now"));
  EXPECT_EQ(json(flamingock({"migrations", "status", kBackfill, "--json"}))["state"], "DONE");
  CliResult later = runChanges();
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_THAT(later.out, HasSubstr("1 up to date"));
}

TEST_F(BackgroundMigrationCliTest, AFixOfAChangeWhoseJobIsPausedIsRefusedNamingTheCancel) {
  ASSERT_EQ(runChanges().exit_code, 0);
  ASSERT_EQ(flamingock({"migrations", "pause", kBackfill}).exit_code, 0);

  CliResult fix = flamingock({"audit", "fix", kBackfill, "--resolution", "rolled-back"});

  EXPECT_NE(fix.exit_code, 0);
  EXPECT_THAT(fix.err, HasSubstr("whose job is paused"));
  EXPECT_THAT(fix.err, HasSubstr("migrations cancel backfill-status"));
  EXPECT_THAT(fix.err, Not(HasSubstr("pause it")));
}

TEST_F(BackgroundMigrationCliTest, ACancelledJobIsLeftAloneAndItsFixedChangeRunsWithANewJob) {
  ASSERT_EQ(runChanges().exit_code, 0);
  ASSERT_EQ(flamingock({"migrations", "pause", kBackfill}).exit_code, 0);

  CliResult cancelled = flamingock({"migrations", "cancel", kBackfill, "--lock-timeout", "30s"});

  ASSERT_EQ(cancelled.exit_code, 0) << cancelled.err;
  EXPECT_THAT(cancelled.out, HasSubstr("is CANCELLED (0/2 segments done)"));
  EXPECT_THAT(flamingock({"migrations", "list"}).out, HasSubstr("CANCELLED"));
  ASSERT_EQ(flamingock({"migrations", "work", "--changes", changes_.path()}).exit_code, 0);
  EXPECT_EQ(itemsWithStatus(), 0);
  ASSERT_EQ(flamingock({"audit", "fix", kBackfill, "--resolution", "rolled-back"}).exit_code, 0);
  ASSERT_EQ(runChanges().exit_code, 0);
  ASSERT_EQ(flamingock({"migrations", "work", "--changes", changes_.path()}).exit_code, 0);
  EXPECT_EQ(itemsWithStatus(), kItems);
  EXPECT_EQ(json(flamingock({"migrations", "status", kBackfill, "--json"}))["state"], "DONE");
}

}  // namespace
}  // namespace flamingock::test
