#include "orders_changes.h"

#include <flamingock/dynamodb.h>

#include <chrono>
#include <string>

namespace orders {
namespace {

namespace ddb = flamingock::dynamodb;

const ddb::Client& dynamo(flamingock::ChangeContext& ctx) {
  return ctx.target<ddb::DynamoDBTargetSystem>().client();
}

ddb::Item orderKey(const std::string& id) { return {{"pk", ddb::AttributeValue::string(id)}}; }

// Every order's key, read with a paginated Scan so the change works whatever the table holds.
std::vector<ddb::Item> allOrderKeys(const ddb::Client& db) {
  std::vector<ddb::Item> keys;
  db.scanAll({.table_name = kOrdersTable, .projection_expression = "pk", .consistent_read = true},
             [&](ddb::ItemPage& page) {
               for (auto& item : page.items) keys.push_back(std::move(item));
             });
  return keys;
}

}  // namespace

flamingock::ChangeInfo CreateOrdersTable::info() const {
  return {.id = "create-orders-table", .order = "0001", .author = "ana"};
}

void CreateOrdersTable::apply(flamingock::ChangeContext& ctx) {
  dynamo(ctx).createTable({.table_name = kOrdersTable,
                           .attribute_definitions = {{"pk", ddb::ScalarAttributeType::kString}},
                           .key_schema = {{"pk", ddb::KeyType::kHash}},
                           .billing_mode = ddb::BillingMode::kPayPerRequest});
  dynamo(ctx).waitForTableActive(kOrdersTable);
}

void CreateOrdersTable::rollback(flamingock::ChangeContext& ctx) {
  dynamo(ctx).deleteTable({.table_name = kOrdersTable});
}

flamingock::ChangeInfo SeedFirstOrders::info() const {
  return {.id = "seed-first-orders", .order = "0002", .author = "ana", .transactional = true};
}

void SeedFirstOrders::apply(flamingock::ChangeContext& ctx) {
  auto& tx = ctx.transaction<ddb::DynamoDBTransaction>();
  for (int i = 1; i <= 3; ++i) {
    ddb::Item order = orderKey("order#" + std::to_string(i));
    order["total"] = ddb::AttributeValue::number(std::to_string(i * 10) + ".50");
    tx.put({.table_name = kOrdersTable, .item = std::move(order)});
  }
}

flamingock::ChangeInfo AddOrderStatus::info() const {
  return {.id = "add-order-status", .order = "0003", .author = "ben"};
}

void AddOrderStatus::apply(flamingock::ChangeContext& ctx) {
  for (const auto& key : allOrderKeys(dynamo(ctx))) {
    dynamo(ctx).updateItem(
        {.table_name = kOrdersTable,
         .key = key,
         .update_expression = "SET #status = :new",
         .expression_attribute_names = {{"#status", "status"}},
         .expression_attribute_values = {{":new", ddb::AttributeValue::string("NEW")}}});
  }
}

void AddOrderStatus::rollback(flamingock::ChangeContext& ctx) {
  for (const auto& key : allOrderKeys(dynamo(ctx))) {
    dynamo(ctx).updateItem({.table_name = kOrdersTable,
                            .key = key,
                            .update_expression = "REMOVE #status",
                            .expression_attribute_names = {{"#status", "status"}}});
  }
}

flamingock::ChangeInfo BackfillTotalCents::info() const {
  // ALWAYS_RETRY: after a crash or a deploy, the next run resumes from the last checkpoint.
  return {.id = "backfill-total-cents",
          .order = "0004",
          .author = "ben",
          .recovery = flamingock::RecoveryStrategy::kAlwaysRetry};
}

void BackfillTotalCents::apply(flamingock::ChangeContext& ctx) {
  ddb::ItemMigration migration(
      {.scan = {.table_name = kOrdersTable,
                .filter_expression = "attribute_not_exists(totalCents) AND attribute_exists(#t)",
                .expression_attribute_names = {{"#t", "total"}}},
       .segments = 4,
       .max_items_per_second = 1000,  // leave capacity to the service's own traffic
       .checkpoint_interval = std::chrono::seconds(5)});
  migration.run(ctx, [](const ddb::Item& order, ddb::MigrationWrites& out) {
    const std::string& total = order.at("total").asNumber();  // "10.50"
    auto point = total.find('.');
    std::string cents =
        point == std::string::npos
            ? total + "00"
            : total.substr(0, point) + (total.substr(point + 1) + "00").substr(0, 2);
    // The last checkpoint interval may be repeated after a crash: the condition makes a repeated
    // write a no-op (counted as skipped).
    out.update({.key = out.keyOf(order),
                .update_expression = "SET totalCents = :cents",
                .condition_expression = "attribute_not_exists(totalCents)",
                .expression_attribute_values = {{":cents", ddb::AttributeValue::number(cents)}}});
  });
}

void addOrdersChanges(flamingock::FlamingockBuilder& builder) {
  builder.addChange<CreateOrdersTable>()
      .addChange<SeedFirstOrders>()
      .addChange<AddOrderStatus>()
      .addChange<BackfillTotalCents>();
}

}  // namespace orders
