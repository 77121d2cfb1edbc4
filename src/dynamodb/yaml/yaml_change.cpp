#include "dynamodb/yaml/yaml_change.h"

#include <exception>
#include <type_traits>
#include <variant>

#include "flamingock/change_context.h"
#include "flamingock/dynamodb/target_system.h"
#include "flamingock/dynamodb/yaml_changes.h"

namespace flamingock::dynamodb::detail {
namespace {

// "createTable,putItem": the audit log's invokedMethod of a template.
std::string operationList(const std::vector<YamlOperation>& operations) {
  std::string names;
  for (const YamlOperation& operation : operations) {
    if (!names.empty()) names += ',';
    names += operation.name;
  }
  return names;
}

void addTo(DynamoDBTransaction& transaction, const TransactWriteItem& item) {
  std::visit(
      [&](const auto& action) {
        using Action = std::decay_t<decltype(action)>;
        if constexpr (std::is_same_v<Action, Put>) transaction.put(action);
        if constexpr (std::is_same_v<Action, Update>) transaction.update(action);
        if constexpr (std::is_same_v<Action, Delete>) transaction.remove(action);
        if constexpr (std::is_same_v<Action, ConditionCheck>) transaction.conditionCheck(action);
      },
      item);
}

}  // namespace

void YamlChange::apply(ChangeContext& ctx) { run(ctx, definition_.apply); }

void YamlChange::rollback(ChangeContext& ctx) {
  if (!definition_.rollback) return Change::rollback(ctx);
  run(ctx, *definition_.rollback);
}

void YamlChange::run(ChangeContext& ctx, const std::vector<YamlOperation>& operations) const {
  if (!definition_.info.transactional) return send(ctx, operations);
  auto& transaction = ctx.transaction<DynamoDBTransaction>();
  for (const YamlOperation& operation : operations) addTo(transaction, *operation.transact_item);
}

ChangeOrigin YamlChange::origin() const {
  return ChangeOrigin{
      .type = ChangeType::kStandardTemplate,
      .invoked_class = std::string(kYamlTemplateName),
      .apply_method = operationList(definition_.apply),
      .rollback_method = definition_.rollback ? operationList(*definition_.rollback) : "",
      .source_file = definition_.source_file,
  };
}

void YamlChange::send(ChangeContext& ctx, const std::vector<YamlOperation>& operations) const {
  const Client& client = ctx.target<DynamoDBTargetSystem>().client();
  for (const YamlOperation& operation : operations) {
    try {
      if (operation.migration) {
        runMigration(*operation.migration, ctx);
        continue;
      }
      client.invoke(operation.api_name, operation.request_json);
      // Until then the table refuses item writes and further table updates.
      if (operation.waits_for_active) client.waitForTableActive(operation.table_name);
    } catch (const std::exception& e) {
      // Which of several operations of the file failed is what the reader needs first.
      throw Error(definition_.source_file + ":" + std::to_string(operation.line) + ": " +
                  operation.name + " failed: " + e.what());
    }
  }
}

}  // namespace flamingock::dynamodb::detail
