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

DynamoDBTransaction& DynamoDBTransaction::put(Put put) { return add(std::move(put)); }

DynamoDBTransaction& DynamoDBTransaction::update(Update update) { return add(std::move(update)); }

DynamoDBTransaction& DynamoDBTransaction::remove(Delete remove) { return add(std::move(remove)); }

DynamoDBTransaction& DynamoDBTransaction::conditionCheck(ConditionCheck check) {
  return add(std::move(check));
}

DynamoDBTransaction& DynamoDBTransaction::add(TransactWriteItem item) {
  items_.push_back(std::move(item));
  return *this;
}

DynamoDBTargetSystem::DynamoDBTargetSystem(std::string id, Client client)
    : TargetSystem(std::move(id)), client_(std::move(client)) {}

std::unique_ptr<TargetTransaction> DynamoDBTargetSystem::beginTransaction() {
  return std::make_unique<DynamoDBTransaction>();
}

}  // namespace flamingock::dynamodb
