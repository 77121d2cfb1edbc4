#include "dynamodb/migration/progress_item.h"

#include "dynamodb/store/lock_item.h"
#include "dynamodb/store/store_schema.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

constexpr char kProgressPrefix[] = "progress#";

const AttributeValue& required(const Item& item, const std::string& name) {
  auto found = item.find(name);
  if (found == item.end()) {
    throw Error("migration progress item has no attribute '" + name + "'");
  }
  return found->second;
}

Item toCounts(const MigrationTotals& counts) {
  return {{"scanned", AttributeValue::number(counts.scanned)},
          {"written", AttributeValue::number(counts.written)},
          {"skipped", AttributeValue::number(counts.skipped)},
          {"failed", AttributeValue::number(counts.failed)}};
}

// An optional string attribute: items written before it existed have none.
std::string optionalString(const Item& item, const std::string& name) {
  auto found = item.find(name);
  return found == item.end() ? "" : found->second.asString();
}

ChangePhase phaseOf(const Item& item) {
  std::string phase = optionalString(item, "phase");
  if (phase.empty() || phase == toString(ChangePhase::kApply)) return ChangePhase::kApply;
  if (phase == toString(ChangePhase::kRollback)) return ChangePhase::kRollback;
  throw Error("migration progress item has phase '" + phase + "' (not apply or rollback)");
}

MigrationTotals fromCounts(const Item& counts) {
  return {required(counts, "scanned").asInt64(), required(counts, "written").asInt64(),
          required(counts, "skipped").asInt64(), required(counts, "failed").asInt64()};
}

}  // namespace

std::string progressKey(const MigrationId& migration) {
  return progressKeyPrefix(migration.change_id) + toString(migration.phase) + "#" +
         std::to_string(migration.index);
}

std::string progressKeyPrefix(const std::string& change_id) {
  return change_id.empty() ? kProgressPrefix : kProgressPrefix + change_id + "#";
}

Item toProgressItem(const ProgressRecord& record) {
  const Checkpoint& checkpoint = record.checkpoint;
  AttributeValue::List in_progress;
  for (const auto& [segment, position] : checkpoint.inProgress()) {
    Item entry = toCounts(position.counts);
    entry.emplace("segment", AttributeValue::number(segment));
    entry.emplace("lastKey", AttributeValue::map(position.last_key));
    in_progress.push_back(AttributeValue::map(std::move(entry)));
  }
  const MigrationId& migration = record.migration;
  Item item{{kPartitionKey, AttributeValue::string(progressKey(migration))},
            {"changeId", AttributeValue::string(migration.change_id)},
            {"phase", AttributeValue::string(toString(migration.phase))},
            {"migrationIndex", AttributeValue::number(migration.index)},
            {"attemptChain", AttributeValue::string(record.attempt_chain)},
            {"tableName", AttributeValue::string(record.table_name)},
            {"scanFingerprint", AttributeValue::string(checkpoint.fingerprint())},
            {"totalSegments", AttributeValue::number(checkpoint.totalSegments())},
            {"segmentsDone", AttributeValue::number(checkpoint.segmentsDone())},
            {"finished", AttributeValue::map(toCounts(checkpoint.finishedCounts()))},
            {"inProgress", AttributeValue::list(std::move(in_progress))},
            {"totals", AttributeValue::map(toCounts(checkpoint.totals()))},
            {"complete", AttributeValue::boolean(checkpoint.complete())},
            {"runnerId", AttributeValue::string(record.runner_id)},
            {"updatedAt", AttributeValue::string(record.updated_at)}};
  // An empty string is refused in older servers' items: no finished segment, no attribute.
  std::string done = checkpoint.doneRanges();
  if (!done.empty()) item.emplace("doneSegments", AttributeValue::string(std::move(done)));
  return item;
}

ProgressRecord fromProgressItem(const Item& item) {
  auto total = required(item, "totalSegments").asInt64();
  if (total < 1 || total > 1000000) {
    throw Error("migration progress item has totalSegments " + std::to_string(total));
  }
  Checkpoint checkpoint(required(item, "scanFingerprint").asString(), static_cast<int>(total));
  auto done = item.find("doneSegments");
  checkpoint.restoreDone(done == item.end() ? "" : done->second.asString(),
                         fromCounts(required(item, "finished").asMap()));
  for (const AttributeValue& value : required(item, "inProgress").asList()) {
    const Item& entry = value.asMap();
    checkpoint.restoreInProgress(static_cast<int>(required(entry, "segment").asInt64()),
                                 {required(entry, "lastKey").asMap(), fromCounts(entry)});
  }
  auto index = item.find("migrationIndex");
  return {{required(item, "changeId").asString(), phaseOf(item),
           index == item.end() ? 0 : static_cast<int>(index->second.asInt64())},
          optionalString(item, "attemptChain"),
          required(item, "tableName").asString(),
          required(item, "runnerId").asString(),
          required(item, "updatedAt").asString(),
          std::move(checkpoint)};
}

ProgressStore::ProgressStore(Client client, std::string lock_table, MigrationId migration)
    : client_(std::move(client)),
      lock_table_(std::move(lock_table)),
      migration_(std::move(migration)) {}

std::optional<ProgressRecord> ProgressStore::load() const {
  GetItemResult got = client_.getItem({.table_name = lock_table_,
                                       .key = lockItemKey(progressKey(migration_)),
                                       .consistent_read = true});
  if (!got.item) return std::nullopt;
  return fromProgressItem(*got.item);
}

void ProgressStore::save(const ProgressRecord& record, const Fence& fence) const {
  try {
    client_.transactWriteItems({.transact_items = {
                                    Put{.table_name = lock_table_, .item = toProgressItem(record)},
                                    fenceCheck(lock_table_, fence),
                                }});
  } catch (const DynamoDBError& e) {
    const auto& reasons = e.cancellationReasons();
    if (e.code() == ErrorCode::kTransactionCanceled && reasons.size() == 2 &&
        reasons[1].code == "ConditionalCheckFailed") {
      throw LockLostError("lock '" + fence.lock_key + "' in table '" + lock_table_ +
                          "' is no longer held by '" + fence.owner +
                          "': refused to checkpoint the migration of change '" +
                          migration_.change_id + "'");
    }
    throw;
  }
}

}  // namespace flamingock::dynamodb::detail
