// The distributed lock that serialises runners: only its holder applies changes or writes the
// audit log.
//
// An audit store makes its lock (`AuditStore::createLock`); the engine acquires it before the
// first pending change, checks it before every change, passes its fence to every audit write and
// releases it at the end:
//
//   auto lock = store.createLock(options, runner_id, clock);
//   lock->acquire();                         // waits up to options.acquire_timeout
//   // or, for a caller that may stop needing it while it waits:
//   if (!lock->acquireWhile([&] { return stillPending(); })) return;
//   lock->ensureHeld();                      // before each change: throws LockLostError
//   store.append(entry, lock->fence());      // refused by the store once the fence fails
//   lock->release();
//
// The lock keeps itself alive: after `acquire()` a background heartbeat (owned by the lock,
// because renewing is the backend's business) renews the lease every `heartbeat_interval` until
// `release()`.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "flamingock/logger.h"

namespace flamingock {

struct LockWaitStartedEvent;  // flamingock/listener.h

// Defaults are Flamingock's (docs/exactly-once.md#the-lock).
struct LockOptions {
  std::string key = "DEFAULT_KEY";  // one lock per key; services sharing a table use their own
  std::chrono::milliseconds lease_duration =
      std::chrono::seconds(60);  // how long one renewal holds
  std::chrono::milliseconds heartbeat_interval = std::chrono::seconds(20);  // renewal period
  std::chrono::milliseconds acquire_timeout = std::chrono::minutes(5);      // give up waiting after
  // Re-check while waiting, on average: each pause is drawn from [1/2, 3/2] of it so that waiters
  // that started together do not poll in step.
  std::chrono::milliseconds retry_interval = std::chrono::seconds(1);
  // Told when a wait for the lock starts and once a minute while it lasts, never per retry; none:
  // silent. A runner sets its own (the builder's logger) on the locks it takes.
  std::shared_ptr<Logger> logger{};
  // Told once when a wait for the lock starts, never per retry; what it throws is ignored; none:
  // nobody. A runner sets its own on the locks it takes: it tells the run's listeners
  // (Listener::onLockWaitStarted).
  std::function<void(const LockWaitStartedEvent&)> on_wait_started{};
};

// What every audit write and transactional commit re-checks, atomically with the write: the lock
// `lock_key` is still owned by `owner`. The owner is the runner id, unique to one run, so a
// heartbeat that renews the lease does not invalidate the fence.
struct Fence {
  std::string lock_key{};
  std::string owner{};
};

// A lock as its store holds it, for administration (AuditStore::describeLock): who holds it and
// until when.
struct LockDescription {
  std::string key{};
  std::string owner{};   // the holder's runner id
  std::string status{};  // the store's word for it ("LOCK_HELD")
  // When the lease runs out unless its holder renews it, by the holder's wall clock; none for a
  // lock without a lease (the in-memory store's).
  std::optional<std::chrono::system_clock::time_point> expires_at{};
  std::optional<std::chrono::system_clock::time_point> acquired_at{};  // none: not recorded
  std::optional<std::chrono::milliseconds> lease_duration{};           // none: not recorded
  // Identifies this lease (changes with each renewal); empty when the store keeps none.
  std::string version{};
};

// Why a handle does not hold its lock (see `Lock::loss()`).
enum class LockLoss {
  kNotAcquired,   // not acquired yet, or released
  kTakenOver,     // another owner took the lock over, or it was released by force
  kLeaseExpired,  // no renewal got through before the lease ran out: another owner may take it
  kUnknown,       // the lock does not say (the default of `Lock::loss()`)
};

// One runner's handle on the lock. Methods are called from the runner's thread; the heartbeat
// thread is internal. The destructor releases a still-held lock (best effort, never throws).
class Lock {
 public:
  virtual ~Lock() = default;

  // Takes the lock, waiting while another owner holds it. Throws LockTimeoutError naming the
  // holder after `acquire_timeout`, LockError (or the backend's error) on other failures.
  virtual void acquire() = 0;

  // Like `acquire()`, for a caller that may stop needing the lock while it waits: each time an
  // attempt found the lock held by another owner and the pause before the next one is over, calls
  // `still_needed`, and returns false, without the lock and having written nothing, as soon as
  // that returns false. Returns true once the lock is taken. What `still_needed` throws
  // propagates (the lock is not held then). The default waits as `acquire()` does and never asks;
  // the library's locks all ask.
  virtual bool acquireWhile(const std::function<bool()>& still_needed);

  // True from a successful `acquire()` until `release()`, unless a heartbeat found the lock owned
  // by someone else or the lease ran out before a renewal got through: then false for good (until
  // a new `acquire()`), even if a late renewal succeeds; `loss()` says which.
  virtual bool isHeld() const = 0;

  // Why `isHeld()` is false; meaningless while it is true. The library's locks all say; the
  // default, for a lock that does not track it, is kUnknown.
  virtual LockLoss loss() const { return LockLoss::kUnknown; }

  // Throws LockLostError naming the key, the owner and the `loss()` unless `isHeld()`.
  void ensureHeld() const;

  // Gives the lock up if this handle still owns it; stops the heartbeat. Idempotent. Never
  // removes a lock that another owner holds now. Does not throw: a lock that could not be
  // released expires with its lease.
  virtual void release() = 0;

  // This handle's fence; meaningful once acquired.
  virtual Fence fence() const = 0;
};

}  // namespace flamingock
