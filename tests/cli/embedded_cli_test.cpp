// The CLI embedded in a service binary (flamingock::cli::run), through tests/cli/service.
#include <gmock/gmock.h>

#include "cli_fixture.h"
#include "flamingock/testing.h"
#include "flamingock/version.h"
#include "support/local_dynamodb.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class EmbeddedCliTest : public CliTest {
 protected:
  using Environment = std::vector<std::pair<std::string, std::string>>;

  CliResult service(const std::vector<std::string>& args, const Environment& extra = {}) const {
    Environment environment = cliEnvironment();
    environment.insert(environment.end(), {{"AWS_ENDPOINT_URL_DYNAMODB", localDynamoDbEndpoint()},
                                           {"CLI_TEST_AUDIT_TABLE", audit_table_},
                                           {"CLI_TEST_LOCK_TABLE", lock_table_},
                                           {"CLI_TEST_DATA_TABLE", data_table_}});
    environment.insert(environment.end(), extra.begin(), extra.end());
    return runProgram(CLI_TEST_SERVICE_PATH, args, environment);
  }

  // The service's own lock options: a 7 minute lease and a 2 s timeout, none of them defaults.
  static Environment servicesLockOptions() {
    return {{"CLI_TEST_LOCK_LEASE_MS", "420000"}, {"CLI_TEST_LOCK_TIMEOUT_MS", "2000"}};
  }

  std::string data_table_ = uniqueTableName("cli_service_data");
};

TEST_F(EmbeddedCliTest, PlanShowsThePendingCodeChangesAndChangesNothing) {
  CliResult plan = service({"plan", "--json"});

  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  nlohmann::json summary = json(plan);
  EXPECT_EQ(summary["planned"], 2);
  EXPECT_EQ(summary["changes"][0]["changeId"], "create-data-table");
  EXPECT_FALSE(tableExists(data_table_));
  EXPECT_FALSE(tableExists(audit_table_));
}

TEST_F(EmbeddedCliTest, ExecuteApplyRunsTheChangesOnceAndTheLogReadsAsStandalone) {
  CliResult apply = service({"execute", "apply"});
  CliResult again = service({"execute", "apply"});
  CliResult plan = service({"plan"});

  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  EXPECT_THAT(apply.out, HasSubstr("APPLIED  create-data-table"));
  EXPECT_THAT(apply.out, HasSubstr("APPLIED  put-first-item"));
  EXPECT_THAT(again.out, HasSubstr("0 applied, 2 up to date"));
  EXPECT_THAT(plan.out, HasSubstr("0 change(s) to apply, 2 up to date"));
  EXPECT_TRUE(tableExists(data_table_));
  nlohmann::json log = json(service({"audit", "list", "--json"}));
  EXPECT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0]["type"], "STANDARD_CODE");
  EXPECT_EQ(json(flamingock({"audit", "list", "--json"})), log);
}

// The service keeps the builder's default logger: its info lines would repeat the progress lines.
TEST_F(EmbeddedCliTest, ExecuteApplyShowsEachChangeOnceWhenTheServiceChoseNoLogger) {
  CliResult apply = service({"execute", "apply"});

  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  EXPECT_EQ(apply.err, "");
  EXPECT_EQ(occurrences(apply.out, "create-data-table"), 1u) << apply.out;
}

TEST_F(EmbeddedCliTest, ExecuteApplyKeepsTheServicesOwnLogger) {
  CliResult apply = service({"execute", "apply"}, {{"CLI_TEST_OWN_LOGGER", "1"}});
  CliResult debug =
      service({"execute", "apply", "--log-level", "debug"}, {{"CLI_TEST_OWN_LOGGER", "1"}});

  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  EXPECT_THAT(apply.err, HasSubstr("service log: create-data-table"));
  EXPECT_THAT(apply.err, HasSubstr("service log: put-first-item"));
  // A --log-level given is the command line's choice over the service's.
  ASSERT_EQ(debug.exit_code, 0) << debug.err;
  EXPECT_THAT(debug.err, Not(HasSubstr("service log:")));
  EXPECT_THAT(debug.err, HasSubstr("flamingock DEBUG"));
}

TEST_F(EmbeddedCliTest, ExecuteValidateUndoAndBaselineActOnTheServicesChanges) {
  CliResult pending = service({"execute", "validate"});
  CliResult baseline =
      service({"execute", "baseline", "--up-to", "create-data-table", "--dry-run"});
  ASSERT_EQ(service({"execute", "apply"}).exit_code, 0);
  CliResult agreed = service({"execute", "validate", "--json"});
  CliResult dry = service({"execute", "undo", "--dry-run"});
  CliResult undo = service({"execute", "undo", "--json"});
  CliResult refused = service({"execute", "undo"});

  EXPECT_EQ(pending.exit_code, 1);
  EXPECT_THAT(pending.out, HasSubstr("pending"));
  ASSERT_EQ(baseline.exit_code, 0) << baseline.err;
  EXPECT_THAT(baseline.out, HasSubstr("would mark 1 change(s) applied"));
  EXPECT_EQ(agreed.exit_code, 0) << agreed.out;
  EXPECT_TRUE(json(agreed)["ok"]);
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_THAT(dry.out, HasSubstr("would roll back 1 change(s), newest first: put-first-item"));
  ASSERT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_EQ(json(undo)["changes"][0]["changeId"], "put-first-item");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("no rollback for 'create-data-table'"));
}

