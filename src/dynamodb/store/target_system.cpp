#include "flamingock/dynamodb/target_system.h"

namespace flamingock::dynamodb {

DynamoDBTransaction& DynamoDBTransaction::put(Put put) {
  items_.emplace_back(std::move(put));
  return *this;
}

DynamoDBTransaction& DynamoDBTransaction::update(Update update) {
  items_.emplace_back(std::move(update));
  return *this;
}

DynamoDBTransaction& DynamoDBTransaction::remove(Delete remove) {
  items_.emplace_back(std::move(remove));
  return *this;
}

DynamoDBTransaction& DynamoDBTransaction::conditionCheck(ConditionCheck check) {
  items_.emplace_back(std::move(check));
  return *this;
}

DynamoDBTargetSystem::DynamoDBTargetSystem(std::string id, Client client)
    : TargetSystem(std::move(id)), client_(std::move(client)) {}

std::unique_ptr<TargetTransaction> DynamoDBTargetSystem::beginTransaction() {
  return std::make_unique<DynamoDBTransaction>();
}

}  // namespace flamingock::dynamodb
