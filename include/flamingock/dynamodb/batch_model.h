// Requests and results of BatchWriteItem and BatchGetItem. One call takes at most 25 writes or
// 100 keys and may leave some unprocessed; Client::batchWriteAll and Client::batchGetAll split
// larger batches and resubmit what was left, with backoff.
//
//   using namespace flamingock::dynamodb;
//   client.batchWriteAll({.request_items = {{"orders", {
//       WriteRequest::put({{"pk", AttributeValue::string("o#1")}}),
//       WriteRequest::deleteKey({{"pk", AttributeValue::string("o#0")}}),
//   }}}});
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "flamingock/dynamodb/attribute_value.h"
#include "flamingock/dynamodb/common_model.h"

namespace flamingock::dynamodb {

// One write of a batch: put a whole item, or delete the item with a key.
struct WriteRequest {
  enum class Kind { kPut, kDelete };
  Kind kind = Kind::kPut;
  Item item;  // the item for Put, the key for Delete

  static WriteRequest put(Item item) { return {Kind::kPut, std::move(item)}; }
  static WriteRequest deleteKey(Item key) { return {Kind::kDelete, std::move(key)}; }
  friend bool operator==(const WriteRequest&, const WriteRequest&) = default;
};

struct BatchWriteItemRequest {
  std::map<std::string, std::vector<WriteRequest>> request_items;  // by table name
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  friend bool operator==(const BatchWriteItemRequest&, const BatchWriteItemRequest&) = default;
};

struct BatchWriteItemResult {
  std::map<std::string, std::vector<WriteRequest>> unprocessed_items;  // by table name
  std::vector<ConsumedCapacity> consumed_capacity;
  friend bool operator==(const BatchWriteItemResult&, const BatchWriteItemResult&) = default;
};

// The keys to read from one table, and how.
struct KeysAndAttributes {
  std::vector<Item> keys;
  bool consistent_read = false;
  std::string projection_expression;
  ExpressionAttributeNames expression_attribute_names;
  friend bool operator==(const KeysAndAttributes&, const KeysAndAttributes&) = default;
};

struct BatchGetItemRequest {
  std::map<std::string, KeysAndAttributes> request_items;  // by table name
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  friend bool operator==(const BatchGetItemRequest&, const BatchGetItemRequest&) = default;
};

struct BatchGetItemResult {
  std::map<std::string, std::vector<Item>> responses;         // by table name, in no order
  std::map<std::string, KeysAndAttributes> unprocessed_keys;  // by table name
  std::vector<ConsumedCapacity> consumed_capacity;
  friend bool operator==(const BatchGetItemResult&, const BatchGetItemResult&) = default;
};

}  // namespace flamingock::dynamodb
