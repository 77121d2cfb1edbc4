// DynamoDBAuditStore's ProgressStore: one item per progress record in the lock table, beside the
// lock that fences it (docs/tables.md#migration-progress-items). Its key,
// `progress#<changeId>#<phase>#<index>` (which Flamingock Java never reads), names the record;
// the generic members are attributes of their own, and the members of the record's state are the
// item's other attributes.
//
//   ProgressTable progress(client, "flamingockLock");
//   progress.write(record, lock.fence());
//   std::vector<ProgressRecord> all = progress.list();
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flamingock/dynamodb/client.h"
#include "flamingock/progress_store.h"

namespace flamingock::dynamodb::detail {

// partitionKey of the progress item of `key`.
std::string progressKey(const ProgressKey& key);

// {scanned, written, skipped, failed} as numbers, as progress items keep counts, both ways.
// Reading throws Error naming a missing count.
Item toCountsItem(const ItemCounts& counts);
ItemCounts fromCountsItem(const Item& counts);

// Throws Error naming the state member when the state is not a JSON object of typed values, or
// names one of the generic attributes.
Item toProgressItem(const ProgressRecord& record);
// Throws Error naming the attribute when the item is not a progress item. Items written before
// phases, indexes and chains existed read as the apply's first, of no chain.
ProgressRecord fromProgressItem(const Item& item);

// The progress items of one lock table. Copies share the client's connections; thread-safe.
class ProgressTable : public ProgressStore {
 public:
  ProgressTable(Client client, std::string lock_table);

  // A consistent GetItem.
  std::optional<ProgressRecord> read(const ProgressKey& key) override;
  // A TransactWriteItems of the item and the fence's lock check.
  void write(const ProgressRecord& record, const Fence& fence) override;
  // A consistent Scan of the items keyed `progress#`; empty when the table does not exist.
  std::vector<ProgressRecord> list(const std::string& change_id = "") override;

 private:
  Client client_;
  std::string lock_table_;
};

}  // namespace flamingock::dynamodb::detail
