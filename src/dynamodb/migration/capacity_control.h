// Keeps a migration's consumed capacity under a share of its table's
// (docs/operations.md#steering-a- migration): its requests ask for ReturnConsumedCapacity TOTAL,
// and the units each consumed are taken from a token bucket of read units and one of write units a
// second; a segment waits as long as it borrowed before it sends more.
#pragma once

#include <mutex>
#include <optional>

#include "dynamodb/migration/rate_control.h"
#include "flamingock/dynamodb/item_migration.h"
#include "flamingock/dynamodb/table_model.h"

namespace flamingock::dynamodb::detail {

// Capacity units a second; 0: no limit.
struct CapacityBudget {
  double read_units = 0;
  double write_units = 0;
  bool limits() const { return read_units > 0 || write_units > 0; }
};

// What `options` allow on `table`: max_capacity_percent of its provisioned read and write units;
// on an on-demand table, max_write_units_per_second for writes and no limit on reads.
CapacityBudget budgetOf(const ItemMigrationOptions& options, const TableDescription& table);

// Thread-safe.
class CapacityControl {
 public:
  CapacityControl(CapacityBudget budget, Clock& clock);

  // Whether requests must report their consumed capacity.
  bool limits() const { return budget_.limits(); }
  // A request consumed these units: waits (clock.sleepFor) while the budget is overdrawn.
  void consumedRead(double units);
  void consumedWrite(double units);
  // From now on this worker has `share` (0 to 1) of the budget: its part of the fleet's.
  void setShare(double share);

 private:
  void consume(std::optional<TokenBucket>& bucket, double units);

  CapacityBudget budget_;
  Clock& clock_;
  std::mutex mutex_;
  std::optional<TokenBucket> read_;   // none: no limit
  std::optional<TokenBucket> write_;  // none: no limit
};

}  // namespace flamingock::dynamodb::detail
