// The test kit's DynamoDB Local (flamingock/testing/local_dynamodb.h): each test starts a server of
// its own through the kit, not the shared one of the other integration tests.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>

#include "flamingock/dynamodb.h"
#include "flamingock/testing.h"
#include "support/scoped_environment.h"

namespace flamingock::test {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using testing::LocalDynamoDB;

bool processExists(pid_t pid) { return kill(pid, 0) == 0 || errno != ESRCH; }

// Found from the current directory up (tools/node_modules), as a user's project finds its own.
TEST(LocalDynamoDBTest, StartsAServerThatTheClientConfigReaches) {
  LocalDynamoDB server = LocalDynamoDB::start();
  dynamodb::Client client(server.clientConfig());

  client.createTable({.table_name = "kit_orders",
                      .attribute_definitions = {{"pk", dynamodb::ScalarAttributeType::kString}},
                      .key_schema = {{"pk", dynamodb::KeyType::kHash}},
                      .billing_mode = dynamodb::BillingMode::kPayPerRequest});

  EXPECT_EQ(server.endpoint(), "http://127.0.0.1:" + std::to_string(server.port()));
  EXPECT_THAT(client.listTables().table_names, Contains("kit_orders"));
}

TEST(LocalDynamoDBTest, DestructionEndsAndReapsTheServerProcess) {
  pid_t pid = 0;
  {
    LocalDynamoDB server = LocalDynamoDB::start();
    pid = server.pid();
    ASSERT_TRUE(processExists(pid));
  }

  EXPECT_FALSE(processExists(pid));  // a zombie left unreaped would still exist
}

TEST(LocalDynamoDBTest, AJarOptionThatIsNoFileIsNamed) {
  EXPECT_THAT(
      [] { LocalDynamoDB::start({.jar = "/nonexistent/DynamoDBLocal.jar"}); },
      ::testing::ThrowsMessage<ConfigurationError>(HasSubstr("'/nonexistent/DynamoDBLocal.jar'")));
}

TEST(LocalDynamoDBTest, ADirectoryVariableWithoutTheJarIsNamed) {
  ScopedEnvironment environment;
  TemporaryDirectory empty;
  environment.unset("FLAMINGOCK_DYNAMODB_LOCAL_JAR");
  environment.set("FLAMINGOCK_DYNAMODB_LOCAL_DIR", empty.path());

  EXPECT_THAT([] { LocalDynamoDB::start(); },
              ::testing::ThrowsMessage<ConfigurationError>(
                  HasSubstr("FLAMINGOCK_DYNAMODB_LOCAL_DIR names '" + empty.path() + "'")));
}

TEST(LocalDynamoDBTest, NoJavaIsNamedWithHowToProvideIt) {
  ScopedEnvironment environment;
  TemporaryDirectory directory;
  environment.set("FLAMINGOCK_DYNAMODB_LOCAL_JAR", directory.write("DynamoDBLocal.jar", ""));
  environment.unset("JAVA_HOME");
  environment.set("PATH", "/nonexistent");

  EXPECT_THAT([] { LocalDynamoDB::start(); },
              ::testing::ThrowsMessage<ConfigurationError>(HasSubstr("java not found")));
}

}  // namespace
}  // namespace flamingock::test
