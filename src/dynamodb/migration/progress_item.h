// A migration's checkpoint as the lock table's progress item, both ways; and reading and writing
// it, fenced by the run's lock. Its key, `progress#<changeId>#<phase>#<index>` (which Flamingock
// Java never reads), names the migration: the change, the phase (`apply` or `rollback`) and its
// index among the migrations that phase started; the item names the chain of attempts it
// belongs to (attempt_chain.h).
#pragma once

#include <optional>
#include <string>

#include "dynamodb/migration/checkpoint.h"
#include "flamingock/change_context.h"
#include "flamingock/dynamodb/client.h"
#include "flamingock/lock.h"

namespace flamingock::dynamodb::detail {

// Which migration a progress item is of.
struct MigrationId {
  std::string change_id;
  ChangePhase phase = ChangePhase::kApply;
  int index = 0;  // among the migrations of the phase, in the order they started
};

// What the progress item says besides the checkpoint.
struct ProgressRecord {
  MigrationId migration;
  std::string attempt_chain;  // AttemptChain::id when written; empty in items written before it
  std::string table_name;
  std::string runner_id;   // who wrote it last
  std::string updated_at;  // ISO-8601, by the writer's wall clock
  Checkpoint checkpoint;
};

// partitionKey of the progress item of `migration`.
std::string progressKey(const MigrationId& migration);
// What the keys of the progress items of `change_id` start with; of every change when empty.
std::string progressKeyPrefix(const std::string& change_id = "");

Item toProgressItem(const ProgressRecord& record);
// Throws Error naming the attribute when the item is not a progress item.
ProgressRecord fromProgressItem(const Item& item);

// The progress item of one migration in one lock table.
class ProgressStore {
 public:
  ProgressStore(Client client, std::string lock_table, MigrationId migration);

  // The stored progress (a consistent read); none when the change has none.
  std::optional<ProgressRecord> load() const;
  // Writes `record` if, atomically with the write, `fence` holds; throws LockLostError naming the
  // lock otherwise (and writes nothing).
  void save(const ProgressRecord& record, const Fence& fence) const;

 private:
  Client client_;
  std::string lock_table_;
  MigrationId migration_;
};

}  // namespace flamingock::dynamodb::detail
