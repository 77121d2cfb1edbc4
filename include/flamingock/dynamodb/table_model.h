// Requests and results of the table operations: CreateTable, DescribeTable, DeleteTable,
// UpdateTimeToLive, ListTables.
//
//   using namespace flamingock::dynamodb;
//   client.createTable({
//       .table_name = "orders",
//       .attribute_definitions = {{"pk", ScalarAttributeType::kString}},
//       .key_schema = {{"pk", KeyType::kHash}},
//       .billing_mode = BillingMode::kPayPerRequest,
//   });
//   TableDescription table = client.waitForTableActive("orders");
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace flamingock::dynamodb {

enum class ScalarAttributeType { kString, kNumber, kBinary };  // S, N, B

struct AttributeDefinition {
  std::string attribute_name;
  ScalarAttributeType attribute_type = ScalarAttributeType::kString;
  friend bool operator==(const AttributeDefinition&, const AttributeDefinition&) = default;
};

enum class KeyType { kHash, kRange };

struct KeySchemaElement {
  std::string attribute_name;
  KeyType key_type = KeyType::kHash;
  friend bool operator==(const KeySchemaElement&, const KeySchemaElement&) = default;
};

enum class BillingMode { kProvisioned, kPayPerRequest };

struct ProvisionedThroughput {
  std::int64_t read_capacity_units = 5;
  std::int64_t write_capacity_units = 5;
  friend bool operator==(const ProvisionedThroughput&, const ProvisionedThroughput&) = default;
};

enum class ProjectionType { kAll, kKeysOnly, kInclude };

struct Projection {
  ProjectionType projection_type = ProjectionType::kAll;
  std::vector<std::string> non_key_attributes;  // for Include
  friend bool operator==(const Projection&, const Projection&) = default;
};

struct GlobalSecondaryIndex {
  std::string index_name;
  std::vector<KeySchemaElement> key_schema;
  Projection projection;
  std::optional<ProvisionedThroughput> provisioned_throughput;  // PROVISIONED tables only
  friend bool operator==(const GlobalSecondaryIndex&, const GlobalSecondaryIndex&) = default;
};

struct LocalSecondaryIndex {
  std::string index_name;
  std::vector<KeySchemaElement> key_schema;  // the table's hash key and another range key
  Projection projection;
  friend bool operator==(const LocalSecondaryIndex&, const LocalSecondaryIndex&) = default;
};

enum class TableStatus {
  kCreating,
  kUpdating,
  kDeleting,
  kActive,
  kInaccessibleEncryptionCredentials,
  kArchiving,
  kArchived,
  kUnknown,  // a status this client does not know yet
};

// One Region's replica of a global table, as DescribeTable lists it.
struct Replica {
  std::string region_name;
  // DynamoDB's word for it: "ACTIVE", "CREATING", "UPDATING", "DELETING", "REGION_DISABLED", ...
  std::string replica_status;
  friend bool operator==(const Replica&, const Replica&) = default;
};

// How a global table's Regions agree (DescribeTable's MultiRegionConsistency). Under EVENTUAL
// (MREC) a conditional write is checked against the writer's Region's replica only; under STRONG
// (MRSC) against all of them.
enum class MultiRegionConsistency { kEventual, kStrong };

// What DescribeTable tells about a table (the fields this library uses).
struct TableDescription {
  std::string table_name;
  std::string table_arn;
  TableStatus table_status = TableStatus::kUnknown;
  std::vector<KeySchemaElement> key_schema;
  std::vector<AttributeDefinition> attribute_definitions;
  // PROVISIONED unless the table reports PAY_PER_REQUEST.
  BillingMode billing_mode = BillingMode::kProvisioned;
  ProvisionedThroughput provisioned_throughput;  // zeros for PAY_PER_REQUEST tables
  std::vector<std::string> global_secondary_index_names;
  std::vector<std::string> local_secondary_index_names;
  std::int64_t item_count = 0;
  std::int64_t table_size_bytes = 0;
  std::optional<std::chrono::system_clock::time_point> creation_date_time;
  // A global table's replicas; empty for a table of one Region.
  std::vector<Replica> replicas;
  // Meaningful with replicas: EVENTUAL unless the table reports STRONG.
  MultiRegionConsistency multi_region_consistency = MultiRegionConsistency::kEventual;
  friend bool operator==(const TableDescription&, const TableDescription&) = default;
};

struct CreateTableRequest {
  std::string table_name;
  std::vector<AttributeDefinition> attribute_definitions;
  std::vector<KeySchemaElement> key_schema;
  BillingMode billing_mode = BillingMode::kProvisioned;
  // Required for PROVISIONED; must be absent for PAY_PER_REQUEST.
  std::optional<ProvisionedThroughput> provisioned_throughput;
  std::vector<GlobalSecondaryIndex> global_secondary_indexes;
  std::vector<LocalSecondaryIndex> local_secondary_indexes;
  friend bool operator==(const CreateTableRequest&, const CreateTableRequest&) = default;
};

struct CreateTableResult {
  TableDescription table;
  friend bool operator==(const CreateTableResult&, const CreateTableResult&) = default;
};

struct DescribeTableRequest {
  std::string table_name;
  friend bool operator==(const DescribeTableRequest&, const DescribeTableRequest&) = default;
};

struct DescribeTableResult {
  TableDescription table;
  friend bool operator==(const DescribeTableResult&, const DescribeTableResult&) = default;
};

struct DeleteTableRequest {
  std::string table_name;
  friend bool operator==(const DeleteTableRequest&, const DeleteTableRequest&) = default;
};

struct DeleteTableResult {
  TableDescription table;
  friend bool operator==(const DeleteTableResult&, const DeleteTableResult&) = default;
};

struct UpdateTimeToLiveRequest {
  std::string table_name;
  std::string attribute_name;  // an N attribute holding epoch seconds
  bool enabled = true;
  friend bool operator==(const UpdateTimeToLiveRequest&, const UpdateTimeToLiveRequest&) = default;
};

struct UpdateTimeToLiveResult {
  std::string attribute_name;
  bool enabled = false;
  friend bool operator==(const UpdateTimeToLiveResult&, const UpdateTimeToLiveResult&) = default;
};

struct ListTablesRequest {
  std::string exclusive_start_table_name;  // empty: from the first table
  std::optional<int> limit;                // 1 to 100; the server's default when absent
  friend bool operator==(const ListTablesRequest&, const ListTablesRequest&) = default;
};

struct ListTablesResult {
  std::vector<std::string> table_names;
  std::string last_evaluated_table_name;  // empty on the last page
  friend bool operator==(const ListTablesResult&, const ListTablesResult&) = default;
};

}  // namespace flamingock::dynamodb
