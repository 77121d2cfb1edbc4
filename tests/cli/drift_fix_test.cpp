// `audit fix ID --resolution applied --changes DIR` accepting the edit of an applied YAML change
// (drift), through the real binary against DynamoDB Local; the entry is read back with the AWS CLI.
#include <gmock/gmock.h>

#include "cli_fixture.h"
#include "flamingock/change.h"
#include "support/local_dynamodb.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;

constexpr char kLockKey[] = "orders-service";

class DriftFixCliTest : public CliTest {
 protected:
  // Change "seed" applied, then its file edited: its checksum is now that of `edited_`.
  void SetUp() override {
    createTable(data_table_);
    std::string applied = putItemChange("seed", "0001", data_table_);
    writeChange("0001-seed.yaml", applied);
    ASSERT_EQ(runChanges({"--lock-key", kLockKey}).exit_code, 0);
    edited_ = applied + "# edited after it was applied\n";
    writeChange("0001-seed.yaml", edited_);
  }

  CliResult fix(const std::string& resolution, bool with_changes) const {
    std::vector<std::string> args{"audit",    "fix",        "seed",  "--resolution",
                                  resolution, "--lock-key", kLockKey};
    if (with_changes) args.insert(args.end(), {"--changes", changes_.path()});
    return flamingock(args);
  }

  // Every item of this test's audit log, as the AWS CLI reads it.
  nlohmann::json auditItems() const {
    CliResult scan = awsDynamoDb({"scan", "--table-name", audit_table_, "--consistent-read"});
    EXPECT_EQ(scan.exit_code, 0) << scan.err;
    return nlohmann::json::parse(scan.out)["Items"];
  }

  std::string data_table_ = uniqueTableName("cli_drift_data");
  std::string edited_;
};

TEST_F(DriftFixCliTest, RunStopsNamingTheFixThatAcceptsTheEditWhichWorksAsPasted) {
  CliResult drifted = runChanges({"--lock-key", kLockKey});
  std::string accept = printedCommand(drifted.err, "flamingock audit fix seed");

  EXPECT_EQ(drifted.exit_code, 1);
  EXPECT_THAT(drifted.err, HasSubstr("modified afterwards"));
  EXPECT_THAT(accept, HasSubstr("--resolution applied --changes " + changes_.path()));
  EXPECT_THAT(accept, HasSubstr("--audit-table " + audit_table_));
  EXPECT_THAT(accept, HasSubstr(std::string("--lock-key ") + kLockKey));
  CliResult pasted = runPasted(accept);
  ASSERT_EQ(pasted.exit_code, 0) << accept << "\n" << pasted.err;
  EXPECT_EQ(runChanges({"--lock-key", kLockKey}).exit_code, 0);
}

TEST_F(DriftFixCliTest, FixRecordsTheNewChecksumAndTheNextRunAppliesNothing) {
  CliResult fixed = fix("applied", true);
  CliResult next = runChanges({"--lock-key", kLockKey});

  ASSERT_EQ(fixed.exit_code, 0) << fixed.err;
  EXPECT_THAT(fixed.out, HasSubstr("Change 'seed' marked applied (MANUAL_MARKED_AS_APPLIED"));
  nlohmann::json marked;
  for (const nlohmann::json& item : auditItems()) {
    if (item["state"]["S"] == "MANUAL_MARKED_AS_APPLIED") marked = item;
  }
  ASSERT_TRUE(marked.is_object());
  EXPECT_EQ(marked["changeId"]["S"], "seed");
  EXPECT_EQ(marked["checksum"]["S"], checksumOf(edited_));
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_THAT(next.out, HasSubstr("0 applied, 1 up to date"));
}

TEST_F(DriftFixCliTest, ValidateNamesTheFixForTheDriftThenAgrees) {
  CliResult before = flamingock({"validate", "--changes", changes_.path(), "--lock-key", kLockKey});
  ASSERT_EQ(fix("applied", true).exit_code, 0);
  CliResult after = flamingock({"validate", "--changes", changes_.path(), "--lock-key", kLockKey});

  EXPECT_EQ(before.exit_code, 1);
  EXPECT_THAT(before.out, HasSubstr("drift"));
  EXPECT_THAT(before.out, HasSubstr("accept the edit with: flamingock audit fix seed --resolution "
                                    "applied --changes " +
                                    changes_.path()));
  EXPECT_EQ(after.exit_code, 0) << after.out;
}

