// Types shared by the requests and results of several DynamoDB operations: what to return,
// consumed capacity, expression attribute names and values.
//
//   flamingock::dynamodb::PutItemRequest request{
//       .table_name = "orders",
//       .item = {{"pk", AttributeValue::string("o#1")}},
//       .condition_expression = "attribute_not_exists(#pk)",
//       .expression_attribute_names = {{"#pk", "pk"}},
//       .return_consumed_capacity = flamingock::dynamodb::ReturnConsumedCapacity::kTotal,
//   };
//
// Field names follow the DynamoDB API's (TableName -> table_name). An empty string or an empty
// map means the field is left out of the request.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "flamingock/dynamodb/attribute_value.h"

namespace flamingock::dynamodb {

// ReturnValues of PutItem, UpdateItem and DeleteItem.
enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };

// ReturnValuesOnConditionCheckFailure: AllOld puts the item into DynamoDBError::item().
enum class ReturnValuesOnConditionCheckFailure { kNone, kAllOld };

enum class ReturnConsumedCapacity { kNone, kTotal, kIndexes };

// Capacity an operation consumed, when ReturnConsumedCapacity asked for it.
struct ConsumedCapacity {
  std::string table_name;
  double capacity_units = 0;
  double read_capacity_units = 0;
  double write_capacity_units = 0;
  friend bool operator==(const ConsumedCapacity&, const ConsumedCapacity&) = default;
};

// "#name" -> attribute name, for names that are reserved words or hold special characters.
using ExpressionAttributeNames = std::map<std::string, std::string>;
// ":value" -> value, for the values an expression compares with or writes.
using ExpressionAttributeValues = std::map<std::string, AttributeValue>;

}  // namespace flamingock::dynamodb
