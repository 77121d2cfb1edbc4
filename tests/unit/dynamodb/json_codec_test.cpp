#include "dynamodb/client/json_codec.h"
#include "dynamodb/client/response_decoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace flamingock::dynamodb::detail {
namespace {

std::string encodeValue(const AttributeValue& value) {
  JsonWriter json;
  writeAttributeValue(json, value);
  return std::move(json).take();
}

AttributeValue roundTrip(const AttributeValue& value) {
  return readAttributeValue(Json::parse(encodeValue(value)));
}

Item key(const std::string& pk) { return {{"pk", AttributeValue::string(pk)}}; }

// Compares as JSON documents, so member order and spacing do not matter.
void expectJson(const std::string& actual, const std::string& expected) {
  EXPECT_EQ(Json::parse(actual), Json::parse(expected)) << actual;
}

TEST(JsonCodecTest, EachTypeIsWrittenAsDynamoDbExpects) {
  EXPECT_EQ(encodeValue(AttributeValue::string("a\"b")), R"({"S":"a\"b"})");
  EXPECT_EQ(encodeValue(AttributeValue::number("1e-130")), R"({"N":"1e-130"})");
  EXPECT_EQ(encodeValue(AttributeValue::binary(std::string("\0\x01\xff", 3))), R"({"B":"AAH/"})");
  EXPECT_EQ(encodeValue(AttributeValue::boolean(false)), R"({"BOOL":false})");
  EXPECT_EQ(encodeValue(AttributeValue::null()), R"({"NULL":true})");
  EXPECT_EQ(encodeValue(AttributeValue::map({{"k", AttributeValue::string("v")}})),
            R"({"M":{"k":{"S":"v"}}})");
  EXPECT_EQ(encodeValue(AttributeValue::list({AttributeValue::number(1)})), R"({"L":[{"N":"1"}]})");
  EXPECT_EQ(encodeValue(AttributeValue::stringSet({"a", "b"})), R"({"SS":["a","b"]})");
  EXPECT_EQ(encodeValue(AttributeValue::numberSet({"1", "2.5"})), R"({"NS":["1","2.5"]})");
  EXPECT_EQ(encodeValue(AttributeValue::binarySet({"ab", "c"})), R"({"BS":["YWI=","Yw=="]})");
}

TEST(JsonCodecTest, EveryTypeRoundTripsUnchanged) {
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes.push_back(static_cast<char>(i));
  const std::vector<AttributeValue> values = {
      AttributeValue::string("héllo\n\t\x01"),
      AttributeValue::number("12345678901234567890123456789012345678"),
      AttributeValue::number("1e-130"),
      AttributeValue::number("-9.99999999999999999999999999999999999E+125"),
      AttributeValue::binary(all_bytes),
      AttributeValue::binary(""),
      AttributeValue::boolean(true),
      AttributeValue::null(),
      AttributeValue::map({{"nested", AttributeValue::map({{"n", AttributeValue::number("0")}})}}),
      AttributeValue::list({AttributeValue::string("x"), AttributeValue::list({})}),
      AttributeValue::stringSet({"a", "b"}),
      AttributeValue::numberSet({"1e-130", "12345678901234567890123456789012345678"}),
      AttributeValue::binarySet({std::string("\0", 1), "xyz"}),
  };
  for (const auto& value : values) EXPECT_EQ(roundTrip(value), value) << encodeValue(value);
}

TEST(JsonCodecTest, ReadingRejectsUnknownTypesAndBadBase64) {
  EXPECT_THROW(readAttributeValue(Json::parse(R"({"X":"1"})")), CodecError);
  EXPECT_THROW(readAttributeValue(Json::parse(R"({"S":"1","N":"1"})")), CodecError);
  EXPECT_THROW(readAttributeValue(Json::parse(R"({"B":"abc"})")), CodecError);
}

