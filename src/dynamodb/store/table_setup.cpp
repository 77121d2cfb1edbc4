#include "dynamodb/store/table_setup.h"

#include <optional>
#include <string>

#include "dynamodb/client/wire_names.h"
#include "dynamodb/store/store_schema.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

std::optional<TableDescription> describe(const Client& client, const std::string& table) {
  try {
    return client.describeTable({.table_name = table}).table;
  } catch (const DynamoDBError& e) {
    if (e.code() == ErrorCode::kResourceNotFound) return std::nullopt;
    throw;
  }
}

// "partitionKey (S, HASH), sortKey (N, RANGE)": the schema as found, for the error message.
std::string describeSchema(const TableDescription& table) {
  std::string text;
  for (const KeySchemaElement& element : table.key_schema) {
    if (!text.empty()) text += ", ";
    std::string_view type = "?";
    for (const AttributeDefinition& definition : table.attribute_definitions) {
      if (definition.attribute_name == element.attribute_name) {
        type = nameOf(kScalarTypeNames, definition.attribute_type, "?");
      }
    }
    text += element.attribute_name + " (" + std::string(type) + ", " +
            std::string(nameOf(kKeyTypeNames, element.key_type)) + ")";
  }
  return text.empty() ? "(none)" : text;
}

void checkKeySchema(const TableDescription& table) {
  bool fits = table.key_schema.size() == 1 && table.key_schema[0].attribute_name == kPartitionKey &&
              table.key_schema[0].key_type == KeyType::kHash;
  if (fits) {
    for (const AttributeDefinition& definition : table.attribute_definitions) {
      if (definition.attribute_name == kPartitionKey) {
        fits = definition.attribute_type == ScalarAttributeType::kString;
      }
    }
  }
  if (!fits) {
    throw ConfigurationError("table '" + table.table_name + "' has key schema " +
                             describeSchema(table) + "; expected " + kPartitionKey +
                             " (S, HASH) only");
  }
}

void create(const Client& client, const TableSpec& spec) {
  CreateTableRequest request{
      .table_name = spec.table_name,
      .attribute_definitions = {{kPartitionKey, ScalarAttributeType::kString}},
      .key_schema = {{kPartitionKey, KeyType::kHash}},
      .billing_mode = spec.billing_mode,
  };
  if (spec.billing_mode == BillingMode::kProvisioned) {
    request.provisioned_throughput =
        ProvisionedThroughput{spec.read_capacity_units, spec.write_capacity_units};
  }
  try {
    client.createTable(request);
  } catch (const DynamoDBError& e) {
    // Another instance created it between our DescribeTable and CreateTable.
    if (e.code() != ErrorCode::kResourceInUse) throw;
  }
}

}  // namespace

TableDescription ensureTable(const Client& client, const TableSpec& spec) {
  std::optional<TableDescription> table = describe(client, spec.table_name);
  if (!table) {
    if (!spec.auto_create) {
      throw ConfigurationError("table '" + spec.table_name +
                               "' does not exist and auto-create is off (withAutoCreate(false))");
    }
    create(client, spec);
  }
  if (!table || table->table_status != TableStatus::kActive) {
    table = client.waitForTableActive(spec.table_name);
  }
  checkKeySchema(*table);
  return *table;
}

}  // namespace flamingock::dynamodb::detail
