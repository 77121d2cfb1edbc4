// A data migration over a large table (README.md#data-migrations): scan every item, in parallel
// segments, and let a callback rewrite it; checkpointed, resumable, throttled, with progress.
//
//   void apply(flamingock::ChangeContext& ctx) override {   // recovery = kAlwaysRetry: resumes
//     using namespace flamingock::dynamodb;
//     ItemMigration migration({
//         .scan = {.table_name = "orders", .filter_expression = "attribute_not_exists(#s)",
//                  .expression_attribute_names = {{"#s", "status"}}},
//         .segments = 8,
//         .max_items_per_second = 2000,
//         .checkpoint_interval = std::chrono::seconds(5)});
//     migration.run(ctx, [](const Item& item, MigrationWrites& out) {
//       out.update({.key = out.keyOf(item),
//                   .update_expression = "SET #s = :new",
//                   .condition_expression = "attribute_not_exists(#s)",  // harmless when repeated
//                   .expression_attribute_names = {{"#s", "status"}},
//                   .expression_attribute_values = {{":new", AttributeValue::string("NEW")}}});
//     });
//   }
//
// Each segment is a paginated Scan (Segment/TotalSegments) on its own thread and connection; one
// page at a time is held, so memory stays flat whatever the table's size. Every
// `checkpoint_interval`, the last page of each segment whose writes were all acknowledged is
// saved as the migration's progress record through `ctx.progress()` (change_progress.h), fenced by
// the run's lock like an audit write: the migrations of a change's apply and rollback, in the
// order they start, each have their own; the DynamoDBAuditStore keeps it as an item of the lock
// table (`progress#<changeId>#<phase>#<index>`, docs/tables.md#migration-progress-items). When the
// change runs again after a crash or a lost lock (it was left STARTED and its recovery is
// kAlwaysRetry), each segment continues from the checkpoint of that unfinished chain of attempts,
// and finished segments do not run again; once an attempt ended (APPLIED, FAILED, ROLLED_BACK,
// ROLLBACK_FAILED, a manual mark) the next starts afresh, storing its empty checkpoint before its
// first segment. Up to one checkpoint interval of pages may be repeated: per-item writes must be
// harmless when repeated (a condition, as above). A rollback may migrate too, in a run after a
// failure or in `undo`.
//
// In a background change (ChangeInfo::background) the run only registers the migration as the
// change's job (its table, segments and scan's fingerprint) and goes on; the fleet's workers then
// run it, each segment a part of the job that one worker claims at a time, up to 4 per worker,
// checkpointed in the part (docs/operations.md#background-migrations).
#pragma once

#include <chrono>
#include <functional>

#include "flamingock/change_context.h"
#include "flamingock/dynamodb/attribute_value.h"
#include "flamingock/dynamodb/item_model.h"
#include "flamingock/dynamodb/query_model.h"
#include "flamingock/dynamodb/table_model.h"
#include "flamingock/progress_store.h"

namespace flamingock::dynamodb {

namespace detail {
class SegmentWriter;
}  // namespace detail

// The most ItemMigrationOptions::max_failed_items may be: each failed item is an item of the lock
// table.
inline constexpr int kMaxFailedItems = 10000;

struct ItemMigrationOptions {
  // Which table and items: table, index, filter, projection, consistent reads, page limit (unset:
  // 250 items a page, so that each segment holds little in memory). Its exclusive_start_key,
  // segment and total_segments must be left empty: the migration sets them.
  ScanRequest scan{};
  int segments = 1;                 // parallel Scan segments, 1 to 1,000,000
  double max_items_per_second = 0;  // items read, all segments together; 0: no limit
  std::chrono::milliseconds checkpoint_interval = std::chrono::seconds(5);  // at least 1 ms
  // A background change's job only (docs/operations.md#steering-a-migration): how many items may
  // fail for a reason no retry cures (a ValidationException on its update, an item too large, the
  // callback's exception) and be quarantined while the job goes on, 0 to 10,000; one more fails
  // the job at once. 0: the first such failure fails the change.
  int max_failed_items = 0;
  // Keeps the migration's consumed read and write units (ReturnConsumedCapacity TOTAL on its
  // scans and writes) under this percentage of the table's provisioned capacity (DescribeTable),
  // above 0 and at most 100; 0: no such limit. A background job's fleet shares it.
  double max_capacity_percent = 0;
  // The same for a table billed on demand, which has no provisioned capacity: write units a
  // second, all segments (a job: the fleet) together; 0: no limit.
  double max_write_units_per_second = 0;
};

// What a migration did over all its attempts (scanned: items the Scan read; failed: items whose
// callback threw); recorded in the APPLIED entry's metadata.
using MigrationTotals = ItemCounts;

// The writes the callback asks for, for the item it was given. Used from the callback's thread.
class MigrationWrites {
 public:
  // Sends the UpdateItem now (an empty table_name is the scanned table) and returns true once it
  // was acknowledged, false when its condition refused it: the item was already migrated, which
  // counts as skipped. Throws ConfigurationError naming the key when update_expression is empty.
  bool update(UpdateItemRequest request);
  // Puts `item` into the scanned table, in a BatchWriteItem with others (unprocessed items are
  // resubmitted); acknowledged before the page is checkpointed.
  void put(Item item);
  // Deletes the item with `key` from the scanned table, batched like put().
  void remove(Item key);
  // The key attributes of `item` in the scanned table.
  Item keyOf(const Item& item) const;

 private:
  friend class detail::SegmentWriter;
  explicit MigrationWrites(detail::SegmentWriter& writer) : writer_(writer) {}
  detail::SegmentWriter& writer_;
};

class ItemMigration {
 public:
  // Called once for each item scanned, from the segments' threads at once: it must be safe to
  // call concurrently. What it throws fails the change, naming the item's key.
  using Callback = std::function<void(const Item& item, MigrationWrites& writes)>;

  // Throws ConfigurationError naming the bad value: no table, segments below 1 or above
  // 1,000,000, a negative or non-finite rate, a checkpoint interval below 1 ms, a scan that sets
  // exclusive_start_key, segment or total_segments.
  explicit ItemMigration(ItemMigrationOptions options);

  // Runs the migration in `ctx`'s change on its DynamoDB target system, resuming from its
  // checkpoint when an earlier attempt of the same chain was left unfinished, and returns the
  // totals. Each call with one context is another migration (the index in its key).
  // Throws ConfigurationError when the checkpoint was made with another scan or segment count or
  // the run's audit store keeps no progress (AuditStore::progressStore()),
  // LockLostError when the run's lock is lost (within one page), Error naming the item's key
  // when the callback throws or a write is refused (after a final checkpoint of what was done).
  // Throttling answers slow the segments down and never fail the migration.
  MigrationTotals run(ChangeContext& ctx, const Callback& callback) const;

  const ItemMigrationOptions& options() const { return options_; }

 private:
  // Runs the segments: those left in the change's checkpoint, or the parts a worker claims.
  MigrationTotals runOn(ChangeContext& ctx, const Callback& callback, const ProgressKey& key,
                        JobParts* parts) const;
  // The migration as a background change's job.
  JobDefinition jobDefinition() const;

  ItemMigrationOptions options_;
};

}  // namespace flamingock::dynamodb
