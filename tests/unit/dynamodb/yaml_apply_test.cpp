// What YAML changes do when they run: the DynamoDB requests they send (against a scripted fake)
// and the writes they add to a transaction.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fake_dynamodb.h"
#include "flamingock/change_context.h"
#include "flamingock/dynamodb/target_system.h"
#include "flamingock/dynamodb/yaml_changes.h"

namespace flamingock::dynamodb::testing {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::ThrowsMessage;

const std::string kTableActive = R"({"Table":{"TableName":"orders","TableStatus":"ACTIVE"}})";
const std::string kTableCreating = R"({"Table":{"TableName":"orders","TableStatus":"CREATING"}})";

class YamlApplyTest : public ::testing::Test {
 protected:
  void apply(Change& change, TargetTransaction* transaction = nullptr) {
    run(change, transaction, [](Change& c, ChangeContext& ctx) { c.apply(ctx); });
  }
  void rollback(Change& change) {
    run(change, nullptr, [](Change& c, ChangeContext& ctx) { c.rollback(ctx); });
  }

  // Each request sent: its operation (from X-Amz-Target) and its parsed body.
  std::vector<std::pair<std::string, json>> sent() const {
    std::vector<std::pair<std::string, json>> requests;
    for (const HttpRequest& request : fake.requests()) {
      for (const auto& [name, value] : request.headers) {
        if (name == "X-Amz-Target") {
          requests.emplace_back(value.substr(value.find('.') + 1), json::parse(request.body));
        }
      }
    }
    return requests;
  }

  FakeDynamoDb fake;
  std::shared_ptr<DynamoDBTargetSystem> target =
      std::make_shared<DynamoDBTargetSystem>("dynamodb", fake.client());

