// The tool on global tables (docs/operations.md#several-regions): --home-region and
// FLAMINGOCK_HOME_REGION, and `plan` / `lock status` naming the Region's role. DynamoDB Local has
// no replicas: the tool talks to it through a FaultProxy that adds them (GlobalTables).
#include <gmock/gmock.h>

#include "cli_fixture.h"
#include "support/fault_proxy.h"
#include "support/global_tables.h"
#include "support/local_dynamodb.h"

namespace flamingock::test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

class GlobalTablesCliTest : public CliTest {
 protected:
  void SetUp() override {
    store().initialize();
    for (const std::string& table : {audit_table_, lock_table_}) {
      global_.replicate(table, {"us-east-1", "eu-west-1"});
    }
    writeChange("0001-first.yaml", putItemChange("first", "0001", uniqueTableName("cli_data")));
  }

  // The tool in `region` through the proxy, with `environment` added to the CLI's.
  CliResult inRegion(const std::string& region, const std::vector<std::string>& args,
                     std::vector<std::pair<std::string, std::string>> environment = {}) const {
    std::vector<std::string> all{"--endpoint",    proxy_.url(), "--region",     region,
                                 "--audit-table", audit_table_, "--lock-table", lock_table_};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<std::pair<std::string, std::string>> variables = cliEnvironment();
    variables.insert(variables.end(), environment.begin(), environment.end());
    return runProgram(FLAMINGOCK_CLI_PATH, all, variables);
  }

  FaultProxy proxy_{localDynamoDbEndpoint()};
  GlobalTables global_{proxy_};
};

TEST_F(GlobalTablesCliTest, PlanNamesAFollowerRegionsRole) {
  CliResult result =
      inRegion("eu-west-1", {"--home-region", "us-east-1", "plan", "--changes", changes_.path()});

  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out,
              HasSubstr("This Region: follower of home Region us-east-1 (this Region eu-west-1)"));
}

TEST_F(GlobalTablesCliTest, LockStatusNamesTheHomeRegion) {
  CliResult result = inRegion("us-east-1", {"--home-region", "us-east-1", "lock", "status"});

  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("This Region: home Region us-east-1"));
}

TEST_F(GlobalTablesCliTest, TheHomeRegionMayComeFromTheEnvironment) {
  CliResult result = inRegion("eu-west-1", {"lock", "status", "--json"},
                              {{"FLAMINGOCK_HOME_REGION", "us-east-1"}});

  ASSERT_EQ(result.exit_code, 0) << result.err;
  nlohmann::json role = json(result)["storeRole"];
  EXPECT_EQ(role["kind"], "follower");
  EXPECT_EQ(role["homeRegion"], "us-east-1");
  EXPECT_EQ(role["region"], "eu-west-1");
}

TEST_F(GlobalTablesCliTest, WithoutAHomeRegionTheRunIsRefusedBeforeAnyWrite) {
  CliResult result = inRegion("eu-west-1", {"run", "--changes", changes_.path()});

  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.err, AllOf(HasSubstr(audit_table_), HasSubstr("--home-region")));
  EXPECT_EQ(writeRequestCount(proxy_), 0);
}

TEST_F(GlobalTablesCliTest, AFollowerRunWritesNothingAndGivesUpNamingTheHomeRegion) {
  CliResult result = inRegion("eu-west-1", {"--home-region", "us-east-1", "run", "--changes",
                                            changes_.path(), "--lock-timeout", "300ms"});

  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.err, AllOf(HasSubstr("home Region us-east-1"), HasSubstr("'first'")));
  EXPECT_EQ(writeRequestCount(proxy_), 0);
}

TEST_F(GlobalTablesCliTest, AHomeRegionThatIsNoRegionNameIsAUsageError) {
  CliResult result = inRegion("eu-west-1", {"--home-region", "us east", "lock", "status"});

  expectUsageError(result, "--home-region: AWS region 'us east' from withHomeRegion");
}

}  // namespace
}  // namespace flamingock::test
