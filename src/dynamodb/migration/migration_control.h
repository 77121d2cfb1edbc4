// What a migration's segments and the thread that watches them share: the options, the callback,
// the pace, the checkpoint, the run's lock, and the first failure, which stops everyone.
#pragma once

#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <string>
#include <vector>

#include "dynamodb/migration/checkpoint.h"
#include "dynamodb/migration/rate_control.h"
#include "flamingock/change_progress.h"
#include "flamingock/dynamodb/item_migration.h"

namespace flamingock::dynamodb::detail {

// The first failure of any segment, and the segments' queue. Thread-safe.
class MigrationControl {
 public:
  explicit MigrationControl(std::vector<int> segments) : queue_(std::move(segments)) {}

  // The next segment to run, or -1 when none is left or the migration stops.
  int nextSegment();
  // Records `error` unless a failure came first; every segment stops before its next page.
  void fail(std::exception_ptr error);
  bool stopped() const;
  std::exception_ptr error() const;
  // A worker thread ended.
  void workerEnded();
  // Waits up to `timeout`, or until every one of `workers` ended, or a failure. Returns true when
  // every worker ended.
  bool waitForWorkers(int workers, std::chrono::milliseconds timeout);

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<int> queue_;
  std::size_t next_ = 0;
  int ended_ = 0;
  std::exception_ptr error_;
};

struct MigrationShared {
  const ItemMigrationOptions& options;
  const ItemMigration::Callback& callback;
  std::vector<std::string> key_names;  // the scanned table's key attributes
  RateControl& rate;
  SharedCheckpoint& checkpoint;
  const ChangeProgress& progress;  // whether the run's lock is still held
  MigrationControl& control;
};

}  // namespace flamingock::dynamodb::detail
