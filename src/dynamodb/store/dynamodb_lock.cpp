#include "dynamodb/store/dynamodb_lock.h"

#include <algorithm>

#include "core/lock_wait.h"
#include "core/validation.h"
#include "dynamodb/store/lock_item.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

using std::chrono::milliseconds;

constexpr char kFreeOrOurs[] = "attribute_not_exists(partitionKey) OR lockOwner = :me";
constexpr char kSameVersion[] = "recordVersionNumber = :seen";
// A lease written by Flamingock Java has no recordVersionNumber: its expiresAt versions it.
constexpr char kSameUnversionedLease[] =
    "attribute_not_exists(recordVersionNumber) AND expiresAt = :seen";
constexpr char kOursAtVersion[] = "lockOwner = :me AND recordVersionNumber = :version";

bool isConditionalFailure(const DynamoDBError& error) {
  return error.code() == ErrorCode::kConditionalCheckFailed;
}

}  // namespace

DynamoDBLock::DynamoDBLock(Client client, std::string table, LockOptions options, std::string owner,
                           std::shared_ptr<Clock> clock)
    : client_(std::move(client)),
      table_(std::move(table)),
      options_(std::move(options)),
      owner_(std::move(owner)),
      clock_(std::move(clock)) {
  flamingock::detail::validateLockOptions(options_);
}

DynamoDBLock::~DynamoDBLock() { release(); }

void DynamoDBLock::acquire() {
  acquireWhile([] { return true; });
}

bool DynamoDBLock::acquireWhile(const std::function<bool()>& still_needed) {
  using Outcome = flamingock::detail::LockWait::Outcome;
  if (isHeld()) return true;
  // A lease lost earlier leaves its heartbeat thread finished but not joined.
  stopHeartbeat();
  flamingock::detail::LockWait wait(*clock_, options_, still_needed);
  // The other owner's lease as first seen, since when (our monotonic time) and for how long it
  // is honoured.
  std::optional<std::string> seen_version;
  std::chrono::steady_clock::time_point seen_since;
  milliseconds seen_lease{};
  std::optional<LockRecord> current = read();
  while (true) {
    // Only a change of hands can have ended the need (the holder applied the pending changes).
    auto holder = current ? std::optional(current->owner) : std::nullopt;
    if (wait.sawHolder(holder) == Outcome::kNoLongerNeeded) return false;
    if (!current || current->owner == owner_) {
      WriteOutcome outcome = putLease(std::nullopt);
      if (outcome.written) return true;
      current = std::move(outcome.current);
      continue;
    }
    auto now = clock_->monotonicNow();
    if (seen_version != leaseVersion(*current)) {
      seen_version = leaseVersion(*current);
      seen_since = now;
      seen_lease = leaseToHonour(*current, options_.lease_duration, clock_->wallNow());
    } else if (now - seen_since >= seen_lease) {
      WriteOutcome outcome = putLease(current);
      if (outcome.written) return true;
      current = std::move(outcome.current);
      continue;
    }
    if (wait.pause() == Outcome::kTimedOut) giveUp(*current);
    current = read();
  }
}

std::optional<LockRecord> DynamoDBLock::read() const {
  GetItemResult got = client_.getItem(
      {.table_name = table_, .key = lockItemKey(options_.key), .consistent_read = true});
  if (!got.item) return std::nullopt;
  return fromLockItem(*got.item);
}

DynamoDBLock::WriteOutcome DynamoDBLock::putLease(const std::optional<LockRecord>& over) {
  auto sent = clock_->monotonicNow();
  auto wall = clock_->wallNow();
  LockRecord lease{.key = options_.key,
                   .owner = owner_,
                   .status = "LOCK_HELD",
                   .record_version_number = newRecordVersionNumber(),
                   .expires_at = wall + options_.lease_duration,
                   .acquired_at = wall,
                   .lease_duration = options_.lease_duration};
  PutItemRequest request{
      .table_name = table_,
      .item = toLockItem(lease),
      .return_values_on_condition_check_failure = ReturnValuesOnConditionCheckFailure::kAllOld};
  if (!over) {
    request.condition_expression = kFreeOrOurs;
    request.expression_attribute_values = {{":me", AttributeValue::string(owner_)}};
  } else if (!over->record_version_number.empty()) {
    request.condition_expression = kSameVersion;
    request.expression_attribute_values = {
        {":seen", AttributeValue::string(over->record_version_number)}};
  } else {
    request.condition_expression = kSameUnversionedLease;
    auto expires = std::chrono::duration_cast<milliseconds>(over->expires_at.time_since_epoch());
    request.expression_attribute_values = {{":seen", AttributeValue::number(expires.count())}};
  }
  WriteOutcome outcome;
  try {
    client_.putItem(request);
    outcome.written = true;
  } catch (const DynamoDBError& e) {
    if (!isConditionalFailure(e)) throw;
    outcome = resolveConditionalFailure(e.item(), lease.record_version_number);
  }
  if (outcome.written) startHeartbeat(lease.record_version_number, sent);
  return outcome;
}

DynamoDBLock::WriteOutcome DynamoDBLock::resolveConditionalFailure(
    const std::optional<Item>& returned, const std::string& version) const {
  std::optional<LockRecord> current =
      returned && !returned->empty() ? std::optional(fromLockItem(*returned)) : read();
  bool ours = current && current->owner == owner_ && current->record_version_number == version;
  return {ours, ours ? std::nullopt : std::move(current)};
}

