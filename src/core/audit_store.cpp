#include "flamingock/audit_store.h"

#include "flamingock/error.h"

namespace flamingock {

std::vector<AuditEntry> AuditStore::readHistoryForPlanning() { return readHistory(); }

std::shared_ptr<const dynamodb::LockTable> AuditStore::dynamoDBLockTable() const { return nullptr; }

bool AuditStore::canCommitTransactionsOf(const TargetSystem&) const { return false; }

void AuditStore::commitTransaction(TargetTransaction&, const AuditEntry& entry, const Fence&) {
  throw ConfigurationError("this audit store cannot commit transactions (change '" +
                           entry.change_id + "', target system '" + entry.target_system_id + "')");
}

}  // namespace flamingock
