// PutItem, GetItem, UpdateItem, DeleteItem, Query and Scan requests on the wire (their answers:
// item_reader.h).
#include "dynamodb/client/json_codec.h"

namespace flamingock::dynamodb::detail {
namespace {

void writeKeyed(JsonWriter& json, std::string_view key_name, const std::string& table_name,
                const Item& key) {
  json.key("TableName").string(table_name);
  json.key(key_name);
  writeItem(json, key);
}

// The fields of a write that may be conditional and may return the old item.
template <typename Request>
void writeConditionalWrite(JsonWriter& json, const Request& request) {
  writeExpressionFields(json, request.condition_expression, request.expression_attribute_names,
                        request.expression_attribute_values);
  writeNamed(json, "ReturnValues", kReturnValuesNames, request.return_values);
  writeReturnValuesOnConditionCheckFailure(json, request.return_values_on_condition_check_failure);
  writeReturnConsumedCapacity(json, request.return_consumed_capacity);
}

// Query's and Scan's shared fields.
template <typename Request>
void writeReadPage(JsonWriter& json, const Request& request) {
  json.key("TableName").string(request.table_name);
  writeNonEmpty(json, "IndexName", request.index_name);
  writeNonEmpty(json, "FilterExpression", request.filter_expression);
  writeNonEmpty(json, "ProjectionExpression", request.projection_expression);
  writeExpressionFields(json, {}, request.expression_attribute_names,
                        request.expression_attribute_values);
  if (request.consistent_read) json.key("ConsistentRead").boolean(true);
  if (request.limit) json.key("Limit").integer(*request.limit);
  writeNamed(json, "Select", kSelectNames, request.select);
  if (!request.exclusive_start_key.empty()) {
    json.key("ExclusiveStartKey");
    writeItem(json, request.exclusive_start_key);
  }
  writeReturnConsumedCapacity(json, request.return_consumed_capacity);
}

// PutItem, UpdateItem and DeleteItem: the item or key, then the fields of a conditional write.
template <typename Request>
std::string encodeWrite(std::string_view key_name, const Request& request, const Item& key) {
  JsonWriter json;
  json.beginObject();
  writeKeyed(json, key_name, request.table_name, key);
  if constexpr (requires { request.update_expression; }) {
    writeNonEmpty(json, "UpdateExpression", request.update_expression);
  }
  writeConditionalWrite(json, request);
  json.endObject();
  return std::move(json).take();
}

}  // namespace

std::string encodeRequest(const PutItemRequest& request) {
  return encodeWrite("Item", request, request.item);
}

std::string encodeRequest(const GetItemRequest& request) {
  JsonWriter json;
  json.beginObject();
  writeKeyed(json, "Key", request.table_name, request.key);
  if (request.consistent_read) json.key("ConsistentRead").boolean(true);
  writeNonEmpty(json, "ProjectionExpression", request.projection_expression);
  writeExpressionFields(json, {}, request.expression_attribute_names, {});
  writeReturnConsumedCapacity(json, request.return_consumed_capacity);
  json.endObject();
  return std::move(json).take();
}

std::string encodeRequest(const UpdateItemRequest& request) {
  return encodeWrite("Key", request, request.key);
}

std::string encodeRequest(const DeleteItemRequest& request) {
  return encodeWrite("Key", request, request.key);
}

std::string encodeRequest(const QueryRequest& request) {
  JsonWriter json;
  json.beginObject();
  writeReadPage(json, request);
  writeNonEmpty(json, "KeyConditionExpression", request.key_condition_expression);
  if (!request.scan_index_forward) json.key("ScanIndexForward").boolean(false);
  json.endObject();
  return std::move(json).take();
}

std::string encodeRequest(const ScanRequest& request) {
  JsonWriter json;
  json.beginObject();
  writeReadPage(json, request);
  if (request.segment) json.key("Segment").integer(*request.segment);
  if (request.total_segments) json.key("TotalSegments").integer(*request.total_segments);
  json.endObject();
  return std::move(json).take();
}

}  // namespace flamingock::dynamodb::detail
