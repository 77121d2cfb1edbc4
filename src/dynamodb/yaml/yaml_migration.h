// The `migrateItems` operation of YAML changes (docs/yaml-reference.md#migrateitems): a data
// migration that sends one conditional update with the key of each item scanned.
//
//   apply:
//     - migrateItems:
//         Scan: {TableName: orders, FilterExpression: "attribute_not_exists(#s)",
//                ExpressionAttributeNames: {"#s": status}}
//         Update: {UpdateExpression: "SET #s = :new", ConditionExpression:
//         "attribute_not_exists(#s)",
//                  ExpressionAttributeValues: {":new": {S: NEW}}}
//         Segments: 8
//         MaxItemsPerSecond: 2000
//         CheckpointSeconds: 5
//
// The Scan's ExpressionAttributeNames that the Update's expressions use serve the Update too.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>

#include "dynamodb/yaml/yaml_problems.h"
#include "flamingock/change_context.h"
#include "flamingock/dynamodb/item_migration.h"
#include "flamingock/dynamodb/transaction_model.h"

namespace flamingock::dynamodb::detail {

inline constexpr char kMigrateItems[] = "migrateItems";

struct YamlMigration {
  ItemMigrationOptions options;
  Update update;  // sent with the key of each item, on the scanned table
};

// The request of a `migrateItems` operation written at `name_mark`. Adds what is wrong to
// `problems` (unknown fields, a missing Scan.TableName or Update.UpdateExpression, Segments out of
// 1 to 1,000,000, a negative MaxItemsPerSecond, a CheckpointSeconds below 0.001 (ItemMigration
// checkpoints at most every millisecond), values of the wrong type) and then returns nullopt.
std::optional<YamlMigration> readMigration(const YAML::Mark& name_mark, const YAML::Node& request,
                                           YamlProblems& problems);

// Runs `migration` in `ctx`'s change.
MigrationTotals runMigration(const YamlMigration& migration, ChangeContext& ctx);

}  // namespace flamingock::dynamodb::detail
