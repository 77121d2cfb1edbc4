#include "dynamodb/yaml/yaml_migration.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>

#include "dynamodb/client/json_codec.h"
#include "dynamodb/yaml/yaml_json.h"

namespace flamingock::dynamodb::detail {
namespace {

constexpr std::array<std::string_view, 8> kFields = {"Scan",
                                                     "Update",
                                                     "Segments",
                                                     "MaxItemsPerSecond",
                                                     "CheckpointSeconds",
                                                     "MaxFailedItems",
                                                     "MaxCapacityPercent",
                                                     "MaxWriteUnitsPerSecond"};
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

// The JSON of one section (Scan or Update) as written in YAML, to read its fields from.
struct Section {
  const char* name;
  const YAML::Node& yaml;
  Json json;
};

// Reads the field `name` of `section` with `read` when it is there; when `read` throws (a value
// of the wrong type), adds a problem at the field's line naming it and its value.
template <class Read>
void readWith(const Section& section, std::string_view name, Read read, YamlProblems& problems) {
  const Json* value = member(section.json, name);
  if (value == nullptr) return;
  try {
    read(*value);
  } catch (const std::exception& e) {
    problems.add(section.yaml[std::string(name)].Mark(),
                 std::string(kMigrateItems) + ": " + section.name + "." + std::string(name) +
                     " is " + value->dump() + ": " + std::string(withoutJsonPrefix(e.what())));
  }
}

template <class Value>
void readField(const Section& section, std::string_view name, Value& out, YamlProblems& problems) {
  readWith(
      section, name, [&](const Json& value) { out = value.get<Value>(); }, problems);
}

void readItemField(const Section& section, std::string_view name, Item& out,
                   YamlProblems& problems) {
  readWith(
      section, name, [&](const Json& value) { out = readItem(value); }, problems);
}

// `value` as short as it reads back, without an exponent: "0.001", "1000000".
std::string shortest(double value) {
  std::array<char, 320> text{};  // DBL_MAX has 309 digits
  auto [end, error] =
      std::to_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  return error == std::errc() ? std::string(text.data(), end) : std::to_string(value);
}

// A number at `field` within [min, max], or nullopt with a problem.
std::optional<double> number(const YAML::Node& request, const char* field, double min, double max,
                             YamlProblems& problems) {
  YAML::Node node = request[field];
  if (!node) return std::nullopt;
  double value = NAN;
  bool read = node.IsScalar() && YAML::convert<double>::decode(node, value);
  if (!read || !std::isfinite(value) || value < min || value > max) {
    problems.add(node.Mark(), std::string(kMigrateItems) + ": " + field + " is '" +
                                  (node.IsScalar() ? node.Scalar() : "not a number") +
                                  "'; it must be a number at least " + shortest(min) +
                                  (std::isinf(max) ? "" : " and at most " + shortest(max)));
    return std::nullopt;
  }
  return value;
}

// A whole number at `field` within [min, max], or nullopt with a problem.
std::optional<int> wholeNumber(const YAML::Node& request, const char* field, int min, int max,
                               YamlProblems& problems) {
  std::optional<double> value = number(request, field, min, max, problems);
  if (!value) return std::nullopt;
  if (*value != std::floor(*value)) {
    problems.add(request[field].Mark(),
                 std::string(kMigrateItems) + ": " + field + " must be a whole number");
  }
  return static_cast<int>(*value);
}

// Whether the text field `name` is absent or empty (a value of another type is reported by
// readWith).
bool missing(const Section& section, std::string_view name) {
  const Json* value = member(section.json, name);
  return value == nullptr || *value == "";
}

void readScan(const Section& section, ScanRequest& out, YamlProblems& problems) {
  readField(section, "TableName", out.table_name, problems);
  readField(section, "IndexName", out.index_name, problems);
  readField(section, "FilterExpression", out.filter_expression, problems);
  readField(section, "ProjectionExpression", out.projection_expression, problems);
  readField(section, "ExpressionAttributeNames", out.expression_attribute_names, problems);
  readItemField(section, "ExpressionAttributeValues", out.expression_attribute_values, problems);
  readField(section, "ConsistentRead", out.consistent_read, problems);
  readWith(
      section, "Limit",
      [&](const Json& value) {
        constexpr int kMax = std::numeric_limits<int>::max();
        if (!value.is_number_integer() || value < 1 || value > kMax) {
          throw CodecError("it must be a whole number from 1 to " + std::to_string(kMax));
        }
        out.limit = value.get<int>();
      },
      problems);
  if (missing(section, "TableName")) {
    problems.add(section.yaml.Mark(), std::string(kMigrateItems) + ": Scan.TableName is missing");
  }
}

void readUpdate(const Section& section, Update& out, YamlProblems& problems) {
  readField(section, "UpdateExpression", out.update_expression, problems);
  readField(section, "ConditionExpression", out.condition_expression, problems);
  readField(section, "ExpressionAttributeNames", out.expression_attribute_names, problems);
  readItemField(section, "ExpressionAttributeValues", out.expression_attribute_values, problems);
  if (missing(section, "UpdateExpression")) {
    problems.add(section.yaml.Mark(),
                 std::string(kMigrateItems) + ": Update.UpdateExpression is missing");
  }
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
    Section scan{"Scan", scan_node,
                 Json::parse(toDynamoDbJson(scan_node, problems), nullptr, false)};
    readScan(scan, migration.options.scan, problems);
  }
  if (update_node.IsMap()) {
    Section update{"Update", update_node,
                   Json::parse(toDynamoDbJson(update_node, problems), nullptr, false)};
    readUpdate(update, migration.update, problems);
    // A name the Scan defines serves the Update too (`#s` in both), as docs/yaml-reference.md's
    // example has it; only names the Update uses are added, since DynamoDB refuses unused ones.
    for (const auto& [name, attribute] : migration.options.scan.expression_attribute_names) {
      bool used = migration.update.update_expression.find(name) != std::string::npos ||
                  migration.update.condition_expression.find(name) != std::string::npos;
      if (used) migration.update.expression_attribute_names.try_emplace(name, attribute);
    }
  }
  if (auto segments = wholeNumber(request, "Segments", 1, 1000000, problems)) {
    migration.options.segments = *segments;
  }
  if (auto failed = wholeNumber(request, "MaxFailedItems", 0, kMaxFailedItems, problems)) {
    migration.options.max_failed_items = *failed;
  }
  if (auto percent = number(request, "MaxCapacityPercent", 0, 100, problems)) {
    migration.options.max_capacity_percent = *percent;
  }
  if (auto units = number(request, "MaxWriteUnitsPerSecond", 0, INFINITY, problems)) {
    migration.options.max_write_units_per_second = *units;
  }
  if (auto rate = number(request, "MaxItemsPerSecond", 0, INFINITY, problems)) {
    migration.options.max_items_per_second = *rate;
  }
  // ItemMigration takes whole milliseconds, at least one.
  if (auto seconds = number(request, "CheckpointSeconds", 0.001, 86400, problems)) {
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
