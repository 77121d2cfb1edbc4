// The lock table's administration (docs/operations.md#a-lock-is-stuck): reading a key's lock item,
// and clearing one left by a runner that died. Runs take the lock through `AuditStore::createLock`,
// not through this.
//
//   dynamodb::LockTable locks = auditStore.lockTable();   // or LockTable(client, "flamingockLock")
//   if (std::optional<dynamodb::LockRecord> lock = locks.read("DEFAULT_KEY")) {
//     std::cout << "held by " << lock->owner << "\n";
//     locks.forceRelease(*lock);   // only once its owner is known to be gone
//   }
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "flamingock/dynamodb/client.h"

namespace flamingock::dynamodb {

// The lock item of one key, as stored.
struct LockRecord {
  std::string key;
  std::string owner;                                 // the runner id of the holder
  std::string status;                                // "LOCK_HELD"
  std::string record_version_number;                 // empty for an item written by Flamingock Java
  std::chrono::system_clock::time_point expires_at;  // by the holder's wall clock
  std::optional<std::chrono::system_clock::time_point> acquired_at;
  std::optional<std::chrono::milliseconds> lease_duration;
};

// One lock table through one client. Copies share the client's connections; every method may be
// called from several threads at once.
class LockTable {
 public:
  // Throws ConfigurationError when `table_name` is empty.
  LockTable(Client client, std::string table_name);

  const std::string& tableName() const { return table_name_; }
  // The client it reads and writes with, for other items kept in the table (a migration's
  // progress, see item_migration.h).
  const Client& client() const { return client_; }

  // The lock item of `key` (a consistent read), or none when the lock is free. Throws
  // ConfigurationError when `key` is empty.
  std::optional<LockRecord> read(const std::string& key) const;

  // Deletes the lock item of `observed.key` if it is still exactly `observed` (same owner and
  // version), whoever holds it: for a person clearing a lock left by a dead runner. Returns false
  // when the lock changed meanwhile (or is gone) and nothing was deleted.
  bool forceRelease(const LockRecord& observed) const;

 private:
  Client client_;
  std::string table_name_;
};

}  // namespace flamingock::dynamodb
