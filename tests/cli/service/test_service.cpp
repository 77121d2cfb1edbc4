// A service embedding the CLI, for the embedded CLI's tests: two code changes on a table named by
// CLI_TEST_DATA_TABLE, its audit log in CLI_TEST_AUDIT_TABLE / CLI_TEST_LOCK_TABLE, DynamoDB from
// the environment as any service.
#include <flamingock/cli.h>
#include <flamingock/dynamodb.h>
#include <flamingock/flamingock.h>
#include <cstdlib>

namespace {

using namespace flamingock;

std::string dataTable() { return std::getenv("CLI_TEST_DATA_TABLE"); }

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
    return {.id = "put-first-item", .order = "0002", .author = "ana"};
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

}  // namespace

int main(int argc, char** argv) {
  auto client = dynamodb::Client::fromEnvironment();
  auto target = std::make_shared<dynamodb::DynamoDBTargetSystem>("dynamodb", client);
  auto auditStore = std::make_shared<dynamodb::DynamoDBAuditStore>(
      dynamodb::DynamoDBAuditStore::from(*target)
          .withAuditRepositoryName(std::getenv("CLI_TEST_AUDIT_TABLE"))
          .withLockRepositoryName(std::getenv("CLI_TEST_LOCK_TABLE")));
  return cli::run(argc, argv, auditStore,
                  Flamingock::builder()
                      .addTargetSystems({target})
                      .addChange<CreateDataTable>()
                      .addChange<PutFirstItem>());
}