TEST_F(DriftFixCliTest, ValidateJsonCarriesTheDriftsChecksumsAndItsAcceptingCommand) {
  nlohmann::json report = json(flamingock({"validate", "--changes", changes_.path(), "--json"}));

  ASSERT_EQ(report["problems"].size(), 1u) << report.dump();
  const nlohmann::json& drift = report["problems"][0];
  EXPECT_EQ(drift["kind"], "drift");
  EXPECT_EQ(drift["recordedChecksum"], checksumOf(putItemChange("seed", "0001", data_table_)));
  EXPECT_EQ(drift["currentChecksum"], checksumOf(edited_));
  EXPECT_THAT(drift["command"].get<std::string>(),
              HasSubstr("audit fix seed --resolution applied --changes " + changes_.path()));
}

TEST_F(DriftFixCliTest, IssueListShowsTheDriftWithBothChecksumsWhenGivenTheChanges) {
  CliResult unchecked = flamingock({"issue", "list"});
  CliResult table = flamingock({"issue", "list", "--changes", changes_.path()});
  nlohmann::json issues =
      json(flamingock({"issue", "list", "--changes", changes_.path(), "--json"}));

  ASSERT_EQ(unchecked.exit_code, 0) << unchecked.err;
  EXPECT_THAT(unchecked.out, HasSubstr("No issues"));
  EXPECT_THAT(unchecked.out, HasSubstr("Drift not checked: give --changes DIR"));
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("drift"));
  EXPECT_THAT(table.out, HasSubstr("issue get CHANGE_ID --guidance --changes " + changes_.path()));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0]["changeId"], "seed");
  EXPECT_EQ(issues[0]["kind"], "drift");
  EXPECT_EQ(issues[0]["recordedChecksum"], checksumOf(putItemChange("seed", "0001", data_table_)));
  EXPECT_EQ(issues[0]["currentChecksum"], checksumOf(edited_));
}

TEST_F(DriftFixCliTest, IssueGetExplainsTheDriftAndItsAcceptingCommandWorksAsPasted) {
  CliResult unchecked = flamingock({"issue", "get", "seed", "--lock-key", kLockKey});
  CliResult issue = flamingock(
      {"issue", "get", "seed", "--changes", changes_.path(), "--lock-key", kLockKey, "--guidance"});
  nlohmann::json story =
      json(flamingock({"issue", "get", "seed", "--changes", changes_.path(), "--json"}));
  std::string accept = printedCommand(issue.out, "flamingock audit fix seed");

  EXPECT_THAT(unchecked.out, HasSubstr("Drift not checked"));
  ASSERT_EQ(issue.exit_code, 0) << issue.err;
  EXPECT_THAT(issue.out, HasSubstr("Its code changed since it was applied"));
  EXPECT_THAT(issue.out, HasSubstr("flamingock undo --to seed --changes " + changes_.path()));
  EXPECT_TRUE(story["needsPerson"]);
  EXPECT_EQ(story["drift"]["currentChecksum"], checksumOf(edited_));
  EXPECT_EQ(story["commands"].size(), 2u);
  CliResult pasted = runPasted(accept);
  ASSERT_EQ(pasted.exit_code, 0) << accept << "\n" << pasted.err;
  EXPECT_EQ(runChanges({"--lock-key", kLockKey}).exit_code, 0);
  EXPECT_THAT(flamingock({"issue", "get", "seed", "--changes", changes_.path()}).out,
              HasSubstr("No issue"));
}

TEST_F(DriftFixCliTest, RefusalsAreUsageErrorsThatWriteNothing) {
  std::size_t entries = auditItems().size();

  CliResult without_changes = fix("applied", false);
  CliResult rolled_back = fix("rolled-back", true);
  writeChange("0001-seed.yaml", putItemChange("seed", "0001", data_table_));  // as applied
  CliResult not_drifted = fix("applied", true);

  expectUsageError(without_changes, "give --changes DIR");
  expectUsageError(rolled_back, "undo --to seed");
  expectUsageError(not_drifted, "nothing to fix");
  EXPECT_EQ(auditItems().size(), entries);
}

}  // namespace
}  // namespace flamingock::test
