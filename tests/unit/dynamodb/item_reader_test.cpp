#include "dynamodb/client/item_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "dynamodb/client/json_codec.h"
#include "random_items.h"

namespace flamingock::dynamodb::detail {
namespace {

using flamingock::dynamodb::testing::RandomItems;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;
using namespace std::string_literals;

std::string itemJson(const Item& item) {
  JsonWriter json;
  writeItem(json, item);
  return std::move(json).take();
}

std::optional<Item> readGetItem(const std::string& body) {
  GetItemResult result;
  readItemResponse(body, result);
  return result.item;
}

ItemPage readPage(const std::string& body) {
  ItemPage page;
  readItemResponse(body, page);
  return page;
}

// Every attribute type that occurs anywhere in `item`.
void collectTypes(const Item& item, std::set<AttributeValue::Type>& types) {
  for (const auto& [name, value] : item) {
    types.insert(value.type());
    if (value.isMap()) collectTypes(value.asMap(), types);
    if (value.isList()) {
      for (const auto& element : value.asList()) collectTypes({{"", element}}, types);
    }
  }
}

Item key(const std::string& pk) { return {{"pk", AttributeValue::string(pk)}}; }

TEST(ItemReaderTest, ReadsRandomItemsExactlyAsTheDomReaderDoes) {
  RandomItems random(20261130);
  std::set<AttributeValue::Type> types;
  for (int i = 0; i < 3000; ++i) {
    const Item item = random.item();
    const std::string text = itemJson(item);

    std::optional<Item> read = readGetItem(R"({"Item":)" + text + "}");

    ASSERT_TRUE(read.has_value()) << text;
    ASSERT_EQ(*read, readItem(Json::parse(text))) << text;
    ASSERT_EQ(*read, item) << text;
    collectTypes(item, types);
  }
  EXPECT_EQ(types.size(), 10u) << "the random items must hold every attribute type";
}

TEST(ItemReaderTest, ReadsAPageOfManyItemsWithItsCountsKeyAndCapacity) {
  RandomItems random(7);
  std::vector<Item> items;
  std::string body = R"({"Items": [)";
  for (int i = 0; i < 500; ++i) {
    items.push_back(random.item());
    body += (i > 0 ? "," : "") + itemJson(items.back());
  }
  body += R"(], "Count": 500, "ScannedCount": 2147483647,
      "LastEvaluatedKey": {"pk": {"S": "last"}, "n": {"N": "-1"}},
      "ConsumedCapacity": {"TableName": "audit", "CapacityUnits": 128.5, "ReadCapacityUnits": 2,
                           "WriteCapacityUnits": 0, "Table": {"CapacityUnits": 128.5},
                           "GlobalSecondaryIndexes": {"by-state": {"CapacityUnits": 1}}}})";

  ItemPage page = readPage(body);

  EXPECT_EQ(page.items, items);
  EXPECT_EQ(page.count, 500);
  EXPECT_EQ(page.scanned_count, 2147483647);
  EXPECT_EQ(page.last_evaluated_key,
            (Item{{"pk", AttributeValue::string("last")}, {"n", AttributeValue::number("-1")}}));
  EXPECT_EQ(page.consumed_capacity, (ConsumedCapacity{.table_name = "audit",
                                                      .capacity_units = 128.5,
                                                      .read_capacity_units = 2,
                                                      .write_capacity_units = 0}));
}

// Other writers escape what ours leaves as UTF-8, and space their tokens out.
TEST(ItemReaderTest, ReadsEscapesAndSpacingOfOtherWriters) {
  const std::string text = R"( { "caf\u00e9" : { "S" : "\ud83d\ude00 \/ \" \\ \b\f\n\r\t \u0000" } ,
      "\u65e5" : { "L" : [ { "M" : { } } , { "SS" : [ "\u00e9" ] } ] } } )";

  std::optional<Item> read = readGetItem(R"({ "Item" :)" + text + "}");

  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read, readItem(Json::parse(text)));
  EXPECT_EQ(read->at("caf\xc3\xa9").asString(), "😀 / \" \\ \b\f\n\r\t \0"s);
}