TEST(JsonCodecTest, ReadingRejectsAValueOfTheWrongJsonTypeAsTheItemReaderDoes) {
  for (const char* body : {R"({"NULL":"yes"})", R"({"L":{"a":{"S":"x"}}})", R"({"L":null})",
                           R"({"SS":"x"})", R"({"NS":{"n":"1"}})", R"({"BS":"AA=="})"}) {
    EXPECT_THROW(readAttributeValue(Json::parse(body)), CodecError) << body;
  }
}

TEST(JsonCodecTest, WriterEscapesControlCharactersAndKeepsUtf8) {
  JsonWriter json;
  json.string(std::string("q\"\\\n\x1f\xc3\xa9", 7));

  EXPECT_EQ(std::move(json).take(), "\"q\\\"\\\\\\n\\u001f\xc3\xa9\"");
}

// The writer copies the text between escapes in runs: escapes first, last, adjacent, and long
// plain runs between them must all come out whole.
TEST(JsonCodecTest, WriterKeepsThePlainRunsAroundEscapes) {
  const std::string plain(300, 'x');
  JsonWriter json;
  json.beginArray().string("").string("\n" + plain + "\"\"" + plain + "\t").string(plain);
  json.endArray();

  EXPECT_EQ(std::move(json).take(),
            "[\"\",\"\\n" + plain + "\\\"\\\"" + plain + "\\t\",\"" + plain + "\"]");
}

TEST(JsonCodecTest, PutItemCarriesConditionNamesValuesAndReturnOptions) {
  PutItemRequest request{
      .table_name = "orders",
      .item = key("o#1"),
      .condition_expression = "attribute_not_exists(#pk)",
      .expression_attribute_names = {{"#pk", "pk"}},
      .expression_attribute_values = {{":v", AttributeValue::number("1")}},
      .return_values = ReturnValues::kAllOld,
      .return_values_on_condition_check_failure = ReturnValuesOnConditionCheckFailure::kAllOld,
      .return_consumed_capacity = ReturnConsumedCapacity::kTotal,
  };

  expectJson(encodeRequest(request), R"json({
      "TableName": "orders", "Item": {"pk": {"S": "o#1"}},
      "ConditionExpression": "attribute_not_exists(#pk)",
      "ExpressionAttributeNames": {"#pk": "pk"},
      "ExpressionAttributeValues": {":v": {"N": "1"}},
      "ReturnValues": "ALL_OLD", "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
      "ReturnConsumedCapacity": "TOTAL"
})json");
}

TEST(JsonCodecTest, EmptyOptionalFieldsAreLeftOut) {
  expectJson(encodeRequest(GetItemRequest{.table_name = "t", .key = key("a")}),
             R"({"TableName": "t", "Key": {"pk": {"S": "a"}}})");
}

TEST(JsonCodecTest, UpdateItemCarriesItsUpdateExpression) {
  UpdateItemRequest request{.table_name = "t",
                            .key = key("a"),
                            .update_expression = "SET n = n + :one",
                            .expression_attribute_values = {{":one", AttributeValue::number(1)}},
                            .return_values = ReturnValues::kUpdatedNew};

  expectJson(encodeRequest(request), R"({"TableName": "t", "Key": {"pk": {"S": "a"}},
      "UpdateExpression": "SET n = n + :one", "ExpressionAttributeValues": {":one": {"N": "1"}},
      "ReturnValues": "UPDATED_NEW"})");
}

TEST(JsonCodecTest, CreateTableProvisionedCarriesThroughput) {
  CreateTableRequest request{.table_name = "t",
                             .attribute_definitions = {{"pk", ScalarAttributeType::kString},
                                                       {"sk", ScalarAttributeType::kNumber}},
                             .key_schema = {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}},
                             .provisioned_throughput = ProvisionedThroughput{10, 7}};

  expectJson(encodeRequest(request), R"({"TableName": "t",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                               {"AttributeName": "sk", "AttributeType": "N"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "sk", "KeyType": "RANGE"}],
      "BillingMode": "PROVISIONED",
      "ProvisionedThroughput": {"ReadCapacityUnits": 10, "WriteCapacityUnits": 7}})");
}

