// YAML changes: declarative changes for DynamoDB, one file each, for people who do not want to
// compile code for a table or a seed (docs/yaml-reference.md).
//
//   # changes/0001-create-orders.yaml
//   id: create-orders-table
//   order: "0001"
//   author: ana
//   transactional: false          # optional, default false
//   targetSystem: dynamodb        # optional: the only registered target system
//   recovery: MANUAL_INTERVENTION # optional, or ALWAYS_RETRY
//   apply:
//     - createTable: {TableName: orders, BillingMode: PAY_PER_REQUEST,
//                     KeySchema: [{AttributeName: pk, KeyType: HASH}],
//                     AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]}
//     - putItem: {TableName: orders, Item: {pk: {S: "o#1"}, total: {N: 12.50}}}
//   rollback:                     # optional: without it a failure records only FAILED
//     - deleteTable: {TableName: orders}
//
//   Flamingock::builder()
//       .setAuditStore(auditStore)
//       .addTargetSystems({target})   // a dynamodb::DynamoDBTargetSystem
//       .addChanges(dynamodb::loadYamlChanges("changes"))
//       .build()
//       .run();
//
// Operations take the DynamoDB API's own request shapes, written as YAML:
// - createTable, updateTable, deleteTable, putItem, updateItem, deleteItem, updateTimeToLive are
//   sent one by one, in order, with the target system's client. After createTable and updateTable
//   the change waits until the table is ACTIVE again, so the next operation can use it.
// - In a transactional change (`transactional: true`) apply may hold only putItem, updateItem,
//   deleteItem and conditionCheck, in the shapes of TransactWriteItems' Put, Update, Delete and
//   ConditionCheck. They are added to the change's transaction and commit in one
//   TransactWriteItems together with the APPLIED audit entry: all of them or none. Rollback
//   operations, if any, are sent one by one like those of any other change.
//
// Scalars: quoted scalars are JSON strings; plain (unquoted, untagged) ones that read as a JSON
// number (`5`, `-1.5e3`) or a boolean (`true`, `False`) become JSON numbers and booleans, `null`
// and `~` JSON null, the rest strings; so `ReadCapacityUnits: 5` is a number as the API wants.
// The values of attribute-value type keys (`S`, `N`, `B` and the elements of `SS`, `NS`, `BS`)
// are always strings, kept as written, as DynamoDB wants them: `{N: 12.50}` is the number
// "12.50". A plain `NULL` key is the attribute-value type (`{NULL: true}`). A change's checksum is
// of its file's bytes: any edit of an applied file, even of a comment, is drift.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "flamingock/change.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb {

// Recorded as the audit entries' `invokedClass` of YAML changes.
inline constexpr std::string_view kYamlTemplateName = "DynamoDBYamlTemplate";

// One or more YAML change files are wrong. Nothing was loaded. `problems()` lists every problem
// of every file, one sentence each, as "<file>:<line>: <what is wrong>".
class YamlChangeError : public ConfigurationError {
 public:
  explicit YamlChangeError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

// Every `*.yaml` and `*.yml` file of `directory` (not its subdirectories), one change each, in
// the order of their `order`. Validates every file first, including ids and orders unique across
// files, and throws YamlChangeError listing all problems when any file is wrong. A directory
// without YAML files gives no changes; a missing directory is a YamlChangeError too.
std::vector<std::unique_ptr<Change>> loadYamlChanges(const std::filesystem::path& directory);

// The change of one YAML file; throws YamlChangeError listing its problems.
std::unique_ptr<Change> loadYamlChange(const std::filesystem::path& file);

// The change written in `text`, as if read from a file named `file_name` (which messages and the
// audit log's `sourceFile` show); throws YamlChangeError listing its problems.
std::unique_ptr<Change> parseYamlChange(std::string_view text, const std::string& file_name);

}  // namespace flamingock::dynamodb
