// Bad input at every public entry point is refused before anything runs, with a message that names
// the bad value: table names, capacities, change ids, orders, target systems, credentials,
// endpoints, regions, client settings, lock options, YAML changes and attribute numbers. One row
// per case.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "flamingock/dynamodb.h"
#include "flamingock/flamingock.h"
#include "flamingock/testing.h"
#include "support/scoped_environment.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;
using namespace dynamodb;

struct BadInput {
  std::string name;             // the test's name: what is wrong
  std::function<void()> given;  // hands the bad value to a public entry point
  std::string message;          // a fragment of the error's message that names the bad value
};

void PrintTo(const BadInput& input, std::ostream* out) { *out << input.name; }

// A client config the library accepts; each row spoils one thing. Nothing is sent anywhere.
ClientConfig goodConfig() {
  ClientConfig config;
  config.region = "us-east-1";
  config.endpoint = "http://127.0.0.1:8000";
  config.credentials = staticCredentials({.access_key_id = "key", .secret_access_key = "secret"});
  return config;
}

ClientConfig configWith(const std::function<void(ClientConfig&)>& spoil) {
  ClientConfig config = goodConfig();
  spoil(config);
  return config;
}

DynamoDBAuditStore goodStore() { return DynamoDBAuditStore(goodConfig()); }

// A change with the given identity and no effect.
class NamedChange : public Change {
 public:
  explicit NamedChange(ChangeInfo info) : info_(std::move(info)) {}
  ChangeInfo info() const override { return info_; }
  void apply(ChangeContext&) override {}

 private:
  ChangeInfo info_;
};

// Builds a pipeline of `changes` on an in-memory store and the given target systems.
void buildPipeline(std::vector<ChangeInfo> changes,
                   std::vector<std::shared_ptr<TargetSystem>> targets = {
                       std::make_shared<testing::InMemoryTargetSystem>("memory")}) {
  auto builder = Flamingock::builder();
  builder.setAuditStore(testing::InMemoryAuditStore());
  for (auto& target : targets) builder.addTargetSystems({target});
  for (ChangeInfo& info : changes) builder.addChange(std::make_unique<NamedChange>(info));
  builder.build();
}

// The client made from the environment, where `name` is `value` and the rest is sane.
void clientFromEnvironmentWith(const std::string& name, const std::string& value) {
  ScopedEnvironment environment;
  environment.clearAws();
  environment.set("AWS_REGION", "us-east-1");
  environment.set("AWS_ACCESS_KEY_ID", "key");
  environment.set("AWS_SECRET_ACCESS_KEY", "secret");
  if (value.empty()) {
    environment.unset(name);
  } else {
    environment.set(name, value);
  }
  Client::fromEnvironment();
}

// Builds a valid pipeline but for its lock options, spoilt by `spoil`.
void buildWithLockOptions(const std::function<void(LockOptions&)>& spoil) {
  LockOptions options;
  spoil(options);
  Flamingock::builder()
      .setAuditStore(testing::InMemoryAuditStore())
      .setLockOptions(options)
      .addChange(std::make_unique<NamedChange>(ChangeInfo{.id = "one", .order = "0001"}))
      .build();
}

void parseYaml(const std::string& text) { parseYamlChange(text, "0001-bad.yaml"); }

constexpr char kCreateTable[] =
    "  - createTable: {TableName: t, BillingMode: PAY_PER_REQUEST,\n"
    "                  KeySchema: [{AttributeName: pk, KeyType: HASH}],\n"
    "                  AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]}\n";