TEST(JsonCodecTest, CreateTableOnDemandHasNoThroughput) {
  CreateTableRequest request{.table_name = "t",
                             .attribute_definitions = {{"pk", ScalarAttributeType::kBinary}},
                             .key_schema = {{"pk", KeyType::kHash}},
                             .billing_mode = BillingMode::kPayPerRequest};

  Json body = Json::parse(encodeRequest(request));
  EXPECT_EQ(body["BillingMode"], "PAY_PER_REQUEST");
  EXPECT_FALSE(body.contains("ProvisionedThroughput"));
}

TEST(JsonCodecTest, QueryCarriesPagingAndOrdering) {
  QueryRequest request{.table_name = "t",
                       .index_name = "by-date",
                       .key_condition_expression = "pk = :p",
                       .expression_attribute_values = {{":p", AttributeValue::string("a")}},
                       .consistent_read = true,
                       .scan_index_forward = false,
                       .limit = 5,
                       .select = Select::kCount,
                       .exclusive_start_key = key("z")};

  expectJson(encodeRequest(request), R"({"TableName": "t", "IndexName": "by-date",
      "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "a"}},
      "ConsistentRead": true, "ScanIndexForward": false, "Limit": 5, "Select": "COUNT",
      "ExclusiveStartKey": {"pk": {"S": "z"}}})");
}

TEST(JsonCodecTest, ScanCarriesFilterProjectionAndSegments) {
  ScanRequest request{.table_name = "t",
                      .filter_expression = "#s = :s",
                      .projection_expression = "pk, #s",
                      .expression_attribute_names = {{"#s", "state"}},
                      .expression_attribute_values = {{":s", AttributeValue::string("OK")}},
                      .segment = 1,
                      .total_segments = 4};

  expectJson(encodeRequest(request), R"({"TableName": "t", "FilterExpression": "#s = :s",
      "ProjectionExpression": "pk, #s", "ExpressionAttributeNames": {"#s": "state"},
      "ExpressionAttributeValues": {":s": {"S": "OK"}}, "Segment": 1, "TotalSegments": 4})");
}

TEST(JsonCodecTest, TransactWriteItemsCarriesEveryActionKindAndTheToken) {
  TransactWriteItemsRequest request{
      .transact_items = {Put{.table_name = "t", .item = key("p")},
                         Update{.table_name = "t",
                                .key = key("u"),
                                .update_expression = "SET a = :a",
                                .expression_attribute_values = {{":a", AttributeValue::number(1)}}},
                         Delete{.table_name = "t", .key = key("d")},
                         ConditionCheck{.table_name = "lock",
                                        .key = key("l"),
                                        .condition_expression = "attribute_exists(pk)",
                                        .return_values_on_condition_check_failure =
                                            ReturnValuesOnConditionCheckFailure::kAllOld}},
      .client_request_token = "exec#change"};

  expectJson(encodeRequest(request), R"json({"TransactItems": [
      {"Put": {"TableName": "t", "Item": {"pk": {"S": "p"}}}},
      {"Update": {"TableName": "t", "Key": {"pk": {"S": "u"}}, "UpdateExpression": "SET a = :a",
                  "ExpressionAttributeValues": {":a": {"N": "1"}}}},
      {"Delete": {"TableName": "t", "Key": {"pk": {"S": "d"}}}},
      {"ConditionCheck": {"TableName": "lock", "Key": {"pk": {"S": "l"}},
                          "ConditionExpression": "attribute_exists(pk)",
                          "ReturnValuesOnConditionCheckFailure": "ALL_OLD"
}
}],
      "ClientRequestToken": "exec#change"
})json");
}

