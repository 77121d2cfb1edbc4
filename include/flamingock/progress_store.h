// Where long-running work keeps its progress, under the run's lock: the store's side of a
// change's `ChangeProgress` (change_progress.h). An audit store offers it through
// `AuditStore::progressStore()`; the engine reads and writes it for the change, and tools list it
// to show how far each piece of work has come (docs/architecture.md#long-running-changes).
//
//   if (ProgressStore* progress = store.progressStore()) {
//     for (const ProgressRecord& record : progress->list("backfill-orders")) {
//       std::cout << record.subject << ": " << record.parts_done << "/" << record.total_parts;
//     }
//   }
//
// Contract for implementations:
// - Every method may be called from several threads at once; copies of a store share its records.
// - A read is consistent: a write acknowledged before it is seen.
// - `write` is fenced like an audit append (audit_store.h): it writes only if, at the moment of the
//   write and atomically with it, the lock `fence.lock_key` is owned by `fence.owner`; otherwise it
//   writes nothing and throws LockLostError naming key and owner.
// - A record replaces the one of the same key; records are never deleted by the engine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flamingock/change.h"
#include "flamingock/lock.h"

namespace flamingock {

// Which piece of work a record is of: a change, the phase that started it and its index among the
// pieces that phase started (ChangeContext::startMigration), so two never share one.
struct ProgressKey {
  std::string change_id{};
  ChangePhase phase = ChangePhase::kApply;
  int index = 0;
  friend bool operator==(const ProgressKey&, const ProgressKey&) = default;
};

// What work over items did.
struct ItemCounts {
  std::int64_t scanned = 0;  // items read
  std::int64_t written = 0;  // writes acknowledged
  std::int64_t skipped = 0;  // conditional writes refused: the item was already done
  std::int64_t failed = 0;   // items whose processing threw
  friend bool operator==(const ItemCounts&, const ItemCounts&) = default;
};

// The progress of one piece of work. The generic members let tools show the progress of any work
// without knowing it; `state` is the worker's own.
struct ProgressRecord {
  ProgressKey key{};
  // The execution id that began the chain of attempts the record belongs to
  // (docs/exactly-once.md#data-migrations-which-checkpoint-is-resumed); empty in records written
  // before chains existed, which belong to none.
  std::string attempt_chain{};
  std::string runner_id{};   // who wrote it last
  std::string updated_at{};  // ISO-8601, by the writer's clock
  std::string subject{};     // what the work goes over (a migration: its table)
  int parts_done = 0;        // parts finished (a migration: segments)
  int total_parts = 0;
  ItemCounts totals{};
  bool complete = false;  // every part finished
  // The worker's resume state: a JSON object whose members are typed values ({"S":"text"},
  // {"N":"8"}, {"M":{...}}, {"L":[...]}, {"BOOL":true}); stores keep it as given. "{}" or empty:
  // none.
  std::string state{};
};

class ProgressStore {
 public:
  virtual ~ProgressStore() = default;

  // The record of `key`; none when there is none.
  virtual std::optional<ProgressRecord> read(const ProgressKey& key) = 0;

  // Writes `record` (replacing the one of its key) if `fence` holds (see the contract above).
  // Throws Error naming the member when `state` is not a JSON object of typed values.
  virtual void write(const ProgressRecord& record, const Fence& fence) = 0;

  // Every record, of `change_id` only when given, in no particular order. A store never
  // initialised lists none.
  virtual std::vector<ProgressRecord> list(const std::string& change_id = "") = 0;
};

}  // namespace flamingock
