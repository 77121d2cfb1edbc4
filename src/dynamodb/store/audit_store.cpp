#include "flamingock/dynamodb/audit_store.h"

#include <algorithm>
#include <string>

#include "dynamodb/store/audit_item.h"
#include "dynamodb/store/dynamodb_lock.h"
#include "dynamodb/store/lock_item.h"
#include "dynamodb/store/shared_transactions.h"
#include "dynamodb/store/store_schema.h"
#include "dynamodb/store/table_setup.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb {
namespace {

constexpr std::size_t kMaxTransactionActions = 100;  // DynamoDB's limit on TransactWriteItems
constexpr char kNotWrittenYet[] = "attribute_not_exists(partitionKey)";
constexpr char kConditionalCheckFailed[] = "ConditionalCheckFailed";

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

// "#2 (Put) ConditionalCheckFailed: ..." for each action that was refused.
std::string describeReasons(const std::vector<CancellationReason>& reasons) {
  std::string text;
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    if (reasons[i].code == "None") continue;
    if (!text.empty()) text += "; ";
    text += "action " + std::to_string(i + 1) + ": " + reasons[i].code;
    if (!reasons[i].message.empty()) text += " (" + reasons[i].message + ")";
  }
  return text.empty() ? "no reason given" : text;
}

// Every item `scan` reads, decoded; none when the table does not exist.
std::vector<AuditEntry> scanEntries(const Client& client, ScanRequest scan,
                                    AuditEntry (*decode)(const Item&)) {
  std::vector<AuditEntry> entries;
  try {
    client.scanAll(std::move(scan), [&](ItemPage& page) {
      for (const Item& item : page.items) entries.push_back(decode(item));
    });
  } catch (const DynamoDBError& e) {
    if (e.code() != ErrorCode::kResourceNotFound) throw;
    return {};
  }
  return entries;
}

}  // namespace

namespace detail {

// Sends audit writes: one TransactWriteItems holding an audit Put (at `audit_index`) and, last,
// the fence's ConditionCheck; resolves retried requests by reading the audit item.
class FencedWrite {
 public:
  FencedWrite(const Client& client, const AuditStoreOptions& options, const AuditEntry& entry,
              const Fence& fence)
      : client_(client), options_(options), entry_(entry), fence_(fence) {}

  void send(std::vector<TransactWriteItem> actions, std::string token, const std::string& subject) {
    std::size_t audit_index = actions.size();
    actions.push_back(Put{.table_name = options_.audit_table_name,
                          .item = toAuditItem(entry_),
                          .condition_expression = kNotWrittenYet});
    actions.push_back(ConditionCheck{
        .table_name = options_.lock_table_name,
        .key = lockItemKey(fence_.lock_key),
        .condition_expression = "lockOwner = :owner",
        .expression_attribute_values = {{":owner", AttributeValue::string(fence_.owner)}}});
    try {
      client_.transactWriteItems(
          {.transact_items = std::move(actions), .client_request_token = std::move(token)});
    } catch (const DynamoDBError& e) {
      if (e.code() != ErrorCode::kTransactionCanceled) {
        if (alreadyWritten()) return;
        throw Error("could not write " + subject + ": " + e.what());
      }
      const auto& reasons = e.cancellationReasons();
      bool audit_refused =
          reasons.size() > audit_index && reasons[audit_index].code == kConditionalCheckFailed;
      // An earlier attempt of this request committed: the audit item is there, and ours.
      if (audit_refused && alreadyWritten()) return;
      if (!reasons.empty() && reasons.back().code == kConditionalCheckFailed) {
        throw LockLostError("lock '" + fence_.lock_key + "' in table '" + options_.lock_table_name +
                            "' is no longer held by '" + fence_.owner + "': refused to write " +
                            subject);
      }
      throw Error("could not write " + subject +
                  ": transaction cancelled: " + describeReasons(reasons));
    } catch (const NetworkError&) {
      if (alreadyWritten()) return;
      throw;
    }
  }

 private:
  bool alreadyWritten() const {
    GetItemResult got =
        client_.getItem({.table_name = options_.audit_table_name,
                         .key = {{kPartitionKey, AttributeValue::string(entry_.partitionKey())}},
                         .consistent_read = true});
    if (!got.item) return false;
    auto runner = got.item->find("runnerId");
    return runner != got.item->end() && runner->second.isString() &&
           runner->second.asString() == entry_.runner_id;
  }

  const Client& client_;
  const AuditStoreOptions& options_;
  const AuditEntry& entry_;
  const Fence& fence_;
};

}  // namespace detail

