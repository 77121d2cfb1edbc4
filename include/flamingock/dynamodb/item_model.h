// Requests and results of the single-item operations: PutItem, GetItem, UpdateItem, DeleteItem.
//
//   using namespace flamingock::dynamodb;
//   client.updateItem({
//       .table_name = "orders",
//       .key = {{"pk", AttributeValue::string("o#1")}},
//       .update_expression = "SET #s = :s",
//       .condition_expression = "attribute_exists(pk)",
//       .expression_attribute_names = {{"#s", "status"}},
//       .expression_attribute_values = {{":s", AttributeValue::string("PAID")}},
//       .return_values = ReturnValues::kAllNew,
//   });
//
// An empty string or map leaves the field out of the request.
#pragma once

#include <optional>
#include <string>

#include "flamingock/dynamodb/attribute_value.h"
#include "flamingock/dynamodb/common_model.h"

namespace flamingock::dynamodb {

struct PutItemRequest {
  std::string table_name;
  Item item;
  std::string condition_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  ReturnValues return_values = ReturnValues::kNone;  // None or AllOld
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  friend bool operator==(const PutItemRequest&, const PutItemRequest&) = default;
};

struct PutItemResult {
  Item attributes;  // what ReturnValues asked for; empty otherwise
  std::optional<ConsumedCapacity> consumed_capacity;
  friend bool operator==(const PutItemResult&, const PutItemResult&) = default;
};

struct GetItemRequest {
  std::string table_name;
  Item key;
  bool consistent_read = false;
  std::string projection_expression;
  ExpressionAttributeNames expression_attribute_names;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  friend bool operator==(const GetItemRequest&, const GetItemRequest&) = default;
};

struct GetItemResult {
  std::optional<Item> item;  // none when no item has that key
  std::optional<ConsumedCapacity> consumed_capacity;
  friend bool operator==(const GetItemResult&, const GetItemResult&) = default;
};

struct UpdateItemRequest {
  std::string table_name;
  Item key;
  std::string update_expression;
  std::string condition_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  ReturnValues return_values = ReturnValues::kNone;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  friend bool operator==(const UpdateItemRequest&, const UpdateItemRequest&) = default;
};

struct UpdateItemResult {
  Item attributes;
  std::optional<ConsumedCapacity> consumed_capacity;
  friend bool operator==(const UpdateItemResult&, const UpdateItemResult&) = default;
};

struct DeleteItemRequest {
  std::string table_name;
  Item key;
  std::string condition_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  ReturnValues return_values = ReturnValues::kNone;  // None or AllOld
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  friend bool operator==(const DeleteItemRequest&, const DeleteItemRequest&) = default;
};

struct DeleteItemResult {
  Item attributes;
  std::optional<ConsumedCapacity> consumed_capacity;
  friend bool operator==(const DeleteItemResult&, const DeleteItemResult&) = default;
};

}  // namespace flamingock::dynamodb