void DynamoDBLock::giveUp(const LockRecord& holder) const {
  throw LockTimeoutError(options_.key, holder.owner,
                         "lock '" + options_.key + "' in table '" + table_ + "' is held by '" +
                             holder.owner + "'; gave up waiting after " +
                             std::to_string(options_.acquire_timeout.count()) +
                             " ms (a lease is taken over only once its holder stopped renewing "
                             "it for a whole lease)");
}

bool DynamoDBLock::isHeld() const {
  std::lock_guard lock(mutex_);
  if (!held_ || loss_) return false;
  // A lease we could not renew in time may already be someone else's; lock.h promises that the
  // answer stays false from here on, so a renewal that is still on its way cannot revive it.
  if (leaseRanOut()) {
    loss_ = LockLoss::kLeaseExpired;
    return false;
  }
  return true;
}

LockLoss DynamoDBLock::loss() const {
  std::lock_guard lock(mutex_);
  if (!loss_ && held_ && leaseRanOut()) loss_ = LockLoss::kLeaseExpired;
  if (loss_) return *loss_;
  return held_ ? LockLoss::kUnknown : LockLoss::kNotAcquired;  // kUnknown: still held
}

bool DynamoDBLock::leaseRanOut() const {
  return clock_->monotonicNow() - renewed_at_ >= options_.lease_duration;
}

void DynamoDBLock::release() {
  {
    std::lock_guard lock(mutex_);
    if (!held_) return;
    held_ = false;
  }
  stopHeartbeat();
  std::string version;
  {
    std::lock_guard lock(mutex_);
    // The heartbeat is stopped: version_ and loss_ are final, and this is the only release.
    if (loss_) return;
    version = version_;
  }
  try {
    client_.deleteItem(
        {.table_name = table_,
         .key = lockItemKey(options_.key),
         .condition_expression = kOursAtVersion,
         .expression_attribute_values = {{":me", AttributeValue::string(owner_)},
                                         {":version", AttributeValue::string(version)}}});
  } catch (const std::exception&) {
    // Another owner's lease (never ours to delete), or no answer: ours then expires by itself.
  }
}

void DynamoDBLock::stopHeartbeat() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_requested_.notify_all();
  if (heartbeat_.joinable()) heartbeat_.join();
}

void DynamoDBLock::startHeartbeat(const std::string& version,
                                  std::chrono::steady_clock::time_point sent) {
  {
    std::lock_guard lock(mutex_);
    held_ = true;
    loss_.reset();
    stopping_ = false;
    version_ = version;
    renewed_at_ = sent;
  }
  heartbeat_ = std::thread([this] { heartbeat(); });
}

void DynamoDBLock::heartbeat() {
  std::unique_lock lock(mutex_);
  while (
      !stop_requested_.wait_for(lock, options_.heartbeat_interval, [this] { return stopping_; })) {
    if (loss_) return;  // isHeld() found the lease run out
    // A lease that ran out is not renewed: a waiter may have observed it for a whole lease.
    if (leaseRanOut()) {
      loss_ = LockLoss::kLeaseExpired;
      return;
    }
    std::string previous = version_;
    std::string next = newRecordVersionNumber();
    auto sent = clock_->monotonicNow();
    lock.unlock();
    Renewal renewal = renew(previous, next);
    lock.lock();
    // isHeld() found the lease run out while the renewal was on its way: lost for good.
    if (loss_) return;
    if (renewal == Renewal::kRenewed) {
      version_ = next;
      renewed_at_ = sent;
    } else if (renewal == Renewal::kLost) {
      loss_ = LockLoss::kTakenOver;
      return;
    } else if (leaseRanOut()) {
      loss_ = LockLoss::kLeaseExpired;
      return;
    }
  }
}

DynamoDBLock::Renewal DynamoDBLock::renew(const std::string& previous, const std::string& next) {
  auto expires = std::chrono::duration_cast<milliseconds>(
      (clock_->wallNow() + options_.lease_duration).time_since_epoch());
  try {
    client_.updateItem(
        {.table_name = table_,
         .key = lockItemKey(options_.key),
         .update_expression = "SET expiresAt = :expires, recordVersionNumber = :next, "
                              "leaseDurationMs = :lease",
         .condition_expression = kOursAtVersion,
         .expression_attribute_values = {{":me", AttributeValue::string(owner_)},
                                         {":version", AttributeValue::string(previous)},
                                         {":next", AttributeValue::string(next)},
                                         {":expires", AttributeValue::number(expires.count())},
                                         {":lease",
                                          AttributeValue::number(options_.lease_duration.count())}},
         .return_values_on_condition_check_failure = ReturnValuesOnConditionCheckFailure::kAllOld});
    return Renewal::kRenewed;
  } catch (const DynamoDBError& e) {
    if (!isConditionalFailure(e)) return Renewal::kFailed;
    try {
      return resolveConditionalFailure(e.item(), next).written ? Renewal::kRenewed : Renewal::kLost;
    } catch (const std::exception&) {
      return Renewal::kFailed;
    }
  } catch (const std::exception&) {
    return Renewal::kFailed;
  }
}

}  // namespace flamingock::dynamodb::detail
