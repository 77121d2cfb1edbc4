#include "flamingock/dynamodb/target_system.h"

#include "dynamodb/store/shared_transactions.h"

namespace flamingock::dynamodb {

namespace detail {

bool canShareTransactions(const ClientConfig& first, const ClientConfig& second) {
  if (first.region != second.region || first.endpoint != second.endpoint) return false;
  // A transaction is one request signed by one principal: writes meant for another principal's
  // tables must not ride on it, even where both reach the same tables.
  if (first.credentials == second.credentials) return true;
  return first.credentials->credentials().access_key_id ==
         second.credentials->credentials().access_key_id;
}

}  // namespace detail

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
