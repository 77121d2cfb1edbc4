#include "flamingock/dynamodb/audit_store.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <variant>

#include "dynamodb/store/audit_item.h"
#include "dynamodb/store/dynamodb_lock.h"
#include "dynamodb/store/fenced_write.h"
#include "dynamodb/store/region_role.h"
#include "dynamodb/store/shared_transactions.h"
#include "dynamodb/store/store_schema.h"
#include "dynamodb/store/table_setup.h"
#include "dynamodb/store/transaction_size.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb {
namespace {

constexpr std::size_t kMaxTransactionActions = 100;  // DynamoDB's limit on TransactWriteItems
// A commit's own actions besides the change's writes: the check that its FAILED entry is absent,
// the audit Put and the lock check.
constexpr std::size_t kCommitActions = 3;

// A ClientRequestToken (at most 36 characters) for writing `entry` to `options`' tables: the same
// write retried gets the same token, so DynamoDB applies it once. Tokens are account-wide, hence
// the tables and the writer in it.
std::string requestToken(char kind, const AuditStoreOptions& options, const AuditEntry& entry) {
  std::string identity = options.audit_table_name + '#' + options.lock_table_name + '#' +
                         entry.partitionKey() + '#' + entry.runner_id + '#' +
                         formatCreatedAt(entry.created_at);
  std::string reversed(identity.rbegin(), identity.rend());
  return kind + checksumOf(identity) + checksumOf(reversed);
}

// A Scan page reads at most 1 MB of items: a log of n MB read by n segments at once takes about
// one page's time instead of n. Capped: each segment is a thread and a connection.
int scanSegmentsFor(std::int64_t table_size_bytes) {
  constexpr std::int64_t kPageBytes = 1 << 20;
  constexpr std::int64_t kMaxSegments = 8;
  return static_cast<int>(
      std::clamp<std::int64_t>((table_size_bytes + kPageBytes - 1) / kPageBytes, 1, kMaxSegments));
}

// Every item `scan` reads, decoded; none when the table does not exist.
std::vector<AuditEntry> scanEntries(const Client& client, ScanRequest scan, int segments,
                                    AuditEntry (*decode)(const Item&)) {
  std::vector<AuditEntry> entries;
  try {
    client.parallelScanAll(std::move(scan), segments, [&](ItemPage& page) {
      for (const Item& item : page.items) entries.push_back(decode(item));
    });
  } catch (const DynamoDBError& e) {
    if (e.code() != ErrorCode::kResourceNotFound) throw;
    return {};
  }
  return entries;
}

}  // namespace

void DynamoDBAuditStore::initialize() {
  checkTableNames();
  global_targets_->clear();
  detail::RoleFinder roles(client_.config().region, detail::homeRegionOf(options_.home_region));
  for (const std::string* table : {&options_.audit_table_name, &options_.lock_table_name}) {
    TableDescription described =
        detail::ensureTable(client_, {.table_name = *table,
                                      .auto_create = options_.auto_create,
                                      .billing_mode = options_.billing_mode,
                                      .read_capacity_units = options_.read_capacity_units,
                                      .write_capacity_units = options_.write_capacity_units});
    // Before the next table is created: a refusal writes nothing.
    roles.add(described);
    if (table == &options_.audit_table_name) {
      audit_scan_segments_.count = scanSegmentsFor(described.table_size_bytes);
    }
  }
  known_role_->set(roles.role());
}

StoreRole DynamoDBAuditStore::role() {
  if (std::optional<StoreRole> known = known_role_->get()) return *known;
  checkTableNames();
  detail::RoleFinder roles(client_.config().region, detail::homeRegionOf(options_.home_region));
  for (const std::string* table : {&options_.audit_table_name, &options_.lock_table_name}) {
    try {
      roles.add(client_.describeTable({.table_name = *table}).table);
    } catch (const DynamoDBError& e) {
      if (e.code() != ErrorCode::kResourceNotFound) throw;
    }
  }
  known_role_->set(roles.role());
  return roles.role();
}

void DynamoDBAuditStore::refuseInFollowerRegion(const std::string& what) {
  StoreRole here = role();
  if (std::optional<std::string> home = here.writesElsewhere()) {
    throw ConfigurationError("refusing " + what + " in Region " + here.here + ": the tables '" +
                             options_.audit_table_name + "' and '" + options_.lock_table_name +
                             "' are global tables whose writes are made in the home Region " +
                             *home + " only (a lock taken here would not hold there); run it in " +
                             *home);
  }
}

std::vector<AuditEntry> DynamoDBAuditStore::readHistory() {
  checkTableNames();
  return scanEntries(client_, {.table_name = options_.audit_table_name, .consistent_read = true},
                     audit_scan_segments_.count, &detail::fromAuditItem);
}

std::vector<AuditEntry> DynamoDBAuditStore::readHistoryForPlanning() {
  checkTableNames();
  ScanRequest scan{.table_name = options_.audit_table_name, .consistent_read = true};
  detail::projectForPlanning(scan);
  return scanEntries(client_, std::move(scan), audit_scan_segments_.count,
                     &detail::fromPlanningItem);
}

