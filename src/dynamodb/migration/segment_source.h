// Where a migration's segments come from and where its checkpoints go: the change's own progress
// record under the run's lock (a migration inside a run), or the parts of a background change's
// job that a worker claims, each segment a part (docs/operations.md#background-migrations).
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <vector>

#include "dynamodb/migration/checkpoint.h"
#include "dynamodb/migration/job_pace.h"
#include "flamingock/change_progress.h"

namespace flamingock::dynamodb::detail {

// A segment this worker held was taken over by another worker: it stops, the others go on.
class PartLostError : public LockLostError {
 public:
  using LockLostError::LockLostError;
};

class SegmentSource {
 public:
  virtual ~SegmentSource() = default;
  // Stores the starting point before any segment runs.
  virtual void begin(const Checkpoint& start) = 0;
  // The segment to run next, its position restored into `checkpoint`; -1 when none is left.
  // Thread-safe.
  virtual int next(SharedCheckpoint& checkpoint) = 0;
  // Throws LockLostError (PartLostError for one segment) unless the migration may still write
  // `segment`; -1: the migration as a whole. Thread-safe.
  virtual void ensureHeld(int segment) const = 0;
  // Stores `checkpoint`. Throws LockLostError when the migration may write no more.
  virtual void save(const Checkpoint& checkpoint) = 0;
  // The item of `key` failed with `error` for a reason no retry cures: true when it is quarantined
  // and the migration goes on, false when the failure fails the migration. Throws Error when it
  // is one failure more than the migration allows. Thread-safe.
  virtual bool quarantine(const Item& key, const std::string& error) const = 0;
  // Reads again what steers the migration, between checkpoints, and obeys it. Thread-safe.
  virtual void steer() = 0;
};

// The change's own progress record, `key`, under the run's lock: the segments `start` has left.
class ProgressSource : public SegmentSource {
 public:
  ProgressSource(ChangeProgress& progress, ProgressKey key, std::string table_name,
                 const Checkpoint& start);

  void begin(const Checkpoint& start) override { save(start); }
  int next(SharedCheckpoint& checkpoint) override;
  void ensureHeld(int) const override { progress_.ensureLockHeld(); }
  void save(const Checkpoint& checkpoint) override;
  // A migration inside a run fails at its first failed item.
  bool quarantine(const Item&, const std::string&) const override { return false; }
  // A migration inside a run is never steered.
  void steer() override {}

 private:
  ChangeProgress& progress_;
  ProgressKey key_;
  std::string table_name_;
  std::mutex mutex_;
  std::vector<int> queue_;
  std::size_t next_ = 0;
};

// The parts of a job a worker claims, one at a time per segment thread; each part keeps its
// segment's counts and, in its state, where the segment continues ({"lastKey": {"M": ...}}).
// After each claim, at each checkpoint and when steered it reads the job again, and `pace` obeys
// it.
class JobSource : public SegmentSource {
 public:
  // Up to `max_failed_items` failed items are quarantined.
  JobSource(JobParts& parts, JobPace& pace, int max_failed_items)
      : parts_(parts), pace_(pace), max_failed_items_(max_failed_items) {}

  void begin(const Checkpoint&) override {}
  int next(SharedCheckpoint& checkpoint) override;
  // Throws WorkInterruptedError when the worker stops, PartLostError when `segment` was taken.
  void ensureHeld(int segment) const override;
  // Saves every part held and not finished; a part found taken over is dropped. A paused job's
  // parts are saved too: their beat keeps the claims, so that the resumed job goes on where each
  // segment was, with no worker waiting out a lease to take them over.
  void save(const Checkpoint& checkpoint) override;
  bool quarantine(const Item& key, const std::string& error) const override;
  // Reads the job again and obeys it.
  void steer() override;

 private:
  JobParts& parts_;
  JobPace& pace_;
  int max_failed_items_;
  mutable std::mutex mutex_;
  std::map<int, JobPart> held_;  // claimed and not yet saved finished
  std::set<int> lost_;
};

}  // namespace flamingock::dynamodb::detail
