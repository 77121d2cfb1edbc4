// The commands the tool prints reach the log it was pointed at: pasted as printed, they work.
#include <gmock/gmock.h>

#include "cli_fixture.h"
#include "support/local_dynamodb.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;

constexpr char kLockKey[] = "orders-service";

// A change left FAILED (its table is missing) on this test's tables and lock key.
class PrintedCommandTest : public CliTest {
 protected:
  void SetUp() override {
    table_ = uniqueTableName("cli_data");
    writeChange("0001-fails.yaml", putItemChange("fails", "0001", table_));
    ASSERT_EQ(runChanges({"--lock-key", kLockKey}).exit_code, 1);
  }
  std::string table_;
};

TEST_F(PrintedCommandTest, TheRunsFixCommandRepeatsEveryNonDefaultOptionAndWorksAsPasted) {
  CliResult blocked = runChanges({"--lock-key", kLockKey});
  std::string fix = printedCommand(blocked.err, "flamingock audit fix fails");

  EXPECT_THAT(fix, HasSubstr("--audit-table " + audit_table_));
  EXPECT_THAT(fix, HasSubstr("--lock-table " + lock_table_));
  EXPECT_THAT(fix, HasSubstr(std::string("--lock-key ") + kLockKey));
  createTable(table_);
  std::string applied = fix.replace(fix.find("applied|rolled-back"), 19, "applied");
  CliResult pasted = runPasted(applied);
  ASSERT_EQ(pasted.exit_code, 0) << applied << "\n" << pasted.err;
  EXPECT_EQ(json(flamingock({"audit", "list", "--json"}))[0]["state"], "MANUAL_MARKED_AS_APPLIED");
}

TEST_F(PrintedCommandTest, IssueGetsFixCommandsWorkAsPasted) {
  CliResult issue = flamingock({"issue", "get", "fails", "--lock-key", kLockKey});
  std::string fix =
      printedCommand(issue.out, "flamingock audit fix fails --resolution rolled-back");

  createTable(table_);
  CliResult pasted = runPasted(fix);
  CliResult next = runChanges({"--lock-key", kLockKey});

  ASSERT_EQ(pasted.exit_code, 0) << fix << "\n" << pasted.err;
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_THAT(next.out, HasSubstr("APPLIED  fails"));
}

TEST_F(PrintedCommandTest, ValidatesResolvingCommandRepeatsEveryNonDefaultOptionAndWorksAsPasted) {
  CliResult validate =
      flamingock({"validate", "--changes", changes_.path(), "--lock-key", kLockKey});
  std::string fix = printedCommand(validate.out, "flamingock audit fix fails");

  EXPECT_EQ(validate.exit_code, 1);
  EXPECT_THAT(validate.out, HasSubstr("resolve with: " + fix));
  EXPECT_THAT(fix, HasSubstr("--endpoint " + localDynamoDbEndpoint()));
  EXPECT_THAT(fix, HasSubstr("--audit-table " + audit_table_));
  EXPECT_THAT(fix, HasSubstr(std::string("--lock-key ") + kLockKey));
  std::string rolled_back = fix.replace(fix.find("applied|rolled-back"), 19, "rolled-back");
  CliResult pasted = runPasted(rolled_back);
  ASSERT_EQ(pasted.exit_code, 0) << rolled_back << "\n" << pasted.err;
  EXPECT_EQ(json(flamingock({"audit", "list", "--json"}))[0]["state"],
            "MANUAL_MARKED_AS_ROLLED_BACK");
}

TEST_F(PrintedCommandTest, IssueListsHintWorksAsPasted) {
  CliResult list = flamingock({"issue", "list", "--lock-key", kLockKey});
  std::string get = printedCommand(list.out, "flamingock issue get");

  CliResult pasted = runPasted(get.replace(get.find("CHANGE_ID"), 9, "fails"));

  ASSERT_EQ(pasted.exit_code, 0) << get << "\n" << pasted.err;
  EXPECT_THAT(pasted.out, HasSubstr("Its apply failed"));
}

}  // namespace
}  // namespace flamingock::test
