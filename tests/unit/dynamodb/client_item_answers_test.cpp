// Whole client calls whose answers are read by the item reader (item_reader.h), over the fake
// transport: what comes back, and what a malformed answer turns into.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dynamodb/client/json_codec.h"
#include "fake_dynamodb.h"
#include "flamingock/dynamodb/client.h"
#include "random_items.h"

namespace flamingock::dynamodb::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

std::string itemJson(const Item& item) {
  detail::JsonWriter json;
  detail::writeItem(json, item);
  return std::move(json).take();
}

std::string pageBody(const std::vector<Item>& items, const std::string& last_key_json) {
  std::string body = R"({"Items":[)";
  for (const auto& item : items) body += (&item == &items.front() ? "" : ",") + itemJson(item);
  body += R"(],"Count":)" + std::to_string(items.size()) + R"(,"ScannedCount":)" +
          std::to_string(items.size());
  if (!last_key_json.empty()) body += R"(,"LastEvaluatedKey":)" + last_key_json;
  return body + "}";
}

std::vector<Item> randomItems(RandomItems& random, int count) {
  std::vector<Item> items;
  for (int i = 0; i < count; ++i) items.push_back(random.item());
  return items;
}

// The DynamoDBError a call throws; fails the test when it throws nothing.
template <typename Call>
DynamoDBError errorOf(Call call) {
  try {
    call();
  } catch (const DynamoDBError& error) {
    return error;
  }
  ADD_FAILURE() << "expected a DynamoDBError";
  return DynamoDBError({});
}

TEST(ClientItemAnswersTest, ScanAllReadsEveryPageAndSendsBackTheLastKeyItRead) {
  RandomItems random(15);
  const std::vector<Item> first = randomItems(random, 300);
  const std::vector<Item> second = randomItems(random, 200);
  const Item last_key{{"pk", AttributeValue::string("é\"\n")}, {"n", AttributeValue::number(9)}};
  FakeDynamoDb fake;
  fake.answer(ok(pageBody(first, itemJson(last_key))));
  fake.answer(ok(pageBody(second, "")));

  std::vector<Item> read;
  fake.client().scanAll({.table_name = "audit"}, [&](ItemPage& page) {
    read.insert(read.end(), page.items.begin(), page.items.end());
  });

  std::vector<Item> expected = first;
  expected.insert(expected.end(), second.begin(), second.end());
  EXPECT_EQ(read, expected);
  ASSERT_EQ(fake.requests().size(), 2u);
  EXPECT_EQ(detail::Json::parse(fake.requests()[1].body)["ExclusiveStartKey"],
            detail::Json::parse(itemJson(last_key)));
}

TEST(ClientItemAnswersTest, QueryReadsItsPage) {
  RandomItems random(16);
  const std::vector<Item> items = randomItems(random, 50);
  FakeDynamoDb fake;
  fake.answer(ok(pageBody(items, "")));

  QueryResult page =
      fake.client().query({.table_name = "t", .key_condition_expression = "pk = :p"});

  EXPECT_EQ(page.items, items);
  EXPECT_EQ(page.count, 50);
}

TEST(ClientItemAnswersTest, GetItemReadsTheItemOrNone) {
  RandomItems random(17);
  const Item item = random.item();
  FakeDynamoDb fake;
  fake.answer(ok(R"({"Item":)" + itemJson(item) + "}"));
  fake.answer(ok("{}"));
  const Client client = fake.client();

  EXPECT_EQ(client.getItem({.table_name = "t", .key = item}).item, item);
  EXPECT_FALSE(client.getItem({.table_name = "t", .key = item}).item.has_value());
}

TEST(ClientItemAnswersTest, WritesReadTheAttributesAskedFor) {
  const Item old{{"pk", AttributeValue::string("a")}, {"n", AttributeValue::number(1)}};
  FakeDynamoDb fake;
  fake.answer(ok(R"({"Attributes":)" + itemJson(old) + "}"));
  fake.answer(ok(R"({"Attributes":{"n":{"N":"2"}}})"));
  fake.answer(ok(R"({"Attributes":)" + itemJson(old) + "}"));
  const Client client = fake.client();

  EXPECT_EQ(client.putItem({.table_name = "t", .item = old, .return_values = ReturnValues::kAllOld})
                .attributes,
            old);
  EXPECT_EQ(client.updateItem({.table_name = "t", .key = old, .update_expression = "SET n = :n"})
                .attributes,
            (Item{{"n", AttributeValue::number(2)}}));
  EXPECT_EQ(client.deleteItem({.table_name = "t", .key = old}).attributes, old);
}

TEST(ClientItemAnswersTest, AMalformedAnswerIsAMalformedResponseNamingTheOperation) {
  FakeDynamoDb fake;
  fake.answer(ok(R"({"Item":{"pk":{}}})"));
  fake.answer(ok(R"({"Items":[{"pk":{"S":"a"}}],"Count":1)"));  // truncated
  const Client client = fake.client();

  DynamoDBError get = errorOf([&] { client.getItem({.table_name = "t", .key = {}}); });
  DynamoDBError scan = errorOf([&] { client.scan({.table_name = "t"}); });

  EXPECT_EQ(get.code(), ErrorCode::kMalformedResponse);
  EXPECT_THAT(get.what(), AllOf(HasSubstr("not a valid GetItem response"),
                                HasSubstr("attribute 'pk' has no type member")));
  EXPECT_EQ(scan.code(), ErrorCode::kMalformedResponse);
  EXPECT_THAT(scan.what(), AllOf(HasSubstr("not a valid Scan response"), HasSubstr("parse error")));
  EXPECT_EQ(fake.requests().size(), 2u) << "a malformed answer is not retried";
}

}  // namespace
}  // namespace flamingock::dynamodb::testing
