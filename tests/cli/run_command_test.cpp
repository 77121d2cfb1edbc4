// `flamingock run`, `plan`, `audit fix`, usage errors and --version, through the real binary.
#include <gmock/gmock.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli_fixture.h"
#include "flamingock/version.h"
#include "support/local_dynamodb.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST_F(CliTest, RunAppliesEachChangeWithAProgressLineAndASecondRunAppliesNothing) {
  std::string table = uniqueTableName("cli_data");
  createTable(table);
  writeChange("0001-first.yaml", putItemChange("first", "0001", table));
  writeChange("0002-second.yaml", putItemChange("second", "0002", table));

  CliResult first = runChanges();
  CliResult second = runChanges();

  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("APPLIED  first"));
  EXPECT_THAT(first.out, HasSubstr("APPLIED  second"));
  EXPECT_THAT(first.out, HasSubstr("2 applied, 0 up to date"));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_THAT(second.out, HasSubstr("0 applied, 2 up to date"));
}

TEST_F(CliTest, RunPrintsItsSummaryAsJson) {
  std::string table = uniqueTableName("cli_data");
  createTable(table);
  writeChange("0001-first.yaml", putItemChange("first", "0001", table));

  CliResult result = runChanges({"--json"});

  ASSERT_EQ(result.exit_code, 0) << result.err;
  nlohmann::json summary = json(result);
  EXPECT_EQ(summary["applied"], 1);
  EXPECT_EQ(summary["changes"][0]["changeId"], "first");
  EXPECT_FALSE(summary["dryRun"]);
}

TEST_F(CliTest, QuietRunPrintsNothingButErrors) {
  std::string table = uniqueTableName("cli_data");
  createTable(table);
  writeChange("0001-first.yaml", putItemChange("first", "0001", table));

  CliResult result = runChanges({"--quiet"});

  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(json(flamingock({"audit", "list", "--json"}))[0]["state"], "APPLIED");
}

TEST_F(CliTest, DryRunShowsThePlanAndCreatesNothing) {
  std::string table = uniqueTableName("cli_data");
  writeChange(
      "0001-create.yaml",
      "id: create\norder: \"0001\"\nauthor: ana\napply:\n  - createTable: {TableName: " + table +
          ", BillingMode: PAY_PER_REQUEST, KeySchema: [{AttributeName: pk, KeyType: "
          "HASH}], AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]}\n");

  CliResult result = runChanges({"--dry-run"});

  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("create"));
  EXPECT_THAT(result.out, HasSubstr("1 change(s) to apply"));
  EXPECT_FALSE(tableExists(table));
  EXPECT_FALSE(tableExists(audit_table_));
  EXPECT_FALSE(tableExists(lock_table_));
}

struct MalformedChanges {
  const char* directory;  // under tests/data/cli
  const char* problem;    // what the error must say
};

class MalformedChangesTest : public CliTest,
                             public ::testing::WithParamInterface<MalformedChanges> {};

TEST_P(MalformedChangesTest, ExplainsTheProblemExitsTwoAndTouchesNoTable) {
  std::string directory =
      std::string(FLAMINGOCK_SOURCE_DIR) + "/tests/data/cli/" + GetParam().directory;

  CliResult result = flamingock({"run", "--changes", directory});

  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr(GetParam().problem));
  EXPECT_EQ(result.out, "");
  EXPECT_FALSE(tableExists(audit_table_));
  EXPECT_FALSE(tableExists(lock_table_));
}

INSTANTIATE_TEST_SUITE_P(
    Cli, MalformedChangesTest,
    ::testing::Values(MalformedChanges{"syntax-error", "0001-broken.yaml:6: YAML syntax error"},
                      MalformedChanges{"unknown-operation", "unknown operation 'dropEverything'"},
                      MalformedChanges{"missing-id", "0001-no-id.yaml:1: missing key 'id'"},
                      MalformedChanges{"duplicate-id", "duplicate id 'same-id'"},
                      MalformedChanges{"self-alias",
                                       "0001-self-alias.yaml:5: the alias *r is "
                                       "inside the value of its anchor &r"},
                      MalformedChanges{"alias-bomb",
                                       "0001-alias-bomb.yaml:13: the aliases of "
                                       "this file expand to more than 100000"},
                      MalformedChanges{"migration-wrong-types",
                                       "0001-backfill.yaml:5: migrateItems: Scan.ConsistentRead "
                                       "is {\"always\":true}"},
                      MalformedChanges{"no-such-directory", "no-such-directory"}),
    [](const auto& info) {
      std::string name = info.param.directory;
      std::erase(name, '-');
      return name;
    });

// A change that fails (its table is missing) and leaves FAILED, blocking the next run.
class BlockedChangeTest : public CliTest {
 protected:
  void SetUp() override {
    table_ = uniqueTableName("cli_data");
    writeChange("0001-fails.yaml", putItemChange("fails", "0001", table_));
    writeChange("0002-after.yaml", putItemChange("after", "0002", table_));
    CliResult failed = runChanges();
    ASSERT_EQ(failed.exit_code, 1);
    ASSERT_THAT(failed.err, HasSubstr("fails"));
  }
  std::string table_;
};