TEST(JsonCodecTest, TransactGetItemsReadsMissingItemsAsNone) {
  TransactGetItemsResult result;
  decodeResult(Json::parse(R"({"Responses": [{"Item": {"pk": {"S": "a"}}}, {}]})"), result);

  ASSERT_EQ(result.responses.size(), 2u);
  EXPECT_EQ(result.responses[0], key("a"));
  EXPECT_FALSE(result.responses[1].has_value());
}

TEST(JsonCodecTest, BatchWriteItemRoundTripsPutsAndDeletes) {
  std::map<std::string, std::vector<WriteRequest>> writes{
      {"t", {WriteRequest::put(key("a")), WriteRequest::deleteKey(key("b"))}}};
  std::string body = encodeRequest(BatchWriteItemRequest{.request_items = writes});
  expectJson(body, R"({"RequestItems": {"t": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}},
                                             {"DeleteRequest": {"Key": {"pk": {"S": "b"}}}}]}})");

  BatchWriteItemResult result;
  decodeResult(
      Json::parse(R"({"UnprocessedItems": )" + Json::parse(body)["RequestItems"].dump() + "}"),
      result);
  EXPECT_EQ(result.unprocessed_items, writes);
}

TEST(JsonCodecTest, BatchGetItemReadsResponsesAndUnprocessedKeys) {
  BatchGetItemResult result;
  decodeResult(Json::parse(R"({"Responses": {"t": [{"pk": {"S": "a"}}]},
      "UnprocessedKeys": {"t": {"Keys": [{"pk": {"S": "b"}}], "ConsistentRead": true}}})"),
               result);

  EXPECT_EQ(result.responses.at("t"), std::vector<Item>{key("a")});
  EXPECT_EQ(result.unprocessed_keys.at("t").keys, std::vector<Item>{key("b")});
  EXPECT_TRUE(result.unprocessed_keys.at("t").consistent_read);
}

// Found by the fuzzer: the conversion to system_clock's nanoseconds overflowed.
TEST(JsonCodecTest, DescribeTableRefusesACreationTimeBeyondTheClock) {
  DescribeTableResult result;
  auto body = Json::parse(R"({"Table": {"TableName": "t", "TableStatus": "ACTIVE",
      "CreationDateTime": 1e12}})");

  EXPECT_THROW(decodeResult(body, result), CodecError);
}

// Found by the fuzzer: a count sent as 1e10 or 1e19 was converted to an integer unchecked.
TEST(JsonCodecTest, RefusesCountsThatAreNotWholeNumbersInRange) {
  ScanResult scan;
  DescribeTableResult table;

  EXPECT_THROW(decodeBody(R"({"Items": [], "Count": 1e10})", scan), CodecError);
  EXPECT_THROW(decodeBody(R"({"Items": [], "ScannedCount": 3000000000})", scan), CodecError);
  EXPECT_THROW(
      decodeResult(Json::parse(R"({"Table": {"TableName": "t", "ItemCount": 1e19}})"), table),
      CodecError);
}

TEST(JsonCodecTest, DescribeTableReadsStatusBillingAndSchema) {
  DescribeTableResult result;
  decodeResult(Json::parse(R"({"Table": {"TableName": "t", "TableStatus": "ACTIVE",
      "TableArn": "arn:aws:dynamodb:us-east-1:1:table/t",
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
      "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"},
      "ProvisionedThroughput": {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0},
      "ItemCount": 3, "CreationDateTime": 1700000000.5}})"),
               result);

  const TableDescription& table = result.table;
  EXPECT_EQ(table.table_name, "t");
  EXPECT_EQ(table.table_status, TableStatus::kActive);
  EXPECT_EQ(table.billing_mode, BillingMode::kPayPerRequest);
  ASSERT_EQ(table.key_schema.size(), 1u);
  EXPECT_EQ(table.key_schema[0].attribute_name, "pk");
  EXPECT_EQ(table.attribute_definitions[0].attribute_type, ScalarAttributeType::kString);
  EXPECT_EQ(table.item_count, 3);
  EXPECT_EQ(table.creation_date_time->time_since_epoch(), std::chrono::milliseconds(1700000000500));
}