void DynamoDBAuditStore::initialize() {
  checkTableNames();
  for (const std::string* table : {&options_.audit_table_name, &options_.lock_table_name}) {
    detail::ensureTable(client_, {.table_name = *table,
                                  .auto_create = options_.auto_create,
                                  .billing_mode = options_.billing_mode,
                                  .read_capacity_units = options_.read_capacity_units,
                                  .write_capacity_units = options_.write_capacity_units});
  }
}

std::vector<AuditEntry> DynamoDBAuditStore::readHistory() {
  checkTableNames();
  return scanEntries(client_, {.table_name = options_.audit_table_name, .consistent_read = true},
                     &detail::fromAuditItem);
}

std::vector<AuditEntry> DynamoDBAuditStore::readHistoryForPlanning() {
  checkTableNames();
  ScanRequest scan{.table_name = options_.audit_table_name, .consistent_read = true};
  detail::projectForPlanning(scan);
  return scanEntries(client_, std::move(scan), &detail::fromPlanningItem);
}

void DynamoDBAuditStore::append(const AuditEntry& entry, const Fence& fence) {
  std::string key = entry.partitionKey();
  detail::FencedWrite(client_, options_, entry, fence)
      .send({}, requestToken('A', options_, entry), "audit entry '" + key + "'");
}

bool DynamoDBAuditStore::canCommitTransactionsOf(const TargetSystem& target) const {
  const auto* dynamodb = dynamic_cast<const DynamoDBTargetSystem*>(&target);
  return dynamodb != nullptr &&
         detail::canShareTransactions(dynamodb->client().config(), client_.config());
}

void DynamoDBAuditStore::commitTransaction(TargetTransaction& transaction, const AuditEntry& entry,
                                           const Fence& fence) {
  auto* writes = dynamic_cast<DynamoDBTransaction*>(&transaction);
  if (writes == nullptr) {
    throw ConfigurationError("DynamoDBAuditStore cannot commit a transaction of target system '" +
                             entry.target_system_id + "' (change '" + entry.change_id + "')");
  }
  std::size_t actions = writes->items().size() + 2;
  if (actions > kMaxTransactionActions) {
    throw Error("change '" + entry.change_id + "' adds " + std::to_string(writes->items().size()) +
                " writes to its transaction: with its audit entry and lock check that is " +
                std::to_string(actions) + " actions, more than DynamoDB's " +
                std::to_string(kMaxTransactionActions));
  }
  detail::FencedWrite(client_, options_, entry, fence)
      .send(writes->items(), requestToken('T', options_, entry),
            "the transaction of change '" + entry.change_id + "'");
}

std::unique_ptr<Lock> DynamoDBAuditStore::createLock(const LockOptions& options,
                                                     const std::string& owner,
                                                     std::shared_ptr<Clock> clock) {
  checkTableNames();
  return std::make_unique<detail::DynamoDBLock>(client_, options_.lock_table_name, options, owner,
                                                std::move(clock));
}

std::optional<LockRecord> DynamoDBAuditStore::readLock(const std::string& key) const {
  checkTableNames();
  GetItemResult got = client_.getItem({.table_name = options_.lock_table_name,
                                       .key = detail::lockItemKey(key),
                                       .consistent_read = true});
  if (!got.item) return std::nullopt;
  return detail::fromLockItem(*got.item);
}

bool DynamoDBAuditStore::forceReleaseLock(const LockRecord& observed) const {
  DeleteItemRequest request{.table_name = options_.lock_table_name,
                            .key = detail::lockItemKey(observed.key)};
  request.expression_attribute_values = {{":owner", AttributeValue::string(observed.owner)}};
  if (observed.record_version_number.empty()) {
    request.condition_expression = "lockOwner = :owner AND expiresAt = :expires";
    request.expression_attribute_values.emplace(
        ":expires", AttributeValue::number(std::chrono::duration_cast<std::chrono::milliseconds>(
                                               observed.expires_at.time_since_epoch())
                                               .count()));
  } else {
    request.condition_expression = "lockOwner = :owner AND recordVersionNumber = :version";
    request.expression_attribute_values.emplace(
        ":version", AttributeValue::string(observed.record_version_number));
  }
  try {
    client_.deleteItem(request);
    return true;
  } catch (const DynamoDBError& e) {
    if (e.code() != ErrorCode::kConditionalCheckFailed) throw;
    return false;
  }
}

}  // namespace flamingock::dynamodb