std::vector<BadInput> badInputs() {
  const std::string too_long(256, 'a');
  return {
      // Audit store settings.
      {"AuditTableNameTooShort", [] { goodStore().withAuditRepositoryName("ab"); },
       "withAuditRepositoryName 'ab' is not a valid DynamoDB table name"},
      {"AuditTableNameTooLong", [=] { goodStore().withAuditRepositoryName(too_long); },
       "withAuditRepositoryName '" + too_long + "'"},
      {"AuditTableNameWithBadCharacters", [] { goodStore().withAuditRepositoryName("audit log!"); },
       "'audit log!'"},
      {"LockTableNameEmpty", [] { goodStore().withLockRepositoryName(""); },
       "withLockRepositoryName '' is not a valid DynamoDB table name"},
      {"LockTableNameWithBadCharacters", [] { goodStore().withLockRepositoryName("lock/table"); },
       "withLockRepositoryName 'lock/table'"},
      {"AuditAndLockTableTheSame",
       [] {
         goodStore()
             .withAuditRepositoryName("shared")
             .withLockRepositoryName("shared")
             .initialize();
       },
       "both are named 'shared'"},
      {"ReadCapacityZero", [] { goodStore().withReadCapacityUnits(0); },
       "withReadCapacityUnits must be at least 1, got 0"},
      {"WriteCapacityNegative", [] { goodStore().withWriteCapacityUnits(-5); },
       "withWriteCapacityUnits must be at least 1, got -5"},

      // The pipeline.
      {"NoAuditStore", [] { Flamingock::builder().build(); }, "no audit store"},
      {"EmptyChangeId", [] { buildPipeline({{.id = "", .order = "0001"}}); }, "has an empty id"},
      {"DuplicateChangeId",
       [] {
         buildPipeline({{.id = "twice", .order = "0001"}, {.id = "twice", .order = "0002"}});
       },
       "change id 'twice' is used by 2 changes"},
      {"MissingOrder", [] { buildPipeline({{.id = "no-order"}}); },
       "change 'no-order' has no order"},
      {"DuplicateOrder",
       [] {
         buildPipeline({{.id = "first", .order = "0001"}, {.id = "second", .order = "0001"}});
       },
       "order '0001' is used by change 'first' and change 'second'"},
      {"UnknownTargetSystem",
       [] { buildPipeline({{.id = "lost", .order = "0001", .target_system_id = "elsewhere"}}); },
       "change 'lost' targets 'elsewhere', which is not registered"},
      {"DuplicateTargetSystem",
       [] {
         buildPipeline({{.id = "one", .order = "0001", .target_system_id = "memory"}},
                       {std::make_shared<testing::InMemoryTargetSystem>("memory"),
                        std::make_shared<testing::InMemoryTargetSystem>("memory")});
       },
       "target system id 'memory' is registered twice"},
      {"TransactionalChangeOnANonTransactionalTarget",
       [] {
         buildPipeline({{.id = "tx", .order = "0001", .transactional = true}},
                       {std::make_shared<TargetSystem>("files")});
       },
       "change 'tx' is transactional but target system 'files' does not support transactions"},
      {"TransactionalChangeOnADynamoDBTargetTheStoreCannotCommit",
       [] {
         auto elsewhere = std::make_shared<DynamoDBTargetSystem>(
             "other-account",
             Client(configWith([](ClientConfig& c) { c.endpoint = "http://127.0.0.1:9"; })));
         Flamingock::builder()
             .setAuditStore(goodStore())
             .addTargetSystems({elsewhere})
             .addChange(std::make_unique<NamedChange>(
                 ChangeInfo{.id = "tx", .order = "0001", .transactional = true}))
             .build();
       },
       "audit store cannot commit transactions of target system 'other-account'"},

      // Lock options.
      {"LockLeaseZero", [] { buildWithLockOptions([](LockOptions& o) { o.lease_duration = {}; }); },
       "LockOptions::lease_duration must be positive, not 0 ms"},
      {"LockHeartbeatNegative",
       [] {
         buildWithLockOptions(
             [](LockOptions& o) { o.heartbeat_interval = -std::chrono::milliseconds(5); });
       },
       "LockOptions::heartbeat_interval must be positive, not -5 ms"},
      {"LockHeartbeatNotShorterThanTheLease",
       [] {
         buildWithLockOptions([](LockOptions& o) { o.heartbeat_interval = o.lease_duration * 2; });
       },
       "LockOptions::heartbeat_interval (120000 ms) must be shorter than lease_duration (60000 "
       "ms)"},
      {"LockAcquireTimeoutNegative",
       [] {
         buildWithLockOptions(
             [](LockOptions& o) { o.acquire_timeout = -std::chrono::milliseconds(1); });
       },
       "LockOptions::acquire_timeout must not be negative, not -1 ms"},
      {"LockRetryIntervalZero",
       [] { buildWithLockOptions([](LockOptions& o) { o.retry_interval = {}; }); },
       "LockOptions::retry_interval must be positive, not 0 ms"},
      {"LockKeyEmpty", [] { buildWithLockOptions([](LockOptions& o) { o.key = ""; }); },
       "LockOptions::key is empty"},

      // Credentials.
      {"StaticCredentialsWithAnEmptyKeyId",
       [] { staticCredentials({.access_key_id = "", .secret_access_key = "secret"}); },
       "static credentials need both an access key id and a secret access key"},
      {"EnvironmentCredentialsWithoutAKeyId",
       [] {
         ScopedEnvironment environment;
         environment.clearAws();
         environment.set("AWS_SECRET_ACCESS_KEY", "secret");
         environmentCredentials()->credentials();
       },
       "AWS_ACCESS_KEY_ID is not set"},
      {"NoCredentialsProvider",
       [] { Client(configWith([](ClientConfig& c) { c.credentials = nullptr; })); },
       "no credentials provider"},

      // Endpoints and regions, given in a config or found in the environment.
      {"EndpointWithAnotherScheme",
       [] { Client(configWith([](ClientConfig& c) { c.endpoint = "ftp://x"; })); },
       "endpoint 'ftp://x'"},
      {"EndpointWithoutAHost",
       [] { Client(configWith([](ClientConfig& c) { c.endpoint = "http://"; })); },
       "endpoint 'http://'"},
      {"EndpointThatIsNotAUrl",
       [] { Client(configWith([](ClientConfig& c) { c.endpoint = "dynamo db!"; })); },
       "endpoint 'dynamo db!'"},
      {"EnvironmentEndpointWithAnotherScheme",
       [] { clientFromEnvironmentWith("AWS_ENDPOINT_URL_DYNAMODB", "ftp://x"); },
       "endpoint 'ftp://x' from AWS_ENDPOINT_URL_DYNAMODB"},
      {"MissingRegion", [] { Client(configWith([](ClientConfig& c) { c.region = ""; })); },
       "no region"},
      {"MissingRegionInTheEnvironment", [] { clientFromEnvironmentWith("AWS_REGION", ""); },
       "no AWS region"},
      {"RegionThatIsNotARegionName",
       [] { Client(configWith([](ClientConfig& c) { c.region = "evil.example/"; })); },
       "AWS region 'evil.example/' from ClientConfig::region"},
      {"EnvironmentRegionThatIsNotARegionName",
       [] { clientFromEnvironmentWith("AWS_REGION", "us east 1"); }, "AWS region 'us east 1'"},

      // Client settings.
      {"NoAttempts",
       [] { Client(configWith([](ClientConfig& c) { c.retry_policy.max_attempts = 0; })); },
       "max_attempts must be at least 1, not 0"},
      {"NegativeBackoff",
       [] {
         Client(configWith(
             [](ClientConfig& c) { c.retry_policy.base_delay = -std::chrono::milliseconds(1); }));
       },
       "delays must not be negative (base -1 ms"},
      {"ZeroRequestTimeout",
       [] {
         Client(
             configWith([](ClientConfig& c) { c.request_timeout = std::chrono::milliseconds(0); }));
       },
       "request 0 ms"},
      {"NoConnections", [] { Client(configWith([](ClientConfig& c) { c.max_connections = 0; })); },
       "max_connections must be at least 1, not 0"},

      // YAML changes.
      {"YamlSyntaxError", [] { parseYaml("id: [unclosed\norder: \"0001\"\n"); },
       "0001-bad.yaml:2: YAML syntax error"},
      {"YamlUnknownOperation",
       [] { parseYaml("id: x\norder: \"0001\"\nauthor: a\napply:\n  - dropEverything: {}\n"); },
       "unknown operation 'dropEverything'"},
      {"YamlMissingId",
       [] { parseYaml(std::string("order: \"0001\"\nauthor: a\napply:\n") + kCreateTable); },
       "missing key 'id'"},
      {"YamlUnknownKey",
       [] { parseYaml(std::string("id: x\norder: \"0001\"\nauthr: a\napply:\n") + kCreateTable); },
       "unknown key 'authr'"},
      {"YamlCreateTableInATransactionalChange",
       [] {
         parseYaml(std::string("id: x\norder: \"0001\"\nauthor: a\ntransactional: true\napply:\n") +
                   kCreateTable);
       },
       "operation 'createTable' is not allowed in a transactional change"},
      {"YamlBadRecovery",
       [] {
         parseYaml(std::string("id: x\norder: \"0001\"\nrecovery: SOMETIMES\napply:\n") +
                   kCreateTable);
       },
       "'recovery' must be MANUAL_INTERVENTION or ALWAYS_RETRY"},

      // Attribute values.
      {"NumberWithLetters", [] { AttributeValue::number("12a"); }, "'12a'"},
      {"EmptyNumber", [] { AttributeValue::number(""); }, "''"},
      {"NumberSetWithANonNumber",
       [] {
         AttributeValue::numberSet({"1", "2.5", "x1"});
       },
       "'x1'"},
  };
}

class BadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputTest, IsRefusedWithAMessageNamingIt) {
  const BadInput& input = GetParam();

  EXPECT_THAT(input.given, ThrowsMessage<Error>(HasSubstr(input.message)));
}

INSTANTIATE_TEST_SUITE_P(EveryEntryPoint, BadInputTest, ::testing::ValuesIn(badInputs()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace flamingock::test
