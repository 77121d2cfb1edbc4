// A service embedding the CLI, for the embedded CLI's tests: two code changes on a table named by
// CLI_TEST_DATA_TABLE (the second's version from CLI_TEST_PUT_VERSION), its audit log in
// CLI_TEST_AUDIT_TABLE / CLI_TEST_LOCK_TABLE, DynamoDB from the environment as any service. With
// CLI_TEST_LOCK_LEASE_MS and CLI_TEST_LOCK_TIMEOUT_MS it sets its own lock options, and a third
// change copies the lock item it runs under into the data table (as item `pk = lock`), for a test
// to read back. With CLI_TEST_OWN_LOGGER it sets a logger of its own, whose lines start with
// "service log: ".
#include <flamingock/cli.h>
#include <flamingock/dynamodb.h>
#include <flamingock/flamingock.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace {

using namespace flamingock;

std::string dataTable() { return std::getenv("CLI_TEST_DATA_TABLE"); }

// CLI_TEST_PUT_VERSION, when set: put-first-item's version, so that a test can edit its code.
std::optional<std::string> putVersion() {
  const char* version = std::getenv("CLI_TEST_PUT_VERSION");
  return version ? std::optional<std::string>(version) : std::nullopt;
}

class CreateDataTable : public Change {
 public:
  ChangeInfo info() const override {
    return {.id = "create-data-table", .order = "0001", .author = "ana"};
  }
  void apply(ChangeContext& ctx) override {
    const auto& db = ctx.target<dynamodb::DynamoDBTargetSystem>().client();
    db.createTable({.table_name = dataTable(),
                    .attribute_definitions = {{.attribute_name = "pk"}},
                    .key_schema = {{.attribute_name = "pk"}},
                    .billing_mode = dynamodb::BillingMode::kPayPerRequest});
    db.waitForTableActive(dataTable());
  }
};

class PutFirstItem : public Change {
 public:
  ChangeInfo info() const override {
    return {.id = "put-first-item", .order = "0002", .author = "ana", .version = putVersion()};
  }
  void apply(ChangeContext& ctx) override {
    ctx.target<dynamodb::DynamoDBTargetSystem>().client().putItem(
        {.table_name = dataTable(), .item = {{"pk", dynamodb::AttributeValue::string("first")}}});
  }
  void rollback(ChangeContext& ctx) override {
    ctx.target<dynamodb::DynamoDBTargetSystem>().client().deleteItem(
        {.table_name = dataTable(), .key = {{"pk", dynamodb::AttributeValue::string("first")}}});
  }
  bool hasRollback() const override { return true; }
};

// The lock item, as the run holds it, copied into the data table.
class CopyLockItem : public Change {
 public:
  ChangeInfo info() const override {
    return {.id = "copy-lock-item", .order = "0003", .author = "ana"};
  }
  void apply(ChangeContext& ctx) override {
    const auto& db = ctx.target<dynamodb::DynamoDBTargetSystem>().client();
    dynamodb::ScanResult locks =
        db.scan({.table_name = std::getenv("CLI_TEST_LOCK_TABLE"), .consistent_read = true});
    dynamodb::Item copy = locks.items.at(0);
    copy["pk"] = dynamodb::AttributeValue::string("lock");
    db.putItem({.table_name = dataTable(), .item = copy});
  }
};

std::chrono::milliseconds millisFrom(const char* variable) {
  return std::chrono::milliseconds(std::stoll(std::getenv(variable)));
}

}  // namespace

class ServiceLogger : public Logger {
 public:
  void log(const LogRecord& record) override {
    std::fprintf(stderr, "service log: %s %s\n", record.change_id.c_str(), record.message.c_str());
  }
};

int main(int argc, char** argv) {
  auto client = dynamodb::Client::fromEnvironment();
  auto target = std::make_shared<dynamodb::DynamoDBTargetSystem>("dynamodb", client);
  auto auditStore = std::make_shared<dynamodb::DynamoDBAuditStore>(
      dynamodb::DynamoDBAuditStore::from(*target)
          .withAuditRepositoryName(std::getenv("CLI_TEST_AUDIT_TABLE"))
          .withLockRepositoryName(std::getenv("CLI_TEST_LOCK_TABLE")));
  auto builder = Flamingock::builder();
  builder.addTargetSystems({target}).addChange<CreateDataTable>().addChange<PutFirstItem>();
  if (std::getenv("CLI_TEST_OWN_LOGGER")) builder.setLogger(std::make_shared<ServiceLogger>());
  if (std::getenv("CLI_TEST_LOCK_LEASE_MS")) {
    LockOptions lock;
    lock.lease_duration = millisFrom("CLI_TEST_LOCK_LEASE_MS");
    lock.heartbeat_interval = lock.lease_duration / 3;
    lock.acquire_timeout = millisFrom("CLI_TEST_LOCK_TIMEOUT_MS");
    builder.setLockOptions(lock).addChange<CopyLockItem>();
  }
  return cli::run(argc, argv, auditStore, builder);
}
