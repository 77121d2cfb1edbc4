#include "flamingock/dynamodb/item_migration.h"

#include <cmath>

#include "dynamodb/migration/attempt_chain.h"
#include "dynamodb/migration/migration_run.h"
#include "flamingock/dynamodb/lock_table.h"
#include "flamingock/dynamodb/target_system.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb {
namespace {

constexpr int kMaxSegments = 1000000;

// Refuses to resume `stored` with other options: its keys mean nothing to another scan.
void checkResumable(const detail::ProgressRecord& stored, const ItemMigrationOptions& options,
                    const std::string& change_id) {
  std::string hint =
      "; a resumed migration keeps the scan and segment count it started with (to "
      "start over, mark the change rolled back: flamingock audit fix " +
      change_id + " --resolution rolled-back)";
  const detail::Checkpoint& checkpoint = stored.checkpoint;
  if (checkpoint.totalSegments() != options.segments) {
    throw ConfigurationError("change '" + change_id + "' resumes a migration checkpointed with " +
                             std::to_string(checkpoint.totalSegments()) +
                             " segments, but asks for " + std::to_string(options.segments) + hint);
  }
  if (stored.table_name != options.scan.table_name ||
      checkpoint.fingerprint() != detail::fingerprintOf(options.scan)) {
    throw ConfigurationError("change '" + change_id + "' resumes a migration of table '" +
                             stored.table_name +
                             "' checkpointed with another scan than the one "
                             "of table '" +
                             options.scan.table_name + "' it asks for now" + hint);
  }
}

}  // namespace

ItemMigration::ItemMigration(ItemMigrationOptions options) : options_(std::move(options)) {
  const ScanRequest& scan = options_.scan;
  if (scan.table_name.empty()) {
    throw ConfigurationError("ItemMigration: scan.table_name is empty: name the table to migrate");
  }
  if (options_.segments < 1 || options_.segments > kMaxSegments) {
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
  if (!scan.exclusive_start_key.empty() || scan.segment || scan.total_segments) {
    throw ConfigurationError("ItemMigration of table '" + scan.table_name +
                             "': the scan sets exclusive_start_key, segment or total_segments; "
                             "leave them empty (the migration sets them from its checkpoints)");
  }
}

MigrationTotals ItemMigration::run(ChangeContext& ctx, const Callback& callback) const {
  const std::string& change_id = ctx.change().id;
  // First: the n-th call of an apply is the n-th migration whatever became of the earlier ones.
  detail::MigrationId migration{change_id, ctx.phase(), ctx.startMigration()};
  if (!callback) {
    throw ConfigurationError("ItemMigration of change '" + change_id + "': the callback is empty");
  }
  if (ctx.inTransaction()) {
    throw ConfigurationError("change '" + change_id +
                             "' is transactional, but an ItemMigration writes outside any "
                             "transaction: declare the change non-transactional");
  }
  const ChangeRun& run = ctx.run();
  // The checkpoints are fenced by the run's lock, so they live beside it, in the store's lock
  // table: the store says whether it has one (a store not on DynamoDB has none).
  std::shared_ptr<const LockTable> locks =
      run.store != nullptr ? run.store->dynamoDBLockTable() : nullptr;
  if (locks == nullptr || run.lock == nullptr) {
    throw ConfigurationError(
        "ItemMigration of change '" + change_id +
        "' needs a DynamoDBAuditStore: its checkpoints live in the lock table");
  }
  const Client& data = ctx.target<DynamoDBTargetSystem>().client();
  TableDescription table = data.describeTable({options_.scan.table_name}).table;
  detail::ProgressStore progress(locks->client(), locks->tableName(), migration);

  // The attempt's own STARTED entry is in the log: an open chain is this attempt's. A closed one
  // (the rollback of an attempt that just failed) has nothing to resume, and is only recorded.
  detail::AttemptChain chain = detail::attemptChainOf(run.store->readHistory(), change_id);
  detail::ProgressRecord start{
      migration,
      chain.id.empty() ? ctx.executionId() : chain.id,
      options_.scan.table_name,
      run.lock->fence().owner,
      "",
      detail::Checkpoint(detail::fingerprintOf(options_.scan), options_.segments)};
  if (std::optional<detail::ProgressRecord> stored = progress.load();
      stored && chain.open && stored->attempt_chain == chain.id) {
    checkResumable(*stored, options_, change_id);
    start.checkpoint = std::move(stored->checkpoint);
  }
  MigrationTotals totals =
      detail::runMigration({options_, callback, data, table, progress, std::move(start), run});
  if (run.applied_metadata != nullptr && ctx.phase() == ChangePhase::kApply) {
    Metadata& recorded = *run.applied_metadata;
    recorded["migration.table"] = options_.scan.table_name;
    recorded["migration.scanned"] = std::to_string(totals.scanned);
    recorded["migration.written"] = std::to_string(totals.written);
    recorded["migration.skipped"] = std::to_string(totals.skipped);
    recorded["migration.failed"] = std::to_string(totals.failed);
  }
  return totals;
}

}  // namespace flamingock::dynamodb
