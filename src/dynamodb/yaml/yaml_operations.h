// The operations a YAML change may list under `apply` and `rollback`, read from their YAML form.
//
//   YamlProblems problems("orders.yaml");
//   std::optional<YamlOperation> op = readOperation(
//       YAML::Load("putItem: {TableName: orders, Item: {pk: {S: o1}}}"),
//       OperationMode::kSent, problems);
//   client.invoke(op->api_name, op->request_json);
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

#include "dynamodb/yaml/yaml_migration.h"
#include "dynamodb/yaml/yaml_problems.h"
#include "flamingock/dynamodb/transaction_model.h"

namespace flamingock::dynamodb::detail {

// How the operations of a list run.
enum class OperationMode {
  kSent,           // one request each, with the target system's client
  kTransactional,  // added to the change's transaction (the apply of a transactional change)
};

struct YamlOperation {
  std::string name;               // as written: "putItem"
  std::string api_name;           // the DynamoDB operation: "PutItem"
  std::string table_name;         // the request's TableName
  std::string request_json;       // the request body (kSent)
  bool waits_for_active = false;  // createTable, updateTable: wait until the table is ACTIVE
  int line = 0;
  std::optional<TransactWriteItem> transact_item;  // kTransactional: the write to add
  std::optional<YamlMigration> migration;          // migrateItems: run instead of a request
};

// One element of an `apply` or `rollback` list: a mapping of one operation name to its request.
// Adds what is wrong to `problems` (unknown operation, one not allowed in `mode`, a request that
// is not a mapping, a missing TableName, a transactional request with fields that
// TransactWriteItems does not take, a bad migrateItems) and then returns nullopt.
std::optional<YamlOperation> readOperation(const YAML::Node& element, OperationMode mode,
                                           YamlProblems& problems);

}  // namespace flamingock::dynamodb::detail
