// What a migration's segments and the thread that watches them share: the options, the callback,
// the pace, the checkpoint, where segments come from (the run's lock, or a job's parts), and the
// first failure, which stops everyone.
#pragma once

#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <string>
#include <vector>

#include "dynamodb/migration/capacity_control.h"
#include "dynamodb/migration/checkpoint.h"
#include "dynamodb/migration/job_pace.h"
#include "dynamodb/migration/rate_control.h"
#include "dynamodb/migration/segment_source.h"
#include "flamingock/dynamodb/item_migration.h"

namespace flamingock::dynamodb::detail {

// The first failure of any segment. Thread-safe.
class MigrationControl {
 public:
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
  int ended_ = 0;
  std::exception_ptr error_;
};

struct MigrationShared {
  const ItemMigrationOptions& options;
  const ItemMigration::Callback& callback;
  std::vector<std::string> key_names;  // the scanned table's key attributes
  RateControl& rate;
  SharedCheckpoint& checkpoint;
  const SegmentSource& source;  // whether a segment may still be written
  MigrationControl& control;
  const JobPace& pace;  // the job's steering: paused or not
  CapacityControl& capacity;
};

}  // namespace flamingock::dynamodb::detail