 private:
  template <class Call>
  void run(Change& change, TargetTransaction* transaction, Call call) {
    const ChangeInfo info = change.info();
    const std::string execution_id = "exec-1";
    const Metadata metadata;
    const std::vector<TargetSystem*> targets{target.get()};
    ChangeContext ctx(info, execution_id, metadata, target.get(), targets, transaction);
    call(change, ctx);
  }
};

TEST_F(YamlApplyTest, SendsEachOperationInOrderAsItsDynamoDBRequest) {
  auto change = parseYamlChange(
      "id: orders\n"
      "order: \"0001\"\n"
      "apply:\n"
      "  - updateTable:\n"
      "      TableName: orders\n"
      "      ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: \"10\"}\n"
      "  - deleteItem: {TableName: orders, Key: {pk: {S: \"o#1\"}}}\n",
      "orders.yaml");
  fake.answer(ok(R"({"TableDescription":{"TableName":"orders","TableStatus":"UPDATING"}})"));
  fake.answer(ok(kTableActive));
  fake.answer(ok("{}"));

  apply(*change);

  EXPECT_THAT(sent(), ElementsAre(Pair("UpdateTable", json::parse(R"({"TableName": "orders",
                        "ProvisionedThroughput": {"ReadCapacityUnits": 5,
                                                  "WriteCapacityUnits": "10"}})")),
                                  Pair("DescribeTable", json::parse(R"({"TableName": "orders"})")),
                                  Pair("DeleteItem", json::parse(R"({"TableName": "orders",
                        "Key": {"pk": {"S": "o#1"}}})"))));
}

TEST_F(YamlApplyTest, KeepsTheTextOfAttributeValuesAsWritten) {
  auto change = parseYamlChange(
      "id: seed\n"
      "order: \"0001\"\n"
      "apply:\n"
      "  - putItem:\n"
      "      TableName: orders\n"
      "      Item:\n"
      "        pk: {S: 0001}\n"
      "        total: {N: 12.50}\n"
      "        lines: {NS: [1, 2.0]}\n"
      "        paid: {BOOL: true}\n"
      "        note: {NULL: true}\n"
      "        tags: {L: [{S: true}, {N: -0}]}\n"
      "        N: {BOOL: false}\n",
      "seed.yaml");
  fake.answer(ok("{}"));

  apply(*change);

  EXPECT_THAT(sent(), ElementsAre(Pair("PutItem", json::parse(R"({"TableName": "orders", "Item": {
      "pk": {"S": "0001"}, "total": {"N": "12.50"}, "lines": {"NS": ["1", "2.0"]},
      "paid": {"BOOL": true}, "note": {"NULL": true},
      "tags": {"L": [{"S": "true"}, {"N": "-0"}]}, "N": {"BOOL": false}}})"))));
}

TEST_F(YamlApplyTest, WaitsUntilACreatedTableIsActiveBeforeTheNextOperation) {
  auto change = parseYamlChange(
      "id: orders\n"
      "order: \"0001\"\n"
      "apply:\n"
      "  - createTable: {TableName: orders, BillingMode: PAY_PER_REQUEST}\n"
      "  - putItem: {TableName: orders, Item: {pk: {S: a}}}\n",
      "orders.yaml");
  fake.answer(ok(R"({"TableDescription":{"TableName":"orders","TableStatus":"CREATING"}})"));
  fake.answer(ok(kTableCreating));
  fake.answer(ok(kTableActive));
  fake.answer(ok("{}"));

  apply(*change);

  std::vector<std::string> operations;
  for (const auto& [operation, body] : sent()) operations.push_back(operation);
  EXPECT_THAT(operations, ElementsAre("CreateTable", "DescribeTable", "DescribeTable", "PutItem"));
}

TEST_F(YamlApplyTest, ATransactionalChangeAddsItsWritesToTheTransactionAndSendsNothing) {
  auto change = parseYamlChange(
      "id: seed\n"
      "order: \"0001\"\n"
      "transactional: true\n"
      "apply:\n"
      "  - conditionCheck: {TableName: orders, Key: {pk: {S: a}},\n"
      "                     ConditionExpression: attribute_exists(pk)}\n"
      "  - putItem: {TableName: orders, Item: {pk: {S: b}, total: {N: 7}}}\n"
      "  - updateItem:\n"
      "      TableName: orders\n"
      "      Key: {pk: {S: a}}\n"
      "      UpdateExpression: \"SET #s = :s\"\n"
      "      ExpressionAttributeNames: {\"#s\": status}\n"
      "      ExpressionAttributeValues: {\":s\": {S: open}}\n"
      "      ReturnValuesOnConditionCheckFailure: ALL_OLD\n"
      "  - deleteItem: {TableName: orders, Key: {pk: {S: c}}}\n",
      "seed.yaml");
  DynamoDBTransaction transaction;

  apply(*change, &transaction);

  const Item a{{"pk", AttributeValue::string("a")}};
  EXPECT_TRUE(fake.requests().empty());
  EXPECT_THAT(
      transaction.items(),
      ElementsAre(
          TransactWriteItem(ConditionCheck{
              .table_name = "orders", .key = a, .condition_expression = "attribute_exists(pk)"}),
          TransactWriteItem(Put{.table_name = "orders",
                                .item = {{"pk", AttributeValue::string("b")},
                                         {"total", AttributeValue::number("7")}}}),
          TransactWriteItem(
              Update{.table_name = "orders",
                     .key = a,
                     .update_expression = "SET #s = :s",
                     .expression_attribute_names = {{"#s", "status"}},
                     .expression_attribute_values = {{":s", AttributeValue::string("open")}},
                     .return_values_on_condition_check_failure =
                         ReturnValuesOnConditionCheckFailure::kAllOld}),
          TransactWriteItem(
              Delete{.table_name = "orders", .key = {{"pk", AttributeValue::string("c")}}})));
}

TEST_F(YamlApplyTest, RollbackSendsTheRollbackOperations) {
  auto change = parseYamlChange(
      "id: orders\n"
      "order: \"0001\"\n"
      "apply:\n"
      "  - createTable: {TableName: orders}\n"
      "rollback:\n"
      "  - deleteTable: {TableName: orders}\n",
      "orders.yaml");
  fake.answer(ok("{}"));

  rollback(*change);

  EXPECT_THAT(sent(), ElementsAre(Pair("DeleteTable", json::parse(R"({"TableName": "orders"})"))));
}

TEST_F(YamlApplyTest, AChangeWithoutRollbackOperationsHasNoRollback) {
  auto change = parseYamlChange(
      "id: orders\norder: \"0001\"\napply: [{deleteTable: {TableName: orders}}]\n", "orders.yaml");

  EXPECT_FALSE(change->hasRollback());
  EXPECT_THROW(rollback(*change), flamingock::Error);
  EXPECT_TRUE(fake.requests().empty());
}

TEST_F(YamlApplyTest, AFailedOperationNamesItsFileLineAndCause) {
  auto change = parseYamlChange(
      "id: seed\n"
      "order: \"0001\"\n"
      "apply:\n"
      "  - putItem: {TableName: orders, Item: {pk: {S: a}}}\n"
      "  - putItem: {TableName: orders, Item: {pk: {N: x}}}\n"
      "  - putItem: {TableName: orders, Item: {pk: {S: c}}}\n",
      "seed.yaml");
  fake.answer(ok("{}"));
  fake.answer(awsError(400, "ValidationException", "The parameter cannot be converted"));

  EXPECT_THAT([&] { apply(*change); },
              ThrowsMessage<Error>(AllOf(HasSubstr("seed.yaml:5: putItem failed: "),
                                         HasSubstr("The parameter cannot be converted"))));
  EXPECT_EQ(fake.requests().size(), 2);
}

}  // namespace
}  // namespace flamingock::dynamodb::testing
