// The lock table's item (docs/tables.md#the-lock-table): Flamingock's attributes (`key`, `status`,
// `lockOwner`, `expiresAt`) and ours (`recordVersionNumber`, `leaseDurationMs`, `acquiredAt`), both
// ways.
//
//   Item item = detail::toLockItem({.key = "DEFAULT_KEY", .owner = me, ...});
//   LockRecord record = detail::fromLockItem(item);
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "flamingock/dynamodb/attribute_value.h"
#include "flamingock/dynamodb/client.h"
#include "flamingock/dynamodb/lock_table.h"
#include "flamingock/dynamodb/transaction_model.h"
#include "flamingock/lock.h"

namespace flamingock::dynamodb::detail {

inline constexpr char kLockOwner[] = "lockOwner";
inline constexpr char kRecordVersionNumber[] = "recordVersionNumber";
inline constexpr char kExpiresAt[] = "expiresAt";
inline constexpr char kLeaseDurationMs[] = "leaseDurationMs";

// {partitionKey: key}: the key of lock `key`'s item.
Item lockItemKey(const std::string& key);

// The ConditionCheck that fences a write (docs/exactly-once.md#fencing): the lock `fence.lock_key`
// in `lock_table` is still owned by `fence.owner`.
ConditionCheck fenceCheck(const std::string& lock_table, const Fence& fence);

// The item of `record`; every optional field of `record` must be set.
Item toLockItem(const LockRecord& record);

// Throws Error naming the lock key and the attribute when `lockOwner` or `expiresAt` is missing.
LockRecord fromLockItem(const Item& item);

// What identifies one lease of a lock: its recordVersionNumber, or, for an item written by
// Flamingock Java (which has none), its expiresAt. A holder that renews changes it.
std::string leaseVersion(const LockRecord& record);

// Flamingock Java's default lease: a lock item it wrote does not say its own.
inline constexpr std::chrono::milliseconds kFlamingockDefaultLease = std::chrono::seconds(60);

// How long a waiter first seeing `record` at wall time `now` must see it unchanged before taking
// it over: its leaseDurationMs, or, for an item written by Flamingock Java (none), the longest of
// `our_lease`, Flamingock's default and what its expiresAt still promises by our wall clock.
std::chrono::milliseconds leaseToHonour(const LockRecord& record,
                                        std::chrono::milliseconds our_lease,
                                        std::chrono::system_clock::time_point now);

// The lock item of `key` in `table` (a consistent read), or none when the lock is free.
std::optional<LockRecord> readLock(const Client& client, const std::string& table,
                                   const std::string& key);

// Deletes the lock item of `observed.key` if it still holds exactly that lease (same owner and
// version), whoever holds it. True when that lease is gone now; false when the lock holds another
// lease and nothing was deleted. A refusal after a retried delete is resolved by reading: the
// first attempt may have deleted it (docs/exactly-once.md#answers-lost-on-the-lock-item).
bool forceReleaseLock(const Client& client, const std::string& table, const LockRecord& observed);

// A fresh random recordVersionNumber (128 bits, hex).
std::string newRecordVersionNumber();

}  // namespace flamingock::dynamodb::detail
