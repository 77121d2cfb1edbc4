// DynamoDB's JSON protocol (application/x-amz-json-1.0): request bodies are written with
// JsonWriter; response bodies are read into the result types by decodeBody (response_decoder.h),
// through the DOM decoders here or, for the answers that carry items, item_reader.h.
//
//   std::string body = encodeRequest(describeTableRequest);
//   DescribeTableResult result;
//   decodeResult(nlohmann::json::parse(responseBody), result);
//
// Decoders throw nlohmann::json exceptions or CodecError on a body of the wrong shape; the client
// turns them into DynamoDBError (MalformedResponse) naming the operation.
#pragma once

#include <nlohmann/json.hpp>

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynamodb/client/json_writer.h"
#include "dynamodb/client/wire_names.h"
#include "flamingock/dynamodb/batch_model.h"
#include "flamingock/dynamodb/common_model.h"
#include "flamingock/dynamodb/item_model.h"
#include "flamingock/dynamodb/query_model.h"
#include "flamingock/dynamodb/table_model.h"
#include "flamingock/dynamodb/transaction_model.h"

namespace flamingock::dynamodb::detail {

using Json = nlohmann::json;

// A response body is not what the protocol says; the message names what was wrong.
class CodecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string base64Encode(std::string_view bytes);
// Throws CodecError on text that is not base64.
std::string base64Decode(std::string_view text);

// Attribute values and items.
void writeAttributeValue(JsonWriter& json, const AttributeValue& value);
void writeItem(JsonWriter& json, const Item& item);
AttributeValue readAttributeValue(const Json& json);
Item readItem(const Json& json);

// Pieces shared by the operations' encoders and decoders.
void writeExpressionFields(JsonWriter& json, std::string_view condition_expression,
                           const ExpressionAttributeNames& names,
                           const ExpressionAttributeValues& values);
void writeNonEmpty(JsonWriter& json, std::string_view key, std::string_view value);
void writeReturnConsumedCapacity(JsonWriter& json, ReturnConsumedCapacity value);
void writeReturnValuesOnConditionCheckFailure(JsonWriter& json,
                                              ReturnValuesOnConditionCheckFailure value);
// `key` with DynamoDB's name of `value`; nothing for a value the table leaves out (kNone).
template <class Enum, std::size_t N>
void writeNamed(JsonWriter& json, std::string_view key, const NameTable<Enum, N>& names,
                Enum value) {
  if (auto name = findName(names, value)) json.key(key).string(*name);
}
// The value DynamoDB names `name`; throws CodecError naming `what` for a name it does not list.
template <class Enum, std::size_t N>
Enum readNamed(const NameTable<Enum, N>& names, const std::string& name, std::string_view what) {
  if (auto value = valueOf(names, name)) return *value;
  throw CodecError("unknown " + std::string(what) + " '" + name + "'");
}
ConsumedCapacity readConsumedCapacity(const Json& json);
std::vector<ConsumedCapacity> readConsumedCapacityList(const Json& body);
// The member `key` of `object`, or nullptr when absent or null.
const Json* member(const Json& object, std::string_view key);
// The whole number `key` of `object`, 0 when absent. Throws CodecError naming it when it is not
// a whole number that fits `Integer` (converting 1e19 to an integer would be undefined).
template <typename Integer>
Integer readInteger(const Json& object, std::string_view key) {
  const Json* value = member(object, key);
  if (value == nullptr) return 0;
  bool fits = value->is_number_integer() &&
              (value->is_number_unsigned()
                   ? value->get<std::uint64_t>() <=
                         static_cast<std::uint64_t>(std::numeric_limits<Integer>::max())
                   : value->get<std::int64_t>() >= std::numeric_limits<Integer>::min() &&
                         value->get<std::int64_t>() <= std::numeric_limits<Integer>::max());
  if (!fits) {
    throw CodecError(std::string(key) + " " + value->dump() + " is not a whole number in range");
  }
  return value->get<Integer>();
}

// Request bodies, one per operation.
std::string encodeRequest(const CreateTableRequest& request);
std::string encodeRequest(const DescribeTableRequest& request);
std::string encodeRequest(const DeleteTableRequest& request);
std::string encodeRequest(const UpdateTimeToLiveRequest& request);
std::string encodeRequest(const ListTablesRequest& request);
std::string encodeRequest(const PutItemRequest& request);
std::string encodeRequest(const GetItemRequest& request);
std::string encodeRequest(const UpdateItemRequest& request);
std::string encodeRequest(const DeleteItemRequest& request);
std::string encodeRequest(const QueryRequest& request);
std::string encodeRequest(const ScanRequest& request);
std::string encodeRequest(const BatchWriteItemRequest& request);
std::string encodeRequest(const BatchGetItemRequest& request);
std::string encodeRequest(const TransactWriteItemsRequest& request);
std::string encodeRequest(const TransactGetItemsRequest& request);

// Results from the parsed response body, for the operations whose answers carry no items or few.
TableDescription readTableDescription(const Json& json);
void decodeResult(const Json& body, CreateTableResult& result);
void decodeResult(const Json& body, DescribeTableResult& result);
void decodeResult(const Json& body, DeleteTableResult& result);
void decodeResult(const Json& body, UpdateTimeToLiveResult& result);
void decodeResult(const Json& body, ListTablesResult& result);
void decodeResult(const Json& body, BatchWriteItemResult& result);
void decodeResult(const Json& body, BatchGetItemResult& result);
void decodeResult(const Json& body, TransactWriteItemsResult& result);
void decodeResult(const Json& body, TransactGetItemsResult& result);

// The DynamoDB API name of each request type, for X-Amz-Target and messages.
constexpr std::string_view operationName(const CreateTableRequest&) { return "CreateTable"; }
constexpr std::string_view operationName(const DescribeTableRequest&) { return "DescribeTable"; }
constexpr std::string_view operationName(const DeleteTableRequest&) { return "DeleteTable"; }
constexpr std::string_view operationName(const UpdateTimeToLiveRequest&) {
  return "UpdateTimeToLive";
}
constexpr std::string_view operationName(const ListTablesRequest&) { return "ListTables"; }
constexpr std::string_view operationName(const PutItemRequest&) { return "PutItem"; }
constexpr std::string_view operationName(const GetItemRequest&) { return "GetItem"; }
constexpr std::string_view operationName(const UpdateItemRequest&) { return "UpdateItem"; }
constexpr std::string_view operationName(const DeleteItemRequest&) { return "DeleteItem"; }
constexpr std::string_view operationName(const QueryRequest&) { return "Query"; }
constexpr std::string_view operationName(const ScanRequest&) { return "Scan"; }
constexpr std::string_view operationName(const BatchWriteItemRequest&) { return "BatchWriteItem"; }
constexpr std::string_view operationName(const BatchGetItemRequest&) { return "BatchGetItem"; }
constexpr std::string_view operationName(const TransactWriteItemsRequest&) {
  return "TransactWriteItems";
}
constexpr std::string_view operationName(const TransactGetItemsRequest&) {
  return "TransactGetItems";
}

}  // namespace flamingock::dynamodb::detail