TEST(ItemReaderTest, ReadsNestingOfAnyDepth) {
  AttributeValue value = AttributeValue::string("deep");
  for (int level = 0; level < 200; ++level) {
    value = level % 2 == 0 ? AttributeValue::list({value, AttributeValue::null()})
                           : AttributeValue::map({{"level", value}});
  }
  const Item item{{"root", value}};

  EXPECT_EQ(readGetItem(R"({"Item":)" + itemJson(item) + "}"), item);
}

TEST(ItemReaderTest, NullMembersAreAbsent) {
  EXPECT_FALSE(readGetItem(R"({"Item": null, "ConsumedCapacity": null})").has_value());
  EXPECT_EQ(readPage(R"({"Items": null, "Count": null, "ScannedCount": null,
                         "LastEvaluatedKey": null, "ConsumedCapacity": null})"),
            ItemPage{});

  ItemPage page = readPage(R"({"ConsumedCapacity": {"TableName": null, "CapacityUnits": 1}})");
  EXPECT_EQ(page.consumed_capacity, ConsumedCapacity{.capacity_units = 1});
}

TEST(ItemReaderTest, SkipsUnknownMembersAndThoseOfOtherOperations) {
  GetItemResult result;
  readItemResponse(R"({"ResponseMetadata": {"Item": 5, "x": [1, {"L": null}, [true]]},
      "Items": "not GetItem's", "Count": "nor this", "Attributes": [],
      "Item": {"pk": {"S": "a"}}, "Trailer": null})",
                   result);

  EXPECT_EQ(result.item, key("a"));
}

TEST(ItemReaderTest, WriteAnswersCarryTheirAttributes) {
  PutItemResult put;
  UpdateItemResult update;
  DeleteItemResult deleted;
  readItemResponse(R"({"Attributes": {"pk": {"S": "old"}},
      "ConsumedCapacity": {"TableName": "t", "CapacityUnits": 1.0}})",
                   put);
  readItemResponse(R"({"Attributes": {"n": {"N": "2"}}})", update);
  readItemResponse("{}", deleted);

  EXPECT_EQ(put.attributes, key("old"));
  EXPECT_EQ(put.consumed_capacity, (ConsumedCapacity{.table_name = "t", .capacity_units = 1}));
  EXPECT_EQ(update.attributes, (Item{{"n", AttributeValue::number("2")}}));
  EXPECT_TRUE(deleted.attributes.empty());
}

// A repeated member or attribute keeps its last value, as the DOM reader does.
TEST(ItemReaderTest, RepeatedNamesKeepTheLastValue) {
  const std::string text = R"({"a": {"S": "first"}, "a": {"N": "2"}})";
  ItemPage page = readPage(R"({"Items": [{"x": {"S": "dropped"}}], "Items": [)" + text + "]}");

  EXPECT_EQ(page.items, std::vector<Item>{readItem(Json::parse(text))});
  EXPECT_EQ(page.items[0], (Item{{"a", AttributeValue::number("2")}}));
}

struct Malformed {
  std::string body;
  std::string says;  // part of the CodecError's message
};

void PrintTo(const Malformed& malformed, std::ostream* out) { *out << malformed.body; }

class ItemReaderRefusesTest : public ::testing::TestWithParam<Malformed> {};

TEST_P(ItemReaderRefusesTest, WithACodecErrorSayingWhatIsWrong) {
  ItemPage page;
  GetItemResult get;

  EXPECT_THAT([&] { readItemResponse(GetParam().body, page); },
              ThrowsMessage<CodecError>(HasSubstr(GetParam().says)));
  EXPECT_THAT([&] { readItemResponse(GetParam().body, get); }, ::testing::Throws<CodecError>());
}

