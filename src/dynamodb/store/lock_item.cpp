#include "dynamodb/store/lock_item.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "dynamodb/store/store_schema.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

constexpr char kKey[] = "key";
constexpr char kStatus[] = "status";
constexpr char kAcquiredAt[] = "acquiredAt";
constexpr char kLockHeld[] = "LOCK_HELD";

AttributeValue epochMillis(system_clock::time_point time) {
  return AttributeValue::number(
      std::chrono::duration_cast<milliseconds>(time.time_since_epoch()).count());
}

const AttributeValue* find(const Item& item, const char* name) {
  auto found = item.find(name);
  return found == item.end() ? nullptr : &found->second;
}

}  // namespace

Item lockItemKey(const std::string& key) { return {{kPartitionKey, AttributeValue::string(key)}}; }

ConditionCheck fenceCheck(const std::string& lock_table, const Fence& fence) {
  return {.table_name = lock_table,
          .key = lockItemKey(fence.lock_key),
          .condition_expression = "lockOwner = :owner",
          .expression_attribute_values = {{":owner", AttributeValue::string(fence.owner)}}};
}

Item toLockItem(const LockRecord& record) {
  return {
      {kPartitionKey, AttributeValue::string(record.key)},
      {kKey, AttributeValue::string(record.key)},
      {kStatus, AttributeValue::string(record.status.empty() ? kLockHeld : record.status)},
      {kLockOwner, AttributeValue::string(record.owner)},
      {kExpiresAt, epochMillis(record.expires_at)},
      {kRecordVersionNumber, AttributeValue::string(record.record_version_number)},
      {kLeaseDurationMs, AttributeValue::number(record.lease_duration.value().count())},
      {kAcquiredAt, epochMillis(record.acquired_at.value())},
  };
}

LockRecord fromLockItem(const Item& item) {
  LockRecord record;
  const AttributeValue* key = find(item, kPartitionKey);
  record.key = key != nullptr && key->isString() ? key->asString() : "";
  auto fail = [&](const char* attribute) {
    return Error("lock item '" + record.key + "' has no readable '" + attribute + "'");
  };
  const AttributeValue* owner = find(item, kLockOwner);
  if (owner == nullptr || !owner->isString()) throw fail(kLockOwner);
  record.owner = owner->asString();
  const AttributeValue* expires = find(item, kExpiresAt);
  if (expires == nullptr || !expires->isNumber()) throw fail(kExpiresAt);
  try {
    record.expires_at = system_clock::time_point(milliseconds(expires->asInt64()));
    if (const AttributeValue* lease = find(item, kLeaseDurationMs); lease && lease->isNumber()) {
      record.lease_duration = milliseconds(lease->asInt64());
    }
    if (const AttributeValue* acquired = find(item, kAcquiredAt);
        acquired && acquired->isNumber()) {
      record.acquired_at = system_clock::time_point(milliseconds(acquired->asInt64()));
    }
  } catch (const Error& e) {
    throw Error("lock item '" + record.key + "' has a number that is not whole: " + e.what());
  }
  if (const AttributeValue* status = find(item, kStatus); status && status->isString()) {
    record.status = status->asString();
  }
  if (const AttributeValue* version = find(item, kRecordVersionNumber);
      version && version->isString()) {
    record.record_version_number = version->asString();
  }
  return record;
}

std::string leaseVersion(const LockRecord& record) {
  if (!record.record_version_number.empty()) return record.record_version_number;
  auto expires =
      std::chrono::duration_cast<milliseconds>(record.expires_at.time_since_epoch()).count();
  return "expiresAt:" + std::to_string(expires);
}

milliseconds leaseToHonour(const LockRecord& record, milliseconds our_lease,
                           system_clock::time_point now) {
  if (record.lease_duration) return *record.lease_duration;
  auto promised = std::chrono::ceil<milliseconds>(record.expires_at - now);
  return std::max({our_lease, kFlamingockDefaultLease, promised});
}

std::optional<LockRecord> readLock(const Client& client, const std::string& table,
                                   const std::string& key) {
  GetItemResult got =
      client.getItem({.table_name = table, .key = lockItemKey(key), .consistent_read = true});
  if (!got.item) return std::nullopt;
  return fromLockItem(*got.item);
}

bool forceReleaseLock(const Client& client, const std::string& table, const LockRecord& observed) {
  DeleteItemRequest request{.table_name = table, .key = lockItemKey(observed.key)};
  request.expression_attribute_values = {{":owner", AttributeValue::string(observed.owner)}};
  if (observed.record_version_number.empty()) {
    request.condition_expression = "lockOwner = :owner AND expiresAt = :expires";
    request.expression_attribute_values.emplace(":expires", epochMillis(observed.expires_at));
  } else {
    request.condition_expression = "lockOwner = :owner AND recordVersionNumber = :version";
    request.expression_attribute_values.emplace(
        ":version", AttributeValue::string(observed.record_version_number));
  }
  try {
    client.deleteItem(request);
    return true;
  } catch (const DynamoDBError& e) {
    if (e.code() != ErrorCode::kConditionalCheckFailed) throw;
  }
  // Refused: gone (maybe by our own first attempt) means released; another lease means not.
  return !readLock(client, table, observed.key).has_value();
}

std::string newRecordVersionNumber() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  char text[33];
  std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(engine()),
                static_cast<unsigned long long>(engine()));
  return text;
}

}  // namespace flamingock::dynamodb::detail
