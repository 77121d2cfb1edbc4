// README's first example as a user writes it; tools/test runs it against DynamoDB Local, twice.
#include <flamingock/dynamodb.h>
#include <flamingock/flamingock.h>

#include <iostream>

using namespace flamingock;

// A change unit: runs once, in order, across every instance of the service.
class CreateOrdersTable : public Change {
 public:
  ChangeInfo info() const override {
    return {.id = "create-orders-table", .order = "0001", .author = "ana"};
  }
  void apply(ChangeContext& ctx) override {
    auto& db = ctx.target<dynamodb::DynamoDBTargetSystem>().client();
    db.createTable({.table_name = "consumer_orders",
                    .attribute_definitions = {{"pk", dynamodb::ScalarAttributeType::kString}},
                    .key_schema = {{"pk", dynamodb::KeyType::kHash}},
                    .billing_mode = dynamodb::BillingMode::kPayPerRequest});
  }
  void rollback(ChangeContext& ctx) override {
    ctx.target<dynamodb::DynamoDBTargetSystem>().client().deleteTable(
        {.table_name = "consumer_orders"});
  }
};

int main() {
  auto client = dynamodb::Client::fromEnvironment();  // region, endpoint, credentials
  auto target = std::make_shared<dynamodb::DynamoDBTargetSystem>("dynamodb", client);
  auto auditStore = dynamodb::DynamoDBAuditStore::from(*target)
                        .withReadCapacityUnits(10)  // optional
                        .withWriteCapacityUnits(10);
  auto summary = Flamingock::builder()
                     .setAuditStore(auditStore)
                     .addTargetSystems({target})
                     .addChange<CreateOrdersTable>()
                     .build()
                     .run();  // throws flamingock::Error on failure
  std::cout << "consumer: applied " << summary.applied() << ", skipped " << summary.skipped()
            << "\n";
}