// Each body is malformed for both a page and GetItem: the values sit in members of both.
std::string inItem(const std::string& value) {
  return R"({"Item": {"a": )" + value + R"(}, "Items": [{"a": )" + value + "}]}";
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, ItemReaderRefusesTest,
    ::testing::Values(
        // Not a JSON object, or not JSON.
        Malformed{"[]", "the body is not a JSON object: got an array"},
        Malformed{"5", "the body is not a JSON object: got a number"},
        Malformed{"null", "the body is not a JSON object: got null"},
        Malformed{"<html>", "parse error"}, Malformed{"", "parse error"},
        Malformed{"{} {}", "parse error"},
        // Attribute values with no type member, two, or an unknown one.
        Malformed{inItem("{}"), "attribute 'a' has no type member"},
        Malformed{inItem(R"({"S": "x", "N": "1"})"), "attribute 'a' has more than one type member"},
        Malformed{inItem(R"({"X": "1"})"), "unknown attribute value type 'X'"},
        Malformed{inItem(R"("x")"), "attribute 'a' is not an attribute value"},
        Malformed{inItem("null"), "attribute 'a' is not an attribute value"},
        // A wrong JSON type inside a value.
        Malformed{inItem(R"({"S": 1})"), "attribute 'a' of type S is not a string: got a number"},
        Malformed{inItem(R"({"N": true})"), "of type N is not a string: got a boolean"},
        Malformed{inItem(R"({"B": null})"), "of type B is not a string: got null"},
        Malformed{inItem(R"({"BOOL": "true"})"), "of type BOOL is not a boolean"},
        Malformed{inItem(R"({"NULL": 1})"), "of type NULL is not a boolean"},
        Malformed{inItem(R"({"M": []})"), "of type M is not an object: got an array"},
        Malformed{inItem(R"({"L": {}})"), "of type L is not an array: got an object"},
        Malformed{inItem(R"({"L": ["x"]})"), "an element of attribute 'a' is not an attribute"},
        Malformed{inItem(R"({"SS": "x"})"), "of type SS is not an array: got a string"},
        Malformed{inItem(R"({"NS": [1]})"), "of type NS is not a set of strings: got a number"},
        Malformed{inItem(R"({"BS": [{}]})"), "of type BS is not a set of strings: got an object"},
        Malformed{inItem(R"({"M": {"b": {"S": []}}})"), "attribute 'b' of type S"},
        // Bad base64.
        Malformed{inItem(R"({"B": "abc"})"), "not base64"},
        Malformed{inItem(R"({"BS": ["YQ==", "!!!!"]})"), "not base64"},
        // Members of the wrong shape.
        Malformed{R"({"Item": [], "Items": "x"})", "is not an "},
        Malformed{R"({"Items": {}, "Item": 1})", "Items is not an array: got an object"},
        Malformed{R"({"Items": [null], "Item": 1})", "is not "},
        Malformed{R"({"LastEvaluatedKey": 5, "Item": 5})", "is not an object: got a number"},
        Malformed{R"({"ConsumedCapacity": []})", "ConsumedCapacity is not an object"},
        Malformed{R"({"ConsumedCapacity": {"CapacityUnits": "1"}})",
                  "ConsumedCapacity's CapacityUnits is not a number: got a string"},
        Malformed{R"({"ConsumedCapacity": {"TableName": 5}})",
                  "ConsumedCapacity's TableName is not a string: got a number"},
        // Counts that are not whole numbers that fit.
        Malformed{R"({"Count": 1e10, "Item": 1})", "Count 1e10 is not a whole number in range"},
        Malformed{R"({"Count": 1.5, "Item": 1})", "Count 1.5 is not a whole number in range"},
        Malformed{R"({"ScannedCount": 3000000000, "Item": 1})",
                  "ScannedCount 3000000000 is not a whole number in range"},
        Malformed{R"({"Count": -3000000000, "Item": 1})", "Count -3000000000 is not a whole"},
        Malformed{R"({"Count": 99999999999999999999, "Item": 1})", "Count 99999999999999999999"},
        Malformed{R"({"Count": "5", "Item": 1})", "Count is not a whole number in range"},
        Malformed{R"({"Count": true, "Item": 1})", "Count is not a whole number in range"}));

TEST(ItemReaderTest, RefusesEveryTruncationOfAValidAnswer) {
  const std::string body = R"({"Items": [{"pk": {"S": "a\"b"}, "l": {"L": [{"N": "1"}]},
      "s": {"BS": ["YQ=="]}, "m": {"M": {"t": {"BOOL": true}}}}], "Count": 1, "ScannedCount": 10,
      "LastEvaluatedKey": {"pk": {"S": "a"}}, "ConsumedCapacity": {"CapacityUnits": 0.5}})";
  ASSERT_NO_THROW(readPage(body));

  for (std::size_t length = 0; length < body.size(); ++length) {
    EXPECT_THROW(readPage(body.substr(0, length)), CodecError) << body.substr(0, length);
  }
}

}  // namespace
}  // namespace flamingock::dynamodb::detail
