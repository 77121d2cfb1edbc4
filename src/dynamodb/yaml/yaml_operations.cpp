#include "dynamodb/yaml/yaml_operations.h"

#include <algorithm>
#include <array>
#include <exception>
#include <string_view>
#include <vector>

#include "dynamodb/client/json_codec.h"
#include "dynamodb/yaml/yaml_json.h"

namespace flamingock::dynamodb::detail {
namespace {

struct OperationKind {
  std::string_view name;
  std::string_view api_name;
  bool sendable;       // allowed in OperationMode::kSent
  bool transactional;  // allowed in OperationMode::kTransactional
  bool waits_for_active;
  // Transactional only: the fields its TransactWriteItems action takes besides
  // kExpressionFields, and those it cannot do without.
  std::vector<std::string_view> own_transact_fields;
  std::vector<std::string_view> required_transact_fields;
};

// Fields that every TransactWriteItems action (Put, Update, Delete, ConditionCheck) takes.
constexpr std::array<std::string_view, 5> kExpressionFields = {
    "TableName", "ConditionExpression", "ExpressionAttributeNames", "ExpressionAttributeValues",
    "ReturnValuesOnConditionCheckFailure"};

const std::vector<OperationKind>& operationKinds() {
  static const std::vector<OperationKind> kinds = {
      {"createTable", "CreateTable", true, false, true, {}, {}},
      {"updateTable", "UpdateTable", true, false, true, {}, {}},
      {"deleteTable", "DeleteTable", true, false, false, {}, {}},
      {"putItem", "PutItem", true, true, false, {"Item"}, {"Item"}},
      {"updateItem",
       "UpdateItem",
       true,
       true,
       false,
       {"Key", "UpdateExpression"},
       {"Key", "UpdateExpression"}},
      {"deleteItem", "DeleteItem", true, true, false, {"Key"}, {"Key"}},
      {"updateTimeToLive", "UpdateTimeToLive", true, false, false, {}, {}},
      {kMigrateItems, "Scan", true, false, false, {}, {}},
      {"conditionCheck",
       "ConditionCheck",
       false,
       true,
       false,
       {"Key"},
       {"Key", "ConditionExpression"}},
  };
  return kinds;
}

bool allowedIn(const OperationKind& kind, OperationMode mode) {
  return mode == OperationMode::kSent ? kind.sendable : kind.transactional;
}

std::string namesAllowedIn(OperationMode mode) {
  std::string names;
  for (const OperationKind& kind : operationKinds()) {
    if (!allowedIn(kind, mode)) continue;
    if (!names.empty()) names += ", ";
    names += kind.name;
  }
  return names;
}

const OperationKind* findKind(std::string_view name) {
  auto found = std::ranges::find(operationKinds(), name, &OperationKind::name);
  return found == operationKinds().end() ? nullptr : &*found;
}

// Why `name` cannot be used in `mode`: it is unknown (kind is null) or belongs elsewhere.
std::string refusal(const std::string& name, const OperationKind* kind, OperationMode mode) {
  std::string why = "unknown operation '" + name + "'";
  if (kind != nullptr && mode == OperationMode::kTransactional) {
    why = "operation '" + name + "' is not allowed in a transactional change";
  } else if (kind != nullptr) {
    why = "operation '" + name + "' is allowed only in the apply of a transactional change";
  }
  return why + " (allowed: " + namesAllowedIn(mode) + ")";
}

bool takesTransactField(const OperationKind& kind, std::string_view field) {
  return std::ranges::find(kExpressionFields, field) != kExpressionFields.end() ||
         std::ranges::find(kind.own_transact_fields, field) != kind.own_transact_fields.end();
}

// TransactWriteItems takes fewer fields than the single-item operations (no ReturnValues, no
// ReturnConsumedCapacity per action): say so here rather than silently dropping them.
void checkTransactFields(const OperationKind& kind, const YAML::Node& request,
                         YamlProblems& problems) {
  for (const auto& member : request) {
    const std::string& field = member.first.Scalar();
    if (!takesTransactField(kind, field)) {
      problems.add(member.first.Mark(), "field '" + field + "' of " + std::string(kind.name) +
                                            " is not allowed in a transactional change");
    }
  }
  for (std::string_view field : kind.required_transact_fields) {
    if (!request[std::string(field)]) {
      problems.add(request.Mark(),
                   std::string(kind.name) + ": " + std::string(field) + " is missing");
    }
  }
}

// Calls `read` with the member `name` of `request` when it is there, naming the member in what
// it throws.
template <class Read>
void readMember(const Json& request, std::string_view name, Read read) {
  const Json* value = member(request, name);
  if (value == nullptr) return;
  try {
    read(*value);
  } catch (const std::exception& e) {
    throw CodecError(std::string(name) + ": " + std::string(withoutJsonPrefix(e.what())));
  }
}

ReturnValuesOnConditionCheckFailure readReturnValuesOnFailure(const Json& value) {
  const std::string text = value.get<std::string>();
  if (text == "ALL_OLD") return ReturnValuesOnConditionCheckFailure::kAllOld;
  if (text == "NONE") return ReturnValuesOnConditionCheckFailure::kNone;
  throw CodecError("expected ALL_OLD or NONE, not '" + text + "'");
}

template <class Action>
Action readAction(const Json& request) {
  Action action;
  readMember(request, "TableName",
             [&](const Json& v) { action.table_name = v.get<std::string>(); });
  readMember(request, "ConditionExpression",
             [&](const Json& v) { action.condition_expression = v.get<std::string>(); });
  readMember(request, "ExpressionAttributeNames", [&](const Json& v) {
    action.expression_attribute_names = v.get<ExpressionAttributeNames>();
  });
  readMember(request, "ExpressionAttributeValues",
             [&](const Json& v) { action.expression_attribute_values = readItem(v); });
  readMember(request, "ReturnValuesOnConditionCheckFailure", [&](const Json& v) {
    action.return_values_on_condition_check_failure = readReturnValuesOnFailure(v);
  });
  if constexpr (requires { action.item; }) {
    readMember(request, "Item", [&](const Json& v) { action.item = readItem(v); });
  } else {
    readMember(request, "Key", [&](const Json& v) { action.key = readItem(v); });
  }
  if constexpr (requires { action.update_expression; }) {
    readMember(request, "UpdateExpression",
               [&](const Json& v) { action.update_expression = v.get<std::string>(); });
  }
  return action;
}

TransactWriteItem toTransactItem(std::string_view api_name, const Json& request) {
  if (api_name == "PutItem") return readAction<Put>(request);
  if (api_name == "UpdateItem") return readAction<Update>(request);
  if (api_name == "DeleteItem") return readAction<Delete>(request);
  return readAction<ConditionCheck>(request);
}

std::optional<YamlOperation> readMigrateItems(const YAML::Mark& name_mark,
                                              const YAML::Node& request, YamlProblems& problems) {
  std::optional<YamlMigration> migration = readMigration(name_mark, request, problems);
  if (!migration) return std::nullopt;
  return YamlOperation{.name = kMigrateItems,
                       .api_name = "Scan",
                       .table_name = migration->options.scan.table_name,
                       .line = name_mark.line + 1,
                       .migration = std::move(migration)};
}

}  // namespace

std::optional<YamlOperation> readOperation(const YAML::Node& element, OperationMode mode,
                                           YamlProblems& problems) {
  if (!element.IsMap() || element.size() != 1) {
    problems.add(element.Mark(),
                 "an operation must be a mapping with one key, its name (`- putItem: {...}`)");
    return std::nullopt;
  }
  const auto entry = *element.begin();
  const YAML::Node& request = entry.second;
  const std::string& name = entry.first.Scalar();
  const OperationKind* kind = findKind(name);
  if (kind == nullptr || !allowedIn(*kind, mode)) {
    problems.add(entry.first.Mark(), refusal(name, kind, mode));
    return std::nullopt;
  }
  if (!request.IsMap()) {
    problems.add(entry.first.Mark(), name + " takes a mapping, the DynamoDB " +
                                         std::string(kind->api_name) + " request");
    return std::nullopt;
  }
  if (name == kMigrateItems) return readMigrateItems(entry.first.Mark(), request, problems);
  const std::size_t problems_before = problems.size();
  const YAML::Node table = request["TableName"];
  const bool has_table = table && table.IsScalar() && !table.Scalar().empty();
  if (!has_table) {
    problems.add(entry.first.Mark(), name + ": TableName is missing");
  }
  if (mode == OperationMode::kTransactional) checkTransactFields(*kind, request, problems);
  YamlOperation operation{.name = name,
                          .api_name = std::string(kind->api_name),
                          .table_name = has_table ? table.Scalar() : "",
                          .request_json = toDynamoDbJson(request, problems),
                          .waits_for_active = kind->waits_for_active,
                          .line = entry.first.Mark().line + 1};
  if (problems.size() != problems_before) return std::nullopt;
  if (mode == OperationMode::kTransactional) {
    try {
      operation.transact_item = toTransactItem(kind->api_name, Json::parse(operation.request_json));
    } catch (const std::exception& e) {
      problems.add(entry.first.Mark(), name + ": " + e.what());
      return std::nullopt;
    }
  }
  return operation;
}

}  // namespace flamingock::dynamodb::detail