TEST_F(EmbeddedCliTest, OffersTheSameAuditIssueAndLockCommands) {
  ASSERT_EQ(service({"execute", "apply"}).exit_code, 0);

  CliResult issues = service({"issue", "list", "--json"});
  CliResult lock = service({"lock", "status"});
  CliResult fix = service({"audit", "fix", "put-first-item", "--resolution", "applied"});

  EXPECT_EQ(json(issues), nlohmann::json::array());
  EXPECT_THAT(lock.out, HasSubstr("is free"));
  EXPECT_EQ(fix.exit_code, 2);
  EXPECT_THAT(fix.err, HasSubstr("has not drifted"));
}

TEST_F(EmbeddedCliTest, AuditFixAcceptsAnEditOfTheServicesCodeNamedByTheDriftError) {
  ASSERT_EQ(service({"execute", "apply"}).exit_code, 0);
  Environment edited{{"CLI_TEST_PUT_VERSION", "2"}};

  CliResult drifted = service({"execute", "apply"}, edited);
  std::string accept = printedCommand(drifted.err, "cli_test_service audit fix");
  CliResult fix = service({"audit", "fix", "put-first-item", "--resolution", "applied"}, edited);
  CliResult next = service({"execute", "apply"}, edited);

  EXPECT_EQ(drifted.exit_code, 1);
  EXPECT_EQ(accept, "cli_test_service audit fix put-first-item --resolution applied");
  ASSERT_EQ(fix.exit_code, 0) << fix.err;
  EXPECT_EQ(json(service({"audit", "list", "--json"}))[1]["state"], "MANUAL_MARKED_AS_APPLIED");
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_THAT(next.out, HasSubstr("0 applied, 2 up to date"));
}

TEST_F(EmbeddedCliTest, ABlockedChangeNamesTheServicesOwnFixCommandWhichWorks) {
  seed({entry("create-data-table", AuditState::kStarted, "2026-01-01T00:00:01")});

  CliResult blocked = service({"execute", "apply"});
  std::string fix = printedCommand(blocked.err, "cli_test_service audit fix create-data-table");
  CliResult fixed = service({"audit", "fix", "create-data-table", "--resolution", "rolled-back"});
  CliResult next = service({"execute", "apply"});

  EXPECT_EQ(blocked.exit_code, 1);
  EXPECT_EQ(fix, "cli_test_service audit fix create-data-table --resolution applied|rolled-back");
  ASSERT_EQ(fixed.exit_code, 0) << fixed.err;
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_THAT(next.out, HasSubstr("APPLIED  create-data-table"));
}

TEST_F(EmbeddedCliTest, IssuesShowADriftOfTheServicesCodeWithItsOwnCommands) {
  ASSERT_EQ(service({"execute", "apply"}).exit_code, 0);
  Environment edited{{"CLI_TEST_PUT_VERSION", "2"}};

  nlohmann::json issues = json(service({"issue", "list", "--json"}, edited));
  CliResult issue = service({"issue", "get", "put-first-item"}, edited);

  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0]["kind"], "drift");
  ASSERT_EQ(issue.exit_code, 0) << issue.err;
  EXPECT_THAT(issue.out, HasSubstr("Its code changed since it was applied"));
  EXPECT_THAT(issue.out,
              HasSubstr("cli_test_service audit fix put-first-item --resolution applied\n"));
  EXPECT_THAT(issue.out, HasSubstr("cli_test_service execute undo --to put-first-item\n"));
}

TEST_F(EmbeddedCliTest, LockKeyChangesOnlyTheKeyOfTheServicesLockOptions) {
  CliResult apply = service({"execute", "apply", "--lock-key", "orders"}, servicesLockOptions());

  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  auto lock = localClient().getItem(
      {.table_name = data_table_, .key = {{"pk", dynamodb::AttributeValue::string("lock")}}});
  ASSERT_TRUE(lock.item) << "the service's change did not copy the lock item";
  EXPECT_EQ(lock.item->at("partitionKey").asString(), "orders");
  EXPECT_EQ(lock.item->at("leaseDurationMs").asNumber(), "420000");
}

TEST_F(EmbeddedCliTest, LockKeyKeepsTheServicesLockTimeout) {
  dynamodb::DynamoDBAuditStore audit_store = store();
  audit_store.initialize();
  LockOptions busy;
  busy.key = "orders";
  // Nobody moves its clock: held until released, however slow the machine.
  auto holder = audit_store.createLock(busy, "busy-runner", std::make_shared<testing::FakeClock>());
  holder->acquire();

  // With LockOptions' default timeout it would wait five minutes.
  CliResult apply = service({"execute", "apply", "--lock-key", "orders"}, servicesLockOptions());

  EXPECT_EQ(apply.exit_code, 1) << apply.err;
  EXPECT_THAT(printedCommand(apply.out, "Waiting for lock 'orders', held by 'busy-runner'"),
              HasSubstr("(giving up after 2 s)"));
  EXPECT_THAT(apply.err, HasSubstr("gave up waiting after 2000 ms"));
}

TEST_F(EmbeddedCliTest, UsageErrorsAndVersion) {
  CliResult unknown = service({"run"});  // the standalone tool's command, not a service's
  CliResult version = service({"--version"});

  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(version.out, "cli_test_service (flamingock " + std::string(libraryVersion()) + ")\n");
}

}  // namespace
}  // namespace flamingock::test
