#include "dynamodb/yaml/yaml_migration.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "dynamodb/client/json_codec.h"
#include "dynamodb/yaml/yaml_json.h"

namespace flamingock::dynamodb::detail {
namespace {

constexpr std::array<std::string_view, 5> kFields = {"Scan", "Update", "Segments",
                                                     "MaxItemsPerSecond", "CheckpointSeconds"};
constexpr std::array<std::string_view, 8> kScanFields = {
    "TableName",      "IndexName", "FilterExpression",         "ProjectionExpression",
    "ConsistentRead", "Limit",     "ExpressionAttributeNames", "ExpressionAttributeValues"};
constexpr std::array<std::string_view, 4> kUpdateFields = {
    "UpdateExpression", "ConditionExpression", "ExpressionAttributeNames",
    "ExpressionAttributeValues"};

template <std::size_t N>
std::string listOf(const std::array<std::string_view, N>& names) {
  std::string list;
  for (std::string_view name : names) list += (list.empty() ? "" : ", ") + std::string(name);
  return list;
}

// The mapping `field` of `request`, its keys checked against `allowed`; an undefined node when it
// is missing or not a mapping (a problem is added then).
template <std::size_t N>
YAML::Node section(const YAML::Node& request, const YAML::Mark& name_mark, const char* field,
                   const std::array<std::string_view, N>& allowed, YamlProblems& problems) {
  YAML::Node node = request[field];
  if (!node || !node.IsMap()) {
    problems.add(node ? node.Mark() : name_mark,
                 std::string(kMigrateItems) + ": " + field + " must be a mapping");
    return YAML::Node(YAML::NodeType::Undefined);
  }
  for (const auto& member : node) {
    const std::string& key = member.first.Scalar();
    if (std::ranges::find(allowed, key) == allowed.end()) {
      problems.add(member.first.Mark(), std::string(kMigrateItems) + ": unknown field '" + key +
                                            "' of " + field + " (allowed: " + listOf(allowed) +
                                            ")");
    }
  }
  return node;
}

std::string text(const Json& object, std::string_view key) {
  const Json* value = member(object, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : "";
}

// A number at `field` within [min, max] (`min_open`: above min), or nullopt with a problem.
std::optional<double> number(const YAML::Node& request, const char* field, double min, double max,
                             bool min_open, YamlProblems& problems) {
  YAML::Node node = request[field];
  if (!node) return std::nullopt;
  double value = NAN;
  bool read = node.IsScalar() && YAML::convert<double>::decode(node, value);
  if (!read || std::isnan(value) || value < min || (min_open && value == min) || value > max) {
    std::string bound =
        (min_open ? "above " : "at least ") + std::to_string(static_cast<long>(min));
    problems.add(
        node.Mark(),
        std::string(kMigrateItems) + ": " + field + " is '" +
            (node.IsScalar() ? node.Scalar() : "not a number") + "'; it must be a number " + bound +
            (std::isinf(max) ? "" : " and at most " + std::to_string(static_cast<long>(max))));
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<YamlMigration> readMigration(const YAML::Mark& name_mark, const YAML::Node& request,
                                           YamlProblems& problems) {
  const std::size_t problems_before = problems.size();
  for (const auto& member : request) {
    const std::string& key = member.first.Scalar();
    if (std::ranges::find(kFields, key) == kFields.end()) {
      problems.add(member.first.Mark(), std::string(kMigrateItems) + ": unknown field '" + key +
                                            "' (allowed: " + listOf(kFields) + ")");
    }
  }
  YAML::Node scan_node = section(request, name_mark, "Scan", kScanFields, problems);
  YAML::Node update_node = section(request, name_mark, "Update", kUpdateFields, problems);
  YamlMigration migration;
  if (scan_node.IsMap()) {
    Json scan = Json::parse(toDynamoDbJson(scan_node, problems), nullptr, false);
    ScanRequest& request_out = migration.options.scan;
    request_out.table_name = text(scan, "TableName");
    request_out.index_name = text(scan, "IndexName");
    request_out.filter_expression = text(scan, "FilterExpression");
    request_out.projection_expression = text(scan, "ProjectionExpression");
    if (const Json* names = member(scan, "ExpressionAttributeNames")) {
      request_out.expression_attribute_names = names->get<ExpressionAttributeNames>();
    }
    if (const Json* values = member(scan, "ExpressionAttributeValues")) {
      request_out.expression_attribute_values = readItem(*values);
    }
    if (const Json* consistent = member(scan, "ConsistentRead")) {
      request_out.consistent_read = consistent->get<bool>();
    }
    if (member(scan, "Limit") != nullptr) request_out.limit = readInteger<int>(scan, "Limit");
    if (request_out.table_name.empty()) {
      problems.add(scan_node.Mark(), std::string(kMigrateItems) + ": Scan.TableName is missing");
    }
  }
  if (update_node.IsMap()) {
    Json update = Json::parse(toDynamoDbJson(update_node, problems), nullptr, false);
    migration.update.update_expression = text(update, "UpdateExpression");
    migration.update.condition_expression = text(update, "ConditionExpression");
    if (const Json* names = member(update, "ExpressionAttributeNames")) {
      migration.update.expression_attribute_names = names->get<ExpressionAttributeNames>();
    }
    if (const Json* values = member(update, "ExpressionAttributeValues")) {
      migration.update.expression_attribute_values = readItem(*values);
    }
    // A name the Scan defines serves the Update too (`#s` in both), as the SPEC's example has it;
    // only names the Update uses are added, since DynamoDB refuses unused ones.
    for (const auto& [name, attribute] : migration.options.scan.expression_attribute_names) {
      bool used = migration.update.update_expression.find(name) != std::string::npos ||
                  migration.update.condition_expression.find(name) != std::string::npos;
      if (used) migration.update.expression_attribute_names.try_emplace(name, attribute);
    }
    if (migration.update.update_expression.empty()) {
      problems.add(update_node.Mark(),
                   std::string(kMigrateItems) + ": Update.UpdateExpression is missing");
    }
  }
  if (auto segments = number(request, "Segments", 1, 1000000, false, problems)) {
    if (*segments != std::floor(*segments)) {
      problems.add(request["Segments"].Mark(),
                   std::string(kMigrateItems) + ": Segments must be a whole number");
    }
    migration.options.segments = static_cast<int>(*segments);
  }
  if (auto rate = number(request, "MaxItemsPerSecond", 0, INFINITY, false, problems)) {
    migration.options.max_items_per_second = *rate;
  }
  if (auto seconds = number(request, "CheckpointSeconds", 0, 86400, true, problems)) {
    migration.options.checkpoint_interval =
        std::chrono::milliseconds(static_cast<std::int64_t>(*seconds * 1000));
  }
  if (problems.size() != problems_before) return std::nullopt;
  return migration;
}

MigrationTotals runMigration(const YamlMigration& migration, ChangeContext& ctx) {
  return ItemMigration(migration.options).run(ctx, [&](const Item& item, MigrationWrites& out) {
    const Update& update = migration.update;
    out.update({.key = out.keyOf(item),
                .update_expression = update.update_expression,
                .condition_expression = update.condition_expression,
                .expression_attribute_names = update.expression_attribute_names,
                .expression_attribute_values = update.expression_attribute_values});
  });
}

}  // namespace flamingock::dynamodb::detail