TEST_F(BlockedChangeTest, NextRunRefusesAndNamesTheFixCommand) {
  CliResult blocked = runChanges();

  EXPECT_EQ(blocked.exit_code, 1);
  EXPECT_THAT(blocked.err, HasSubstr("flamingock audit fix fails"));
}

TEST_F(BlockedChangeTest, FixMarkedAppliedLetsTheNextRunGoOn) {
  createTable(table_);

  CliResult fix = flamingock({"audit", "fix", "-c", "fails", "-r", "APPLIED"});
  CliResult next = runChanges();

  ASSERT_EQ(fix.exit_code, 0) << fix.err;
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_THAT(next.out, HasSubstr("APPLIED  after"));
  EXPECT_THAT(next.out, Not(HasSubstr("APPLIED  fails")));
  nlohmann::json current = json(flamingock({"audit", "list", "--json"}));
  ASSERT_EQ(current.size(), 2u);
  EXPECT_EQ(current[0]["changeId"], "fails");
  EXPECT_EQ(current[0]["state"], "MANUAL_MARKED_AS_APPLIED");
  EXPECT_EQ(current[0]["author"], "flamingock-cli");
}

TEST_F(BlockedChangeTest, FixMarkedRolledBackMakesTheNextRunApplyItAgain) {
  createTable(table_);

  CliResult fix = flamingock({"audit", "fix", "fails", "--resolution", "rolled-back"});
  CliResult next = runChanges();

  ASSERT_EQ(fix.exit_code, 0) << fix.err;
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_THAT(next.out, HasSubstr("APPLIED  fails"));
  EXPECT_THAT(next.out, HasSubstr("APPLIED  after"));
}

TEST_F(BlockedChangeTest, FixRefusesAHealthyOrUnknownChange) {
  createTable(table_);
  ASSERT_EQ(flamingock({"audit", "fix", "fails", "--resolution", "rolled-back"}).exit_code, 0);
  ASSERT_EQ(runChanges().exit_code, 0);

  CliResult healthy = flamingock(
      {"audit", "fix", "fails", "--resolution", "applied", "--changes", changes_.path()});
  CliResult unknown = flamingock({"audit", "fix", "nobody", "--resolution", "applied"});

  expectUsageError(healthy, "'fails' is APPLIED and has not drifted");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("'nobody' is not in the audit log"));
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {},
           {"no-such-command"},
           {"audit", "list", "--no-such-option"},
           {"audit", "list", "--since", "yesterday"},
           {"audit", "fix", "some-change", "--resolution", "maybe"},
           {"audit", "fix", "--resolution", "applied"},
           {"run"},
           {"lock", "release"},
           {"--output", "xml", "audit", "list"}}) {
    CliResult result = flamingock(args);
    EXPECT_EQ(result.exit_code, 2) << ::testing::PrintToString(args) << result.err;
    EXPECT_NE(result.err, "") << ::testing::PrintToString(args);
  }
  EXPECT_FALSE(tableExists(audit_table_));
}

TEST_F(CliTest, BadSinceNamesTheValue) {
  CliResult result = flamingock({"audit", "list", "--since", "2026-13-45"});

  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("'2026-13-45'"));
}

TEST_F(CliTest, LockTimeoutBeyondADayIsRefusedNamingTheValue) {
  // 100000000000s overflowed the lock's deadline; 10000000000000000m its milliseconds.
  for (std::string value : {"100000000000s", "10000000000000000m", "1441m"}) {
    CliResult result = runChanges({"--lock-timeout", value});

    expectUsageError(result, "'" + value + "' is too long: at most 1440m");
  }
  EXPECT_FALSE(tableExists(audit_table_));
}

// A loopback server that accepts connections and never answers: a request to it hangs.
class SilentServer {
 public:
  SilentServer() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    bind(fd_, reinterpret_cast<sockaddr*>(&address), length);
    listen(fd_, 8);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~SilentServer() { close(fd_); }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_;
  int port_ = 0;
};

TEST(CliInterruptTest, CtrlCExitsWith130) {
  SilentServer server;

  CliResult result =
      runProgram(FLAMINGOCK_CLI_PATH, {"--endpoint", server.endpoint(), "audit", "list"},
                 cliEnvironment(), std::chrono::milliseconds(500));

  EXPECT_EQ(result.exit_code, 130);
  EXPECT_THAT(result.err, HasSubstr("interrupted"));
}

TEST_F(CliTest, VersionIsTheLibrarys) {
  CliResult result = runProgram(FLAMINGOCK_CLI_PATH, {"--version"}, cliEnvironment());

  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "flamingock " + std::string(libraryVersion()) + "\n");
}

TEST_F(CliTest, HelpDocumentsTheExitStatus) {
  CliResult result = runProgram(FLAMINGOCK_CLI_PATH, {"audit", "fix", "--help"}, cliEnvironment());

  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("--resolution"));
  EXPECT_THAT(result.out, HasSubstr("2 usage error"));
}

}  // namespace
}  // namespace flamingock::test
