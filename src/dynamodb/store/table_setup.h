// Making sure a store table exists with the key schema the store needs
// (docs/tables.md#creation-and-the-key-schema-check).
//
//   detail::ensureTable(client, {.table_name = "flamingockAuditLog", .auto_create = true, ...});
#pragma once

#include <cstdint>
#include <string>

#include "flamingock/dynamodb/client.h"

namespace flamingock::dynamodb::detail {

struct TableSpec {
  std::string table_name;
  bool auto_create = true;
  BillingMode billing_mode = BillingMode::kProvisioned;
  std::int64_t read_capacity_units = 5;
  std::int64_t write_capacity_units = 5;
};

// DescribeTable first, CreateTable only when it is missing (so a role without CreateTable works
// once the tables exist), then waits until ACTIVE. A concurrent creator is not an error. Throws
// ConfigurationError naming the table when it is missing and auto-create is off, or when its key
// schema is not `partitionKey` (S, HASH) alone, naming the schema found. Returns the table as
// last described.
TableDescription ensureTable(const Client& client, const TableSpec& spec);

}  // namespace flamingock::dynamodb::detail
