#include "orders_changes.h"

#include <flamingock/dynamodb.h>

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

}  // namespace orders
