// BatchWriteItem and BatchGetItem on the wire.
#include "dynamodb/client/json_codec.h"

namespace flamingock::dynamodb::detail {
namespace {

void writeWriteRequests(JsonWriter& json,
                        const std::map<std::string, std::vector<WriteRequest>>& by_table) {
  json.beginObject();
  for (const auto& [table, writes] : by_table) {
    json.key(table).beginArray();
    for (const auto& write : writes) {
      bool put = write.kind == WriteRequest::Kind::kPut;
      json.beginObject().key(put ? "PutRequest" : "DeleteRequest").beginObject();
      json.key(put ? "Item" : "Key");
      writeItem(json, write.item);
      json.endObject().endObject();
    }
    json.endArray();
  }
  json.endObject();
}

std::map<std::string, std::vector<WriteRequest>> readWriteRequests(const Json& by_table) {
  std::map<std::string, std::vector<WriteRequest>> result;
  for (const auto& [table, writes] : by_table.items()) {
    auto& into = result[table];
    for (const auto& write : writes) {
      if (const Json* put = member(write, "PutRequest")) {
        into.push_back(WriteRequest::put(readItem(put->at("Item"))));
      } else {
        into.push_back(WriteRequest::deleteKey(readItem(write.at("DeleteRequest").at("Key"))));
      }
    }
  }
  return result;
}

void writeKeysAndAttributes(JsonWriter& json, const KeysAndAttributes& keys) {
  json.beginObject();
  json.key("Keys").beginArray();
  for (const auto& key : keys.keys) writeItem(json, key);
  json.endArray();
  if (keys.consistent_read) json.key("ConsistentRead").boolean(true);
  writeNonEmpty(json, "ProjectionExpression", keys.projection_expression);
  writeExpressionFields(json, {}, keys.expression_attribute_names, {});
  json.endObject();
}

KeysAndAttributes readKeysAndAttributes(const Json& json) {
  KeysAndAttributes keys;
  for (const auto& key : json.at("Keys")) keys.keys.push_back(readItem(key));
  keys.consistent_read = json.value("ConsistentRead", false);
  keys.projection_expression = json.value("ProjectionExpression", std::string());
  if (const Json* names = member(json, "ExpressionAttributeNames")) {
    keys.expression_attribute_names = names->get<ExpressionAttributeNames>();
  }
  return keys;
}

}  // namespace

std::string encodeRequest(const BatchWriteItemRequest& request) {
  JsonWriter json;
  json.beginObject().key("RequestItems");
  writeWriteRequests(json, request.request_items);
  writeReturnConsumedCapacity(json, request.return_consumed_capacity);
  json.endObject();
  return std::move(json).take();
}

std::string encodeRequest(const BatchGetItemRequest& request) {
  JsonWriter json;
  json.beginObject().key("RequestItems").beginObject();
  for (const auto& [table, keys] : request.request_items) {
    json.key(table);
    writeKeysAndAttributes(json, keys);
  }
  json.endObject();
  writeReturnConsumedCapacity(json, request.return_consumed_capacity);
  json.endObject();
  return std::move(json).take();
}

void decodeResult(const Json& body, BatchWriteItemResult& result) {
  if (const Json* unprocessed = member(body, "UnprocessedItems")) {
    result.unprocessed_items = readWriteRequests(*unprocessed);
  }
  result.consumed_capacity = readConsumedCapacityList(body);
}

void decodeResult(const Json& body, BatchGetItemResult& result) {
  if (const Json* responses = member(body, "Responses")) {
    for (const auto& [table, items] : responses->items()) {
      auto& into = result.responses[table];
      for (const auto& item : items) into.push_back(readItem(item));
    }
  }
  if (const Json* unprocessed = member(body, "UnprocessedKeys")) {
    for (const auto& [table, keys] : unprocessed->items()) {
      result.unprocessed_keys.emplace(table, readKeysAndAttributes(keys));
    }
  }
  result.consumed_capacity = readConsumedCapacityList(body);
}

}  // namespace flamingock::dynamodb::detail