void DynamoDBAuditStore::append(const AuditEntry& entry, const Fence& fence) {
  std::string key = entry.partitionKey();
  detail::FencedWrite(client_, options_, entry, fence)
      .send({}, requestToken('A', options_, entry), "audit entry '" + key + "'");
}

bool DynamoDBAuditStore::appendUnlessExists(const AuditEntry& entry, const std::string& absent_key,
                                            const Fence& fence) {
  std::string key = entry.partitionKey();
  return detail::FencedWrite(client_, options_, entry, fence)
      .send({}, requestToken('A', options_, entry),
            "audit entry '" + key + "' (unless '" + absent_key + "' exists)", absent_key);
}

bool DynamoDBAuditStore::canCommitTransactionsOf(const TargetSystem& target) const {
  const auto* dynamodb = dynamic_cast<const DynamoDBTargetSystem*>(&target);
  return dynamodb != nullptr &&
         detail::canShareTransactions(dynamodb->client().config(), client_.config());
}

void DynamoDBAuditStore::commitTransaction(TargetTransaction& transaction, const AuditEntry& entry,
                                           const Fence& fence) {
  auto& writes = transactionAs<DynamoDBTransaction>(transaction, entry, "DynamoDBAuditStore");
  std::size_t actions = writes.items().size() + kCommitActions;
  if (actions > kMaxTransactionActions) {
    throw Error("change '" + entry.change_id + "' adds " + std::to_string(writes.items().size()) +
                " writes to its transaction: with its audit entry and the checks of its FAILED "
                "entry and the lock that is " +
                std::to_string(actions) + " actions, more than DynamoDB's " +
                std::to_string(kMaxTransactionActions));
  }
  std::size_t bytes = detail::transactionSize(writes.items());
  if (bytes > detail::kMaxTransactionBytes) {
    throw Error("change '" + entry.change_id + "' writes " + std::to_string(bytes) +
                " bytes in its transaction, more than DynamoDB's " +
                std::to_string(detail::kMaxTransactionBytes) + " for one TransactWriteItems");
  }
  // An attempt of this commit may still be in flight (its answer lost, later attempts told
  // TransactionInProgress) when the engine, told that nothing committed, records FAILED. The
  // commit lands only while that FAILED entry is absent, and FAILED is written only while this
  // APPLIED entry is absent: whichever lands first, the other never does.
  AuditEntry failed = entry;
  failed.state = AuditState::kFailed;
  std::string subject = "the transaction of change '" + entry.change_id + "'";
  if (!detail::FencedWrite(client_, options_, entry, fence)
           .send(writes.items(), requestToken('T', options_, entry), subject,
                 failed.partitionKey())) {
    throw Error("did not commit " + subject + ": its FAILED entry '" + failed.partitionKey() +
                "' of the same execution exists");
  }
}

std::optional<std::string> DynamoDBAuditStore::transactionWarning(TargetTransaction& transaction) {
  auto* writes = dynamic_cast<DynamoDBTransaction*>(&transaction);
  if (writes == nullptr) return std::nullopt;
  std::vector<std::string> tables;
  for (const TransactWriteItem& item : writes->items()) {
    std::string table = std::visit([](const auto& action) { return action.table_name; }, item);
    if (std::find(tables.begin(), tables.end(), table) == tables.end()) tables.push_back(table);
  }
  return global_targets_->warningFor(client_, tables);
}

std::unique_ptr<Lock> DynamoDBAuditStore::createLock(const LockOptions& options,
                                                     const std::string& owner,
                                                     std::shared_ptr<Clock> clock) {
  checkTableNames();
  refuseInFollowerRegion("to take lock '" + options.key + "'");
  return std::make_unique<detail::DynamoDBLock>(client_, options_.lock_table_name, options, owner,
                                                std::move(clock));
}

LockTable DynamoDBAuditStore::lockTable() const {
  checkTableNames();
  return LockTable(client_, options_.lock_table_name);
}

std::optional<LockDescription> DynamoDBAuditStore::describeLock(const std::string& key) {
  std::optional<LockRecord> lock = lockTable().read(key);
  if (!lock) return std::nullopt;
  return LockDescription{.key = lock->key,
                         .owner = lock->owner,
                         .status = lock->status,
                         .expires_at = lock->expires_at,
                         .acquired_at = lock->acquired_at,
                         .lease_duration = lock->lease_duration,
                         .version = lock->record_version_number};
}

bool DynamoDBAuditStore::forceReleaseLock(const LockDescription& seen) {
  refuseInFollowerRegion("to release lock '" + seen.key + "'");
  return lockTable().forceRelease(
      {.key = seen.key,
       .owner = seen.owner,
       .status = seen.status,
       .record_version_number = seen.version,
       .expires_at = seen.expires_at.value_or(std::chrono::system_clock::time_point{}),
       .acquired_at = seen.acquired_at,
       .lease_duration = seen.lease_duration});
}

}  // namespace flamingock::dynamodb
