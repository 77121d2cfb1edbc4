// An audit item the tool cannot read blocks its own change only, and is shown with its key and
// the reason (issue 11.4): the rest of the log reads, plans and runs as usual.
#include <gmock/gmock.h>

#include "cli_fixture.h"
#include "dynamodb/store/audit_item.h"
#include "support/local_dynamodb.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The log holds `good` (APPLIED, readable) and `broken`, whose createdAt nobody can parse.
class UnreadableEntryCliTest : public CliTest {
 protected:
  void SetUp() override {
    data_table_ = uniqueTableName("cli_data");
    createTable(data_table_);
    seed({entry("good", AuditState::kApplied, "2026-01-01T00:00:01")});
    AuditEntry broken = entry("broken", AuditState::kApplied, "2026-01-01T00:00:02");
    broken_key_ = broken.partitionKey();
    dynamodb::Item item = dynamodb::detail::toAuditItem(broken);
    item["createdAt"] = dynamodb::AttributeValue::string("the day before yesterday");
    localClient().putItem({.table_name = audit_table_, .item = item});
    writeChange("0001-good.yaml", putItemChange("good", "0001", data_table_));
    writeChange("0002-new.yaml", putItemChange("new", "0002", data_table_));
  }

  std::string data_table_;
  std::string broken_key_;
};

TEST_F(UnreadableEntryCliTest, ChangesOfTheRestOfTheLogRunAndSkipAsUsual) {
  CliResult run = runChanges();

  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("APPLIED  new"));
  EXPECT_THAT(run.out, HasSubstr("1 applied, 1 up to date"));
}

TEST_F(UnreadableEntryCliTest, ItsOwnChangeIsBlockedWithTheItemsKeyAndReason) {
  writeChange("0003-broken.yaml", putItemChange("broken", "0003", data_table_));

  CliResult run = runChanges();
  CliResult guidance = runPasted(printedCommand(run.err, "flamingock issue get broken"));

  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("'broken' is UNREADABLE"));
  EXPECT_THAT(run.err, HasSubstr(broken_key_));
  EXPECT_THAT(run.err, HasSubstr("unreadable 'createdAt'"));
  EXPECT_THAT(run.err, Not(HasSubstr("APPLIED  new")));  // its stage waits, as for any block
  ASSERT_EQ(guidance.exit_code, 0) << guidance.err;
  EXPECT_THAT(guidance.out, HasSubstr("item '" + broken_key_ + "' cannot be read"));
  EXPECT_THAT(guidance.out, HasSubstr("the day before yesterday"));
}

TEST_F(UnreadableEntryCliTest, ValidateNamesTheGuidanceForItWhichWorksAsPasted) {
  writeChange("0003-broken.yaml", putItemChange("broken", "0003", data_table_));

  CliResult validate = flamingock({"validate", "--changes", changes_.path()});
  std::string get = printedCommand(validate.out, "flamingock issue get broken --guidance");
  CliResult guidance = runPasted(get);

  EXPECT_EQ(validate.exit_code, 1);
  EXPECT_THAT(get, HasSubstr("--audit-table " + audit_table_));
  ASSERT_EQ(guidance.exit_code, 0) << get << "\n" << guidance.err;
  EXPECT_THAT(guidance.out, HasSubstr("item '" + broken_key_ + "' cannot be read"));
}

TEST_F(UnreadableEntryCliTest, IssueListShowsOnlyItWithItsKeyAndReason) {
  nlohmann::json issues = json(flamingock({"issue", "list", "--json"}));
  CliResult fix = flamingock({"audit", "fix", "broken", "--resolution", "applied"});

  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0]["changeId"], "broken");
  EXPECT_EQ(issues[0]["state"], "UNREADABLE");
  EXPECT_EQ(issues[0]["itemKey"], broken_key_);
  EXPECT_THAT(issues[0]["error"].get<std::string>(), HasSubstr("unreadable 'createdAt'"));
  EXPECT_EQ(fix.exit_code, 1);
  EXPECT_THAT(fix.err, HasSubstr("repair or delete that item"));
}

TEST_F(UnreadableEntryCliTest, AnItemWithoutItsChangeIdIsNamedByItsKeyAndBlocksOnlyThatChange) {
  AuditEntry nameless = entry("nameless", AuditState::kApplied, "2026-01-01T00:00:03");
  dynamodb::Item item = dynamodb::detail::toAuditItem(nameless);
  item.erase("changeId");
  localClient().putItem({.table_name = audit_table_, .item = item});
  writeChange("0003-nameless.yaml", putItemChange("nameless", "0003", data_table_));

  nlohmann::json issues = json(flamingock({"issue", "list", "--json"}));
  CliResult run = runChanges();

  nlohmann::json named;
  for (const auto& issue : issues) {
    if (issue["changeId"] == "nameless") named = issue;
  }
  ASSERT_FALSE(named.is_null()) << issues.dump();
  EXPECT_EQ(named["state"], "UNREADABLE");
  EXPECT_EQ(named["itemKey"], nameless.partitionKey());
  EXPECT_THAT(named["error"].get<std::string>(), HasSubstr("no string attribute 'changeId'"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("'nameless' is UNREADABLE"));
}

}  // namespace
}  // namespace flamingock::test
