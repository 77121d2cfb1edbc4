// The `flamingock` tool over HTTPS (through a TLS front with a CA of its own) and with table names
// given in either order.
#include <gmock/gmock.h>

#include "cli_fixture.h"
#include "support/local_dynamodb.h"
#include "support/tls_front.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;

class CliEdgesTest : public CliTest {
 protected:
  // Runs the tool with exactly `args` and the CLI environment plus `extra`.
  CliResult tool(const std::vector<std::string>& args,
                 const std::vector<std::pair<std::string, std::string>>& extra = {}) const {
    auto environment = cliEnvironment();
    environment.insert(environment.end(), extra.begin(), extra.end());
    return runProgram(FLAMINGOCK_CLI_PATH, args, environment);
  }

  std::vector<std::string> runThrough(const std::string& endpoint) const {
    return {"--endpoint", endpoint, "--audit-table", audit_table_,   "--lock-table",
            lock_table_,  "run",    "--changes",     changes_.path()};
  }
};

TEST_F(CliEdgesTest, RunsThroughHttpsTrustingAwsCaBundle) {
  TlsFront front(localDynamoDbEndpoint());
  std::string table = uniqueTableName("cli_https");
  createTable(table);
  writeChange("0001-first.yaml", putItemChange("first", "0001", table));

  CliResult result = tool(runThrough(front.url()), {{"AWS_CA_BUNDLE", front.caBundle()}});

  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("1 applied"));
  EXPECT_GE(front.handshakes(), 1);
}

TEST_F(CliEdgesTest, AnUntrustedCertificateFailsAtOnceNamingTheProblem) {
  TlsFront front(localDynamoDbEndpoint());
  writeChange("0001-first.yaml", putItemChange("first", "0001", uniqueTableName("cli_https")));

  CliResult result = tool(runThrough(front.url()), {{"AWS_CA_BUNDLE", front.strangerCaBundle()}});

  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.err, HasSubstr("SSL certificate problem"));
  EXPECT_EQ(front.acceptedConnections(), 1);
}

TEST_F(CliEdgesTest, TableNamesMayTakeEachOthersDefaultInEitherOrder) {
  // The audit table named as the lock table's default: fine once the lock table has another name.
  CliResult audit_first = tool({"--endpoint", localDynamoDbEndpoint(), "--audit-table",
                                "flamingockLock", "--lock-table", lock_table_, "audit", "list"});
  CliResult lock_first = tool({"--endpoint", localDynamoDbEndpoint(), "--lock-table", lock_table_,
                               "--audit-table", "flamingockLock", "audit", "list"});

  EXPECT_EQ(audit_first.exit_code, 0) << audit_first.err;
  EXPECT_EQ(lock_first.exit_code, 0) << lock_first.err;
}

TEST_F(CliEdgesTest, OneNameForBothTablesIsRefusedNamingIt) {
  CliResult result = tool({"--endpoint", localDynamoDbEndpoint(), "--audit-table", audit_table_,
                           "--lock-table", audit_table_, "audit", "list"});

  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.err, HasSubstr("both are named '" + audit_table_ + "'"));
}

}  // namespace
}  // namespace flamingock::test