TEST(JsonCodecTest, DescribeTableWithoutBillingSummaryIsProvisioned) {
  DescribeTableResult result;
  decodeResult(Json::parse(R"({"Table": {"TableName": "t", "TableStatus": "CREATING",
      "ProvisionedThroughput": {"ReadCapacityUnits": 4, "WriteCapacityUnits": 2}}})"),
               result);

  EXPECT_EQ(result.table.billing_mode, BillingMode::kProvisioned);
  EXPECT_EQ(result.table.table_status, TableStatus::kCreating);
  EXPECT_EQ(result.table.provisioned_throughput.read_capacity_units, 4);
}

TEST(JsonCodecTest, DescribeTableReadsAGlobalTablesReplicasAndConsistency) {
  DescribeTableResult result;
  decodeResult(Json::parse(R"({"Table": {"TableName": "t", "MultiRegionConsistency": "STRONG",
      "Replicas": [{"RegionName": "us-east-1", "ReplicaStatus": "ACTIVE"},
                   {"RegionName": "eu-west-1", "ReplicaStatus": "CREATING"}]}})"),
               result);

  EXPECT_EQ(result.table.replicas,
            (std::vector<Replica>{{"us-east-1", "ACTIVE"}, {"eu-west-1", "CREATING"}}));
  EXPECT_EQ(result.table.multi_region_consistency, MultiRegionConsistency::kStrong);
}

TEST(JsonCodecTest, DescribeTableWithReplicasAndNoConsistencyIsEventual) {
  DescribeTableResult result;
  decodeResult(Json::parse(R"({"Table": {"TableName": "t",
      "Replicas": [{"RegionName": "us-east-1", "ReplicaStatus": "ACTIVE"}]}})"),
               result);

  EXPECT_EQ(result.table.replicas.size(), 1u);
  EXPECT_EQ(result.table.multi_region_consistency, MultiRegionConsistency::kEventual);
}

TEST(JsonCodecTest, ItemPageReadsItemsCountsAndLastKey) {
  ItemPage page;
  decodeBody(R"({"Items": [{"pk": {"S": "a"}}], "Count": 1, "ScannedCount": 2,
      "LastEvaluatedKey": {"pk": {"S": "a"}}, "ConsumedCapacity": {"TableName": "t",
      "CapacityUnits": 0.5}})",
             page);

  EXPECT_EQ(page.items, std::vector<Item>{key("a")});
  EXPECT_EQ(page.count, 1);
  EXPECT_EQ(page.scanned_count, 2);
  EXPECT_EQ(page.last_evaluated_key, key("a"));
  EXPECT_DOUBLE_EQ(page.consumed_capacity->capacity_units, 0.5);
}

TEST(JsonCodecTest, GetItemWithoutItemHasNone) {
  GetItemResult result;
  decodeBody("{}", result);

  EXPECT_FALSE(result.item.has_value());
}

TEST(JsonCodecTest, TableOperationsEncodeAndDecode) {
  expectJson(encodeRequest(UpdateTimeToLiveRequest{.table_name = "t", .attribute_name = "ttl"}),
             R"({"TableName": "t",
                 "TimeToLiveSpecification": {"AttributeName": "ttl", "Enabled": true}})");
  expectJson(encodeRequest(ListTablesRequest{.exclusive_start_table_name = "a", .limit = 2}),
             R"({"ExclusiveStartTableName": "a", "Limit": 2})");

  ListTablesResult tables;
  decodeResult(Json::parse(R"({"TableNames": ["a", "b"], "LastEvaluatedTableName": "b"})"), tables);
  EXPECT_EQ(tables.table_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(tables.last_evaluated_table_name, "b");
}

}  // namespace
}  // namespace flamingock::dynamodb::detail
