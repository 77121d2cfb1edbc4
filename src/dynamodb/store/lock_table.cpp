#include "flamingock/dynamodb/lock_table.h"

#include "dynamodb/store/lock_item.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb {

LockTable::LockTable(Client client, std::string table_name)
    : client_(std::move(client)), table_name_(std::move(table_name)) {
  if (table_name_.empty()) throw ConfigurationError("the lock table name must not be empty");
}

std::optional<LockRecord> LockTable::read(const std::string& key) const {
  if (key.empty()) throw ConfigurationError("the lock key must not be empty");
  return detail::readLock(client_, table_name_, key);
}

bool LockTable::forceRelease(const LockRecord& observed) const {
  return detail::forceReleaseLock(client_, table_name_, observed);
}

}  // namespace flamingock::dynamodb
