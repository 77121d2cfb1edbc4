#include "flamingock/audit_store.h"

#include "flamingock/error.h"

namespace flamingock {

std::vector<AuditEntry> AuditStore::readHistoryForPlanning() { return readHistory(); }

ProgressStore* AuditStore::progressStore() { return nullptr; }

JobStore* AuditStore::jobStore() { return nullptr; }

std::optional<LockDescription> AuditStore::describeLock(const std::string& key) {
  throw ConfigurationError("this audit store cannot describe its lock (lock '" + key + "')");
}

bool AuditStore::forceReleaseLock(const LockDescription& seen) {
  throw ConfigurationError("this audit store cannot release a lock by force (lock '" + seen.key +
                           "')");
}

bool AuditStore::canCommitTransactionsOf(const TargetSystem&) const { return false; }

void AuditStore::commitTransaction(TargetTransaction&, const AuditEntry& entry, const Fence&) {
  throw ConfigurationError("this audit store cannot commit transactions (change '" +
                           entry.change_id + "', target system '" + entry.target_system_id + "')");
}

std::optional<std::string> AuditStore::transactionWarning(TargetTransaction&) {
  return std::nullopt;
}

StoreRole AuditStore::role() { return {}; }

void AuditStore::throwForeignTransaction(const AuditEntry& entry, std::string_view store) {
  throw ConfigurationError(std::string(store) + " cannot commit a transaction of target system '" +
                           entry.target_system_id + "' (change '" + entry.change_id + "')");
}

}  // namespace flamingock
