// Requests and results of Query and Scan. Both answer one page at a time; a non-empty
// last_evaluated_key means there are more pages (Client::queryAll and Client::scanAll follow them).
//
//   using namespace flamingock::dynamodb;
//   client.scanAll({.table_name = "orders", .consistent_read = true, .limit = 100},
//                  [&](ItemPage& page) { for (auto& item : page.items) use(item); });
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flamingock/dynamodb/attribute_value.h"
#include "flamingock/dynamodb/common_model.h"

namespace flamingock::dynamodb {

// Select: which attributes come back. Default leaves it to the server (all attributes, or the
// projection expression's).
enum class Select {
  kDefault,
  kAllAttributes,
  kAllProjectedAttributes,
  kSpecificAttributes,
  kCount
};

struct QueryRequest {
  std::string table_name;
  std::string index_name;
  std::string key_condition_expression;
  std::string filter_expression;
  std::string projection_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  bool consistent_read = false;
  bool scan_index_forward = true;  // false: descending range key order
  std::optional<int> limit;        // items evaluated per page
  Select select = Select::kDefault;
  Item exclusive_start_key;  // the previous page's last_evaluated_key
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  friend bool operator==(const QueryRequest&, const QueryRequest&) = default;
};

struct ScanRequest {
  std::string table_name;
  std::string index_name;
  std::string filter_expression;
  std::string projection_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  bool consistent_read = false;
  std::optional<int> limit;  // items evaluated per page
  Select select = Select::kDefault;
  Item exclusive_start_key;           // the previous page's last_evaluated_key
  std::optional<int> segment;         // parallel scan: this worker's segment
  std::optional<int> total_segments;  // parallel scan: number of segments
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  friend bool operator==(const ScanRequest&, const ScanRequest&) = default;
};

// One page of a Query or a Scan.
struct ItemPage {
  std::vector<Item> items;  // empty for Select::kCount
  int count = 0;            // items after the filter
  int scanned_count = 0;    // items before the filter
  Item last_evaluated_key;  // empty on the last page
  std::optional<ConsumedCapacity> consumed_capacity;
  friend bool operator==(const ItemPage&, const ItemPage&) = default;
};

using QueryResult = ItemPage;
using ScanResult = ItemPage;

}  // namespace flamingock::dynamodb
