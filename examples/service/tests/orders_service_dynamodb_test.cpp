// The orders service against a DynamoDB Local of the test's own (testing::LocalDynamoDB): its
// changes applied once, and a second start that applies nothing.
#include <flamingock/dynamodb.h>
#include <flamingock/flamingock.h>
#include <flamingock/testing.h>
#include <gtest/gtest.h>

#include <memory>

#include "orders_changes.h"

namespace {

using namespace flamingock::testing;
namespace ddb = flamingock::dynamodb;

class OrdersServiceDynamoDBTest : public ::testing::Test {
 protected:
  // The service's pipeline as main.cpp builds it, on this test's server.
  flamingock::FlamingockBuilder ordersService() {
    auto target = std::make_shared<ddb::DynamoDBTargetSystem>("dynamodb", client);
    auto builder = flamingock::Flamingock::builder();
    builder.addTargetSystems({target})
        .setAuditStore(ddb::DynamoDBAuditStore::from(*target))
        .setLogger(nullptr);
    orders::addOrdersChanges(builder);
    return builder;
  }

  LocalDynamoDB server = LocalDynamoDB::start();
  ddb::Client client{server.clientConfig()};
};

TEST_F(OrdersServiceDynamoDBTest, TheFirstStartAppliesEveryChangeInOrder) {
  givenBuilder(ordersService())
      .whenRun()
      .thenExpectNoError()
      .thenExpectAuditSequence({started("create-orders-table"), applied("create-orders-table"),
                                applied("seed-first-orders"), started("add-order-status"),
                                applied("add-order-status"), started("backfill-total-cents"),
                                applied("backfill-total-cents")});

  auto order = client.getItem({.table_name = orders::kOrdersTable,
                               .key = {{"pk", ddb::AttributeValue::string("order#2")}},
                               .consistent_read = true});
  ASSERT_TRUE(order.item.has_value());
  EXPECT_EQ(order.item->at("totalCents").asNumber(), "2050");
}

TEST_F(OrdersServiceDynamoDBTest, TheSecondStartAppliesNothing) {
  givenBuilder(ordersService()).whenRun().thenExpectNoError();

  auto second = givenBuilder(ordersService()).whenRun();

  second.thenExpectNoError().thenExpectAuditSequence({});
  EXPECT_EQ(second.runSummary().applied(), 0u);
  EXPECT_EQ(second.runSummary().skipped(), 4u);
}

}  // namespace
