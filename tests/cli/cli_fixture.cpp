#include "cli_fixture.h"

#include <gmock/gmock.h>

#include "flamingock/audit_store.h"
#include "flamingock/clock.h"
#include "flamingock/dynamodb/credentials.h"
#include "support/local_dynamodb.h"

namespace flamingock::test {

std::vector<std::pair<std::string, std::string>> cliEnvironment() {
  return {{"AWS_REGION", "us-east-1"},
          {"AWS_ACCESS_KEY_ID", "local"},
          {"AWS_SECRET_ACCESS_KEY", "local"},
          {"AWS_EC2_METADATA_DISABLED", "true"},
          {"AWS_CONFIG_FILE", "/nonexistent/aws-config"},
          {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials"}};
}

dynamodb::Client localClient() {
  dynamodb::ClientConfig config;
  config.region = "us-east-1";
  config.endpoint = localDynamoDbEndpoint();
  config.credentials =
      dynamodb::staticCredentials({.access_key_id = "local", .secret_access_key = "local"});
  return dynamodb::Client(config);
}

AuditEntry entry(const std::string& change_id, AuditState state, const std::string& created_at) {
  AuditEntry entry;
  entry.execution_id = "execution-" + created_at;
  entry.stage_id = "default";
  entry.change_id = change_id;
  entry.author = "ana";
  entry.created_at = parseCreatedAt(created_at);
  entry.state = state;
  entry.type = ChangeType::kStandardTemplate;
  entry.invoked_class = "DynamoDBYamlTemplate";
  entry.invoked_method = "putItem";
  entry.execution_hostname = "host-a";
  entry.target_system_id = "dynamodb";
  entry.change_order = "0001";
  entry.runner_id = "host-a-1-abcdef01";
  return entry;
}

void seedNumberedItems(const std::string& table, int count) {
  dynamodb::BatchWriteItemRequest seed;
  for (int i = 0; i < count; ++i) {
    seed.request_items[table].push_back(dynamodb::WriteRequest::put(
        {{"pk", dynamodb::AttributeValue::string("item#" + std::to_string(i))}}));
  }
  localClient().batchWriteAll(seed);
}

int itemsWithAttribute(const std::string& table, const std::string& name) {
  int count = 0;
  localClient().scanAll({.table_name = table, .consistent_read = true},
                        [&](dynamodb::ItemPage& page) {
                          for (const auto& item : page.items) count += item.contains(name);
                        });
  return count;
}

std::string putItemChange(const std::string& id, const std::string& order,
                          const std::string& table) {
  return "id: " + id + "\norder: \"" + order +
         "\"\nauthor: ana\napply:\n  - putItem: {TableName: " + table + ", Item: {pk: {S: \"" + id +
         "\"}}}\n";
}

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++count;
  }
  return count;
}

std::string printedCommand(const std::string& text, const std::string& start) {
  std::size_t begin = text.find(start);
  EXPECT_NE(begin, std::string::npos) << "no '" << start << "' in: " << text;
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find('\n', begin) - begin);
}

CliResult runPasted(const std::string& command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  bool quoted = false;
  for (char c : command) {
    if (quoted) {
      if (c == '\'')
        quoted = false;
      else
        word += c;
    } else if (c == ' ') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      if (c == '\'')
        quoted = true;
      else
        word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  EXPECT_FALSE(words.empty());
  if (words.empty() || words[0] != "flamingock") return CliResult{};
  return runProgram(FLAMINGOCK_CLI_PATH, {words.begin() + 1, words.end()}, cliEnvironment());
}

nlohmann::json json(const CliResult& result) {
  nlohmann::json parsed = nlohmann::json::parse(result.out, nullptr, false);
  EXPECT_FALSE(parsed.is_discarded()) << "not JSON: " << result.out << result.err;
  return parsed.is_discarded() ? nlohmann::json() : parsed;
}

void expectUsageError(const CliResult& result, const std::string& text) {
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_THAT(result.err, ::testing::HasSubstr(text));
}

CliResult awsDynamoDb(std::vector<std::string> args) {
  args.insert(args.begin(), {"aws", "dynamodb"});
  args.insert(args.end(), {"--endpoint-url", localDynamoDbEndpoint(), "--region", "us-east-1",
                           "--output", "json"});
  return runProgram("/usr/bin/env", args, cliEnvironment());
}

CliTest::CliTest()
    : audit_table_(uniqueTableName("cli_audit")), lock_table_(uniqueTableName("cli_lock")) {}

CliResult CliTest::flamingock(const std::vector<std::string>& args) const {
  std::vector<std::string> all{"--endpoint", localDynamoDbEndpoint(), "--audit-table",
                               audit_table_, "--lock-table",          lock_table_};
  all.insert(all.end(), args.begin(), args.end());
  return runProgram(FLAMINGOCK_CLI_PATH, all, cliEnvironment());
}

CliResult CliTest::runChanges(const std::vector<std::string>& extra) const {
  std::vector<std::string> args{"run", "--changes", changes_.path()};
  args.insert(args.end(), extra.begin(), extra.end());
  return flamingock(args);
}

void CliTest::writeChange(const std::string& file_name, const std::string& yaml) const {
  changes_.write(file_name, yaml);
}

dynamodb::DynamoDBAuditStore CliTest::store() const {
  return dynamodb::DynamoDBAuditStore(localClient().config())
      .withAuditRepositoryName(audit_table_)
      .withLockRepositoryName(lock_table_);
}

void CliTest::seed(const std::vector<AuditEntry>& entries) const {
  auto audit_store = store();
  audit_store.initialize();
  std::shared_ptr<Clock> clock(&Clock::system(), [](Clock*) {});
  auto lock = audit_store.createLock(LockOptions{}, "test-seeder", clock);
  lock->acquire();
  for (const AuditEntry& entry : entries) audit_store.append(entry, lock->fence());
  lock->release();
}

bool CliTest::tableExists(const std::string& name) const {
  try {
    localClient().describeTable({.table_name = name});
    return true;
  } catch (const dynamodb::DynamoDBError& error) {
    if (error.code() == dynamodb::ErrorCode::kResourceNotFound) return false;
    throw;
  }
}

void CliTest::createTable(const std::string& name) const {
  dynamodb::Client client = localClient();
  client.createTable({.table_name = name,
                      .attribute_definitions = {{.attribute_name = "pk"}},
                      .key_schema = {{.attribute_name = "pk"}},
                      .billing_mode = dynamodb::BillingMode::kPayPerRequest});
  client.waitForTableActive(name);
}

}  // namespace flamingock::test
