#include "flamingock/dynamodb/item_migration.h"

#include <cmath>

#include "dynamodb/migration/checkpoint_record.h"
#include "dynamodb/migration/migration_run.h"
#include "flamingock/dynamodb/retry_policy.h"
#include "flamingock/dynamodb/target_system.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb {
namespace {

// The checkpoint of `stored`; refuses to resume it with other options: its keys mean nothing to
// another scan.
detail::Checkpoint resumedCheckpoint(const ProgressRecord& stored,
                                     const ItemMigrationOptions& options,
                                     const std::string& change_id) {
  std::string hint =
      "; a resumed migration keeps the scan and segment count it started with (to start over, "
      "record the change rolled back with Runner::fix or Administration::fix)";
  detail::Checkpoint checkpoint = detail::checkpointOf(stored);
  if (checkpoint.totalSegments() != options.segments) {
    throw ConfigurationError("change '" + change_id + "' resumes a migration checkpointed with " +
                             std::to_string(checkpoint.totalSegments()) +
                             " segments, but asks for " + std::to_string(options.segments) + hint);
  }
  if (stored.subject != options.scan.table_name ||
      checkpoint.fingerprint() != detail::fingerprintOf(options.scan)) {
    throw ConfigurationError("change '" + change_id + "' resumes a migration of table '" +
                             stored.subject +
                             "' checkpointed with another scan than the one "
                             "of table '" +
                             options.scan.table_name + "' it asks for now" + hint);
  }
  return checkpoint;
}

}  // namespace

ItemMigration::ItemMigration(ItemMigrationOptions options) : options_(std::move(options)) {
  const ScanRequest& scan = options_.scan;
  if (scan.table_name.empty()) {
    throw ConfigurationError("ItemMigration: scan.table_name is empty: name the table to migrate");
  }
  if (options_.segments < 1 || options_.segments > detail::kMaxSegments) {
    throw ConfigurationError("ItemMigration of table '" + scan.table_name + "': segments is " +
                             std::to_string(options_.segments) + "; it must be 1 to 1000000");
  }
  if (!(options_.max_items_per_second >= 0) || std::isinf(options_.max_items_per_second)) {
    throw ConfigurationError("ItemMigration of table '" + scan.table_name +
                             "': max_items_per_second is " +
                             std::to_string(options_.max_items_per_second) +
                             "; it must be 0 (no limit) or a positive number");
  }
  if (options_.checkpoint_interval < std::chrono::milliseconds(1)) {
    throw ConfigurationError(
        "ItemMigration of table '" + scan.table_name + "': checkpoint_interval is " +
        std::to_string(options_.checkpoint_interval.count()) + " ms; it must be at least 1 ms");
  }
  if (!(options_.max_capacity_percent >= 0 && options_.max_capacity_percent <= 100)) {
    throw ConfigurationError("ItemMigration of table '" + scan.table_name +
                             "': max_capacity_percent is " +
                             std::to_string(options_.max_capacity_percent) +
                             "; it must be above 0 and at most 100, or 0 (no limit)");
  }
  if (!(options_.max_write_units_per_second >= 0) ||
      std::isinf(options_.max_write_units_per_second)) {
    throw ConfigurationError("ItemMigration of table '" + scan.table_name +
                             "': max_write_units_per_second is " +
                             std::to_string(options_.max_write_units_per_second) +
                             "; it must be 0 (no limit) or a positive number");
  }
  if (options_.max_failed_items < 0 || options_.max_failed_items > kMaxFailedItems) {
    throw ConfigurationError("ItemMigration of table '" + scan.table_name +
                             "': max_failed_items is " + std::to_string(options_.max_failed_items) +
                             "; it must be 0 to " + std::to_string(kMaxFailedItems));
  }
  if (!scan.exclusive_start_key.empty() || scan.segment || scan.total_segments) {
    throw ConfigurationError("ItemMigration of table '" + scan.table_name +
                             "': the scan sets exclusive_start_key, segment or total_segments; "
                             "leave them empty (the migration sets them from its checkpoints)");
  }
}

MigrationTotals ItemMigration::run(ChangeContext& ctx, const Callback& callback) const {
  const std::string& change_id = ctx.change().id;
  // First: the n-th call of an apply is the n-th migration whatever became of the earlier ones.
  ProgressKey key{change_id, ctx.phase(), ctx.startMigration()};
  if (!callback) {
    throw ConfigurationError("ItemMigration of change '" + change_id + "': the callback is empty");
  }
  if (ctx.inTransaction()) {
    throw ConfigurationError("change '" + change_id +
                             "' is transactional, but an ItemMigration writes outside any "
                             "transaction: declare the change non-transactional");
  }
  ChangeProgress& progress = ctx.progress();
  JobDefinition job = jobDefinition();
  if (JobRegistrar* registrar = progress.jobRegistrar()) {
    registrar->registerJob(job);
    return {};
  }
  JobParts* parts = progress.jobParts();
  if (parts != nullptr) {
    if (!parts->accepts(job)) return {};
    try {
      return runOn(ctx, callback, key, parts);
    } catch (const LockLostError&) {
      throw;
    } catch (const std::exception& e) {
      // A later pass of a worker may succeed where this one met the network's failure.
      if (isRetryable(e)) throw WorkInterruptedError(e.what());
      throw;
    }
  }
  if (options_.max_failed_items > 0) {
    throw ConfigurationError("ItemMigration of change '" + change_id + "': max_failed_items is " +
                             std::to_string(options_.max_failed_items) +
                             ", but only a background change's job quarantines failed items; "
                             "make the change a background one, or leave max_failed_items 0");
  }
  MigrationTotals totals = runOn(ctx, callback, key, nullptr);
  progress.recordInAppliedEntry("migration.table", options_.scan.table_name);
  progress.recordInAppliedEntry("migration.scanned", std::to_string(totals.scanned));
  progress.recordInAppliedEntry("migration.written", std::to_string(totals.written));
  progress.recordInAppliedEntry("migration.skipped", std::to_string(totals.skipped));
  progress.recordInAppliedEntry("migration.failed", std::to_string(totals.failed));
  return totals;
}

MigrationTotals ItemMigration::runOn(ChangeContext& ctx, const Callback& callback,
                                     const ProgressKey& key, JobParts* parts) const {
  ChangeProgress& progress = ctx.progress();
  std::optional<ProgressRecord> stored = parts != nullptr ? std::nullopt : progress.resumable(key);
  const Client& data = ctx.target<DynamoDBTargetSystem>().client();
  TableDescription table = data.describeTable({options_.scan.table_name}).table;
  detail::Checkpoint start =
      stored ? resumedCheckpoint(*stored, options_, key.change_id)
             : detail::Checkpoint(detail::fingerprintOf(options_.scan), options_.segments);
  return detail::runMigration({options_, callback, data, table, progress, key, std::move(start),
                               detail::startThread, parts});
}

JobDefinition ItemMigration::jobDefinition() const {
  // A part's owner saves at every checkpoint interval: several missed in a row mean it is gone.
  constexpr int kSilentCheckpoints = 6;
  constexpr std::chrono::milliseconds kMinLease{2000};
  return {.subject = options_.scan.table_name,
          .total_parts = options_.segments,
          .fingerprint = detail::fingerprintOf(options_.scan),
          .lease = std::max(kMinLease, options_.checkpoint_interval * kSilentCheckpoints),
          .applied_metadata = {{"migration.table", options_.scan.table_name}}};
}

}  // namespace flamingock::dynamodb
