#include <gmock/gmock.h>

#include "client_test_fixture.h"

namespace flamingock::dynamodb::test {
namespace {

class ClientTransactionTest : public ClientIntegrationTest {
 protected:
  std::optional<Item> get(const std::string& table, const std::string& pk) {
    return client().getItem({.table_name = table, .key = key(pk), .consistent_read = true}).item;
  }
};

TEST_F(ClientTransactionTest, AllFourActionKindsCommitTogether) {
  std::string table = createHashTable("tx");
  client().putItem(
      {.table_name = table,
       .item = {{"pk", AttributeValue::string("counter")}, {"n", AttributeValue::number(1)}}});
  client().putItem({.table_name = table, .item = key("old")});
  client().putItem(
      {.table_name = table,
       .item = {{"pk", AttributeValue::string("lock")}, {"owner", AttributeValue::string("me")}}});

  client().transactWriteItems(
      {.transact_items =
           {Put{.table_name = table, .item = key("new")},
            Update{.table_name = table,
                   .key = key("counter"),
                   .update_expression = "SET n = n + :one",
                   .expression_attribute_values = {{":one", AttributeValue::number(1)}}},
            Delete{.table_name = table, .key = key("old")},
            ConditionCheck{.table_name = table,
                           .key = key("lock"),
                           .condition_expression = "#o = :me",
                           .expression_attribute_names = {{"#o", "owner"}},
                           .expression_attribute_values = {{":me", AttributeValue::string("me")}}}},
       .client_request_token = "token-all-four"});

  EXPECT_TRUE(get(table, "new").has_value());
  EXPECT_EQ(get(table, "counter")->at("n"), AttributeValue::number("2"));
  EXPECT_FALSE(get(table, "old").has_value());
}

TEST_F(ClientTransactionTest, CancelledTransactionReportsEachReasonAndAppliesNothing) {
  std::string table = createHashTable("tx_cancel");
  Item lock = {{"pk", AttributeValue::string("lock")}, {"owner", AttributeValue::string("other")}};
  client().putItem({.table_name = table, .item = lock});

  try {
    client().transactWriteItems(
        {.transact_items = {
             Put{.table_name = table, .item = key("change")},
             ConditionCheck{.table_name = table,
                            .key = key("lock"),
                            .condition_expression = "#o = :me",
                            .expression_attribute_names = {{"#o", "owner"}},
                            .expression_attribute_values = {{":me", AttributeValue::string("me")}},
                            .return_values_on_condition_check_failure =
                                ReturnValuesOnConditionCheckFailure::kAllOld}}});
    FAIL() << "expected TransactionCanceled";
  } catch (const DynamoDBError& error) {
    EXPECT_EQ(error.code(), ErrorCode::kTransactionCanceled);
    ASSERT_EQ(error.cancellationReasons().size(), 2u);
    EXPECT_EQ(error.cancellationReasons()[0].code, "None");
    EXPECT_EQ(error.cancellationReasons()[1].code, "ConditionalCheckFailed");
    EXPECT_EQ(error.cancellationReasons()[1].item, lock);
  }
  EXPECT_FALSE(get(table, "change").has_value());
}

TEST_F(ClientTransactionTest, SameClientRequestTokenAppliesOnce) {
  std::string table = createHashTable("tx_token");
  client().putItem(
      {.table_name = table,
       .item = {{"pk", AttributeValue::string("counter")}, {"n", AttributeValue::number(0)}}});
  TransactWriteItemsRequest increment{
      .transact_items = {Update{
          .table_name = table,
          .key = key("counter"),
          .update_expression = "SET n = n + :one",
          .expression_attribute_values = {{":one", AttributeValue::number(1)}}}},
      .client_request_token = "token-once"};

  client().transactWriteItems(increment);
  client().transactWriteItems(increment);

  EXPECT_EQ(get(table, "counter")->at("n"), AttributeValue::number("1"));
}

TEST_F(ClientTransactionTest, TransactGetItemsReadsInOrderWithMissingOnesEmpty) {
  std::string table = createHashTable("tx_get");
  client().putItem({.table_name = table, .item = key("a")});

  TransactGetItemsResult result = client().transactGetItems(
      {.transact_items = {Get{.table_name = table, .key = key("a")},
                          Get{.table_name = table, .key = key("missing")}}});

  ASSERT_EQ(result.responses.size(), 2u);
  EXPECT_EQ(result.responses[0], key("a"));
  EXPECT_FALSE(result.responses[1].has_value());
}

}  // namespace
}  // namespace flamingock::dynamodb::test
