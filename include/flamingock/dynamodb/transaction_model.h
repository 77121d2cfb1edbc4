// Requests and results of TransactWriteItems and TransactGetItems: up to 100 actions that succeed
// or fail together.
//
//   using namespace flamingock::dynamodb;
//   client.transactWriteItems({
//       .transact_items = {
//           Put{.table_name = "orders", .item = order},
//           ConditionCheck{.table_name = "locks", .key = lockKey,
//                          .condition_expression = "lockOwner = :me",
//                          .expression_attribute_values = {{":me", AttributeValue::string(me)}}},
//       },
//       .client_request_token = "exec-1#change-7",  // a retried commit applies once
//   });
//
// A cancelled transaction throws DynamoDBError with code() TransactionCanceled and one
// cancellationReasons() entry per action, in order.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "flamingock/dynamodb/attribute_value.h"
#include "flamingock/dynamodb/common_model.h"

namespace flamingock::dynamodb {

struct Put {
  std::string table_name;
  Item item;
  std::string condition_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
  friend bool operator==(const Put&, const Put&) = default;
};

struct Update {
  std::string table_name;
  Item key;
  std::string update_expression;
  std::string condition_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
  friend bool operator==(const Update&, const Update&) = default;
};

struct Delete {
  std::string table_name;
  Item key;
  std::string condition_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
  friend bool operator==(const Delete&, const Delete&) = default;
};

struct ConditionCheck {
  std::string table_name;
  Item key;
  std::string condition_expression;  // required
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
  friend bool operator==(const ConditionCheck&, const ConditionCheck&) = default;
};

using TransactWriteItem = std::variant<Put, Update, Delete, ConditionCheck>;

struct TransactWriteItemsRequest {
  std::vector<TransactWriteItem> transact_items;
  // Makes the call idempotent for 10 minutes: a retry with the same token applies once.
  std::string client_request_token;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  friend bool operator==(const TransactWriteItemsRequest&,
                         const TransactWriteItemsRequest&) = default;
};

struct TransactWriteItemsResult {
  std::vector<ConsumedCapacity> consumed_capacity;
  friend bool operator==(const TransactWriteItemsResult&,
                         const TransactWriteItemsResult&) = default;
};

struct Get {
  std::string table_name;
  Item key;
  std::string projection_expression;
  ExpressionAttributeNames expression_attribute_names;
  friend bool operator==(const Get&, const Get&) = default;
};

struct TransactGetItemsRequest {
  std::vector<Get> transact_items;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  friend bool operator==(const TransactGetItemsRequest&, const TransactGetItemsRequest&) = default;
};

struct TransactGetItemsResult {
  std::vector<std::optional<Item>> responses;  // one per Get, in order; none when missing
  std::vector<ConsumedCapacity> consumed_capacity;
  friend bool operator==(const TransactGetItemsResult&, const TransactGetItemsResult&) = default;
};

}  // namespace flamingock::dynamodb
