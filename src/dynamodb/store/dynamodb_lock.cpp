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

// The client's settings, bounded so that one renewal (its attempts, their timeouts and the
// backoffs between them) ends within a third of the lease: a release never waits longer for the
// heartbeat to stop, and a renewal still on its way after that could not keep the lease anyway.
ClientConfig renewalConfig(ClientConfig config, milliseconds lease) {
  constexpr int kAttempts = 2;
  milliseconds share = lease / 3 / (2 * kAttempts);
  config.retry_policy.max_attempts = std::min(config.retry_policy.max_attempts, kAttempts);
  config.request_timeout = std::min(config.request_timeout, share);
  config.connect_timeout = std::min(config.connect_timeout, share);
  config.retry_policy.max_delay = std::min(config.retry_policy.max_delay, share);
  config.retry_policy.base_delay = std::min(config.retry_policy.base_delay, share);
  return config;
}

}  // namespace

DynamoDBLock::DynamoDBLock(Client client, std::string table, LockOptions options, std::string owner,
                           std::shared_ptr<Clock> clock)
    : client_(std::move(client)),
      table_(std::move(table)),
      options_(std::move(options)),
      owner_(std::move(owner)),
      clock_(std::move(clock)),
      renewal_client_(renewalConfig(client_.config(), options_.lease_duration)) {
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
    if (wait.pause(current->owner, current->expires_at) == Outcome::kTimedOut) giveUp(*current);
    current = read();
  }
}

std::optional<LockRecord> DynamoDBLock::read() const {
  return readLock(client_, table_, options_.key);
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
    if (loss_ == LockLoss::kTakenOver) return;
    version = version_;
  }
  try {
    deleteOurLease(version);
  } catch (const DynamoDBError& e) {
    if (!isConditionalFailure(e)) return;  // no answer: ours expires by itself
    // Our version may be stale (a renewal that committed but went unanswered) or a retried
    // delete's first attempt succeeded: read. The owner is this run's own id, so an item it owns
    // is ours to delete, at the version it has now.
    try {
      std::optional<LockRecord> current = read();
      if (current && current->owner == owner_) deleteOurLease(current->record_version_number);
    } catch (const std::exception&) {
      // Changed again or no answer: ours then expires by itself.
    }
  } catch (const std::exception&) {
  }
}

void DynamoDBLock::deleteOurLease(const std::string& version) const {
  client_.deleteItem(
      {.table_name = table_,
       .key = lockItemKey(options_.key),
       .condition_expression = kOursAtVersion,
       .expression_attribute_values = {{":me", AttributeValue::string(owner_)},
                                       {":version", AttributeValue::string(version)}}});
}

void DynamoDBLock::stopHeartbeat() {
  if (!heartbeat_.joinable()) return;
  heartbeat_.request_stop();
  heartbeat_.join();
}

void DynamoDBLock::startHeartbeat(const std::string& version,
                                  std::chrono::steady_clock::time_point sent) {
  {
    std::lock_guard lock(mutex_);
    held_ = true;
    loss_.reset();
    version_ = version;
    renewed_at_ = sent;
  }
  heartbeat_ = std::jthread([this, first = sent + options_.heartbeat_interval](
                                std::stop_token stop) { heartbeat(stop, first); });
}

void DynamoDBLock::heartbeat(std::stop_token stop, std::chrono::steady_clock::time_point due) {
  while (clock_->waitUntil(due, stop) && renewOnce(due)) {
  }
  // Lost: nothing left to renew. Waiting for the release (rather than ending) lets a test's clock
  // see the heartbeat settle.
  while (!stop.stop_requested()) {
    clock_->waitUntil(clock_->monotonicNow() + std::chrono::hours(24), stop);
  }
}

bool DynamoDBLock::renewOnce(std::chrono::steady_clock::time_point& due) {
  std::unique_lock lock(mutex_);
  if (loss_) return false;  // isHeld() found the lease run out
  // A lease that ran out is not renewed: a waiter may have observed it for a whole lease.
  if (leaseRanOut()) {
    loss_ = LockLoss::kLeaseExpired;
    return false;
  }
  std::string previous = version_;
  std::string next = newRecordVersionNumber();
  auto sent = clock_->monotonicNow();
  due = sent + options_.heartbeat_interval;
  lock.unlock();
  RenewalOutcome renewal = renew(previous, next);
  lock.lock();
  // isHeld() found the lease run out while the renewal was on its way: lost for good.
  if (loss_) return false;
  switch (renewal.result) {
    case Renewal::kRenewed:
      version_ = renewal.version;
      renewed_at_ = sent;
      break;
    case Renewal::kAdopted:
      version_ = renewal.version;  // renewed by an earlier attempt, sent before `sent`
      break;
    case Renewal::kLost:
      loss_ = LockLoss::kTakenOver;
      return false;
    case Renewal::kFailed:
      break;
  }
  if (leaseRanOut()) {
    loss_ = LockLoss::kLeaseExpired;
    return false;
  }
  return true;
}

DynamoDBLock::RenewalOutcome DynamoDBLock::renew(const std::string& previous,
                                                 const std::string& next) {
  auto expires = std::chrono::duration_cast<milliseconds>(
      (clock_->wallNow() + options_.lease_duration).time_since_epoch());
  std::optional<LockRecord> current;
  try {
    renewal_client_.updateItem(
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
    return {Renewal::kRenewed, next};
  } catch (const DynamoDBError& e) {
    if (isConditionalFailure(e) && e.item() && !e.item()->empty()) {
      current = fromLockItem(*e.item());
    }
  } catch (const std::exception&) {
  }
  // Refused without the item, or unanswered (it may have committed): resolved by reading.
  try {
    if (!current) current = readLock(renewal_client_, table_, options_.key);
  } catch (const std::exception&) {
    return {Renewal::kFailed, previous};
  }
  if (!current || current->owner != owner_) return {Renewal::kLost, previous};
  if (current->record_version_number == next) return {Renewal::kRenewed, next};
  if (current->record_version_number == previous) return {Renewal::kFailed, previous};
  return {Renewal::kAdopted, current->record_version_number};
}

}  // namespace flamingock::dynamodb::detail
