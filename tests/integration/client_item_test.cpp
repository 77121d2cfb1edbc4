#include <gmock/gmock.h>

#include "client_test_fixture.h"

namespace flamingock::dynamodb::test {
namespace {

using ::testing::UnorderedElementsAre;

class ClientItemTest : public ClientIntegrationTest {
 protected:
  Item get(const std::string& table, const std::string& pk) {
    GetItemResult result =
        client().getItem({.table_name = table, .key = key(pk), .consistent_read = true});
    EXPECT_TRUE(result.item.has_value()) << pk;
    return result.item.value_or(Item{});
  }
};

TEST_F(ClientItemTest, EveryAttributeTypeRoundTripsUnchanged) {
  std::string table = createHashTable("types");
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes.push_back(static_cast<char>(i));
  Item item = key("all");
  item["s"] = AttributeValue::string("héllo \"world\"\n");
  item["huge"] = AttributeValue::number("12345678901234567890123456789012345678");
  item["precise"] = AttributeValue::number("3.1415926535897932384626433832795028");
  item["b"] = AttributeValue::binary(all_bytes);
  item["bool"] = AttributeValue::boolean(true);
  item["null"] = AttributeValue::null();
  item["m"] = AttributeValue::map({{"inner", AttributeValue::list({AttributeValue::number(1)})}});
  item["l"] = AttributeValue::list({AttributeValue::string("x"), AttributeValue::boolean(false)});
  item["ss"] = AttributeValue::stringSet({"a", "b"});
  item["ns"] = AttributeValue::numberSet({"1", "2.5"});
  Item stored = item;
  stored["bs"] = AttributeValue::binarySet({std::string("\0\1", 2), "\xff"});

  client().putItem({.table_name = table, .item = stored});
  Item read = get(table, "all");

  // A set has no order: DynamoDB may give its members back in another one.
  EXPECT_THAT(read.at("bs").asBinarySet(),
              UnorderedElementsAre(std::string("\0\1", 2), std::string("\xff")));
  read.erase("bs");
  EXPECT_EQ(read, item);
}

TEST_F(ClientItemTest, SmallestNumberKeepsEveryDigit) {
  std::string table = createHashTable("tiny");
  client().putItem({.table_name = table,
                    .item = {{"pk", AttributeValue::string("a")},
                             {"tiny", AttributeValue::number("1e-130")},
                             {"tiny_negative", AttributeValue::number("-1.5E-129")}}});

  Item read = get(table, "a");

  // DynamoDB answers with its canonical decimal text; through a double both would lose digits.
  EXPECT_EQ(read.at("tiny").asNumber(), "0." + std::string(129, '0') + "1");
  EXPECT_EQ(read.at("tiny_negative").asNumber(), "-0." + std::string(128, '0') + "15");
}

TEST_F(ClientItemTest, GettingAMissingItemGivesNone) {
  std::string table = createHashTable("missing_item");

  GetItemResult result = client().getItem({.table_name = table, .key = key("nope")});

  EXPECT_FALSE(result.item.has_value());
}

TEST_F(ClientItemTest, ProjectionReturnsOnlyTheNamedAttributes) {
  std::string table = createHashTable("projection");
  Item item = key("a");
  item["keep"] = AttributeValue::string("k");
  item["drop"] = AttributeValue::string("d");
  client().putItem({.table_name = table, .item = item});

  GetItemResult result = client().getItem({.table_name = table,
                                           .key = key("a"),
                                           .consistent_read = true,
                                           .projection_expression = "#k",
                                           .expression_attribute_names = {{"#k", "keep"}}});

  EXPECT_EQ(result.item, (Item{{"keep", AttributeValue::string("k")}}));
}

TEST_F(ClientItemTest, UpdateItemReturnsTheNewValues) {
  std::string table = createHashTable("update");
  client().putItem(
      {.table_name = table,
       .item = {{"pk", AttributeValue::string("a")}, {"n", AttributeValue::number(1)}}});

  UpdateItemResult result =
      client().updateItem({.table_name = table,
                           .key = key("a"),
                           .update_expression = "SET n = n + :inc",
                           .condition_expression = "attribute_exists(pk)",
                           .expression_attribute_values = {{":inc", AttributeValue::number(41)}},
                           .return_values = ReturnValues::kUpdatedNew});

  EXPECT_EQ(result.attributes, (Item{{"n", AttributeValue::number("42")}}));
}

TEST_F(ClientItemTest, DeleteItemReturnsTheOldItem) {
  std::string table = createHashTable("delete");
  client().putItem({.table_name = table, .item = key("a")});

  DeleteItemResult result = client().deleteItem(
      {.table_name = table, .key = key("a"), .return_values = ReturnValues::kAllOld});

  EXPECT_EQ(result.attributes, key("a"));
  EXPECT_FALSE(
      client().getItem({.table_name = table, .key = key("a"), .consistent_read = true}).item);
}

TEST_F(ClientItemTest, FailedConditionReturnsTheCurrentItem) {
  std::string table = createHashTable("condition");
  Item existing = key("lock");
  existing["owner"] = AttributeValue::string("runner-1");
  client().putItem({.table_name = table, .item = existing});

  try {
    client().putItem(
        {.table_name = table,
         .item = key("lock"),
         .condition_expression = "attribute_not_exists(pk)",
         .return_values_on_condition_check_failure = ReturnValuesOnConditionCheckFailure::kAllOld});
    FAIL() << "expected ConditionalCheckFailed";
  } catch (const DynamoDBError& error) {
    EXPECT_EQ(error.code(), ErrorCode::kConditionalCheckFailed);
    EXPECT_EQ(error.item(), existing);
    EXPECT_FALSE(error.requestId().empty());
  }
}

TEST_F(ClientItemTest, ValidationErrorNamesTheProblem) {
  std::string table = createHashTable("validation");

  try {
    client().putItem({.table_name = table, .item = {{"other", AttributeValue::string("x")}}});
    FAIL() << "expected Validation";
  } catch (const DynamoDBError& error) {
    EXPECT_EQ(error.code(), ErrorCode::kValidation);
    EXPECT_FALSE(error.message().empty());
  }
}

TEST_F(ClientItemTest, ConsumedCapacityIsReportedWhenAsked) {
  std::string table = createHashTable("capacity");

  PutItemResult result =
      client().putItem({.table_name = table,
                        .item = key("a"),
                        .return_consumed_capacity = ReturnConsumedCapacity::kTotal});

  ASSERT_TRUE(result.consumed_capacity.has_value());
  EXPECT_EQ(result.consumed_capacity->table_name, table);
  EXPECT_GT(result.consumed_capacity->capacity_units, 0);
}

}  // namespace
}  // namespace flamingock::dynamodb::test
