// A migration's checkpoint as the lock table's progress item (key `progress#<changeId>`, which
// Flamingock Java never reads), both ways; and reading and writing it, fenced by the run's lock.
#pragma once

#include <optional>
#include <string>

#include "dynamodb/migration/checkpoint.h"
#include "flamingock/dynamodb/client.h"
#include "flamingock/lock.h"

namespace flamingock::dynamodb::detail {

// What the progress item says besides the checkpoint.
struct ProgressRecord {
  std::string change_id;
  std::string table_name;
  std::string runner_id;   // who wrote it last
  std::string updated_at;  // ISO-8601, by the writer's wall clock
  Checkpoint checkpoint;
};

// partitionKey of the progress item of `change_id`.
std::string progressKey(const std::string& change_id);

Item toProgressItem(const ProgressRecord& record);
// Throws Error naming the attribute when the item is not a progress item.
ProgressRecord fromProgressItem(const Item& item);

// The progress item of one change in one lock table.
class ProgressStore {
 public:
  ProgressStore(Client client, std::string lock_table, std::string change_id);

  // The stored progress (a consistent read); none when the change has none.
  std::optional<ProgressRecord> load() const;
  // Writes `record` if, atomically with the write, `fence` holds; throws LockLostError naming the
  // lock otherwise (and writes nothing).
  void save(const ProgressRecord& record, const Fence& fence) const;

 private:
  Client client_;
  std::string lock_table_;
  std::string change_id_;
};

}  // namespace flamingock::dynamodb::detail
