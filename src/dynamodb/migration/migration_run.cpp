#include "dynamodb/migration/migration_run.h"

#include <algorithm>
#include <optional>
#include <thread>

#include "dynamodb/migration/segment_worker.h"
#include "flamingock/dynamodb/retry_policy.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr milliseconds kProgressInterval{1000};
// A worker on a job reads it at least this often, however long its checkpoint interval: when a
// worker joins, the others' shares of the fleet's rate shrink within this time, so that the fleet
// keeps to its rate over any 10 seconds (a share read at the last checkpoint would leave it up to
// an interval ahead).
constexpr milliseconds kSteerInterval{1000};
// The waits between tries of a checkpoint save; how many tries, the lock decides.
constexpr RetryPolicy kSaveBackoff{.base_delay = milliseconds(100),
                                   .max_delay = milliseconds(5000)};

bool lockLost(const std::exception_ptr& error) {
  if (!error) return false;
  try {
    std::rethrow_exception(error);
  } catch (const LockLostError&) {
    return true;
  } catch (...) {
    return false;
  }
}

class Watcher {
 public:
  Watcher(MigrationSetup& setup, SegmentSource& source, MigrationControl& control,
          SharedCheckpoint& checkpoint, const RateControl& rate)
      : setup_(setup),
        source_(source),
        control_(control),
        checkpoint_(checkpoint),
        rate_(rate),
        started_(steady_clock::now()),
        scanned_before_(setup.start.totals().scanned) {}

  // Until every one of `workers` ended or the migration stops.
  void watch(int workers) {
    auto next_checkpoint = steady_clock::now() + setup_.options.checkpoint_interval;
    auto next_report = steady_clock::now() + kProgressInterval;
    auto next_steer = steady_clock::now() + kSteerInterval;
    while (true) {
      auto wake = std::min({next_checkpoint, next_report, next_steer});
      auto timeout = std::chrono::ceil<milliseconds>(wake - steady_clock::now());
      if (control_.waitForWorkers(workers, std::max(timeout, milliseconds(0))) ||
          control_.stopped()) {
        return;
      }
      if (!failWith([&] { source_.ensureHeld(-1); })) return;
      auto now = steady_clock::now();
      if (now >= next_checkpoint) {
        failWith([&] { save(checkpoint_.snapshot()); });  // which steers too
        next_checkpoint = steady_clock::now() + setup_.options.checkpoint_interval;
        next_steer = steady_clock::now() + kSteerInterval;
      } else if (now >= next_steer) {
        failWith([&] { steer(); });
        next_steer = steady_clock::now() + kSteerInterval;
      }
      if (now >= next_report) {
        report(checkpoint_.snapshot());
        next_report = now + kProgressInterval;
      }
    }
  }

  // The starting point, before any segment runs: an attempt that starts afresh replaces any
  // older checkpoint before its first write, so a kill at any moment leaves none to be found.
  void begin() {
    persist([&] { source_.begin(setup_.start); });
  }

  // The last checkpoint, after every worker ended. A lost lock forbids it.
  void finish() {
    Checkpoint last = checkpoint_.snapshot();
    if (!lockLost(control_.error())) failWith([&] { save(last); });
    report(last);
  }

 private:
  // Runs `step`; what it throws stops the migration. False when it threw.
  template <class Step>
  bool failWith(Step step) {
    try {
      step();
      return true;
    } catch (...) {
      control_.fail(std::current_exception());
      return false;
    }
  }

  // Stores `checkpoint`. An error a retry may cure is tried again after the client's own attempts
  // ran out, for as long as the lock is held: a finished migration must not fail, and run its
  // rollback, for a checkpoint that a moment later would have been written. Only a lost lock (or
  // an error no retry cures) stops it.
  void save(const Checkpoint& checkpoint) {
    persist([&] { source_.save(checkpoint); });
  }

  // A read that failed for a reason a retry cures is left to the next one.
  void steer() {
    try {
      source_.steer();
    } catch (const std::exception& e) {
      if (!isRetryable(e)) throw;
    }
  }

  template <class Store>
  void persist(Store store) {
    for (int attempt = 1;; ++attempt) {
      try {
        store();
        return;
      } catch (const LockLostError&) {
        throw;
      } catch (const std::exception& e) {
        if (!isRetryable(e)) throw;
      }
      source_.ensureHeld(-1);
      std::this_thread::sleep_for(kSaveBackoff.backoffCeiling(attempt));
    }
  }

  void report(const Checkpoint& checkpoint) {
    MigrationTotals totals = checkpoint.totals();
    double elapsed = std::chrono::duration<double>(steady_clock::now() - started_).count();
    double rate = elapsed > 0 ? static_cast<double>(totals.scanned - scanned_before_) / elapsed : 0;
    ProgressEvent progress{.change_id = setup_.key.change_id,
                           .subject = setup_.options.scan.table_name,
                           .scanned = totals.scanned,
                           .written = totals.written,
                           .skipped = totals.skipped,
                           .failed = totals.failed,
                           .parts_done = checkpoint.segmentsDone(),
                           .total_parts = checkpoint.totalSegments(),
                           .items_per_second = rate,
                           .rate_limit = rate_.rate(),
                           .finished = checkpoint.complete()};
    std::int64_t left = std::max<std::int64_t>(0, setup_.table.item_count - totals.scanned);
    if (checkpoint.complete()) {
      progress.estimated_time_left = std::chrono::seconds(0);
    } else if (rate > 0 && setup_.table.item_count > 0) {
      progress.estimated_time_left =
          std::chrono::seconds(static_cast<std::int64_t>(static_cast<double>(left) / rate));
    }
    setup_.progress.report(progress);
  }

  MigrationSetup& setup_;
  SegmentSource& source_;
  MigrationControl& control_;
  SharedCheckpoint& checkpoint_;
  const RateControl& rate_;
  steady_clock::time_point started_;
  std::int64_t scanned_before_;
};

}  // namespace

MigrationTotals runMigration(MigrationSetup setup) {
  SharedCheckpoint checkpoint(setup.start);
  RateControl rate(setup.options.max_items_per_second, Clock::system());
  CapacityControl capacity(budgetOf(setup.options, setup.table), Clock::system());
  JobPace pace(rate, capacity, setup.options.max_items_per_second);
  std::optional<ProgressSource> own;
  std::optional<JobSource> job;
  SegmentSource& source = setup.parts ? static_cast<SegmentSource&>(job.emplace(
                                            *setup.parts, pace, setup.options.max_failed_items))
                                      : own.emplace(setup.progress, setup.key,
                                                    setup.options.scan.table_name, setup.start);
  int segments = setup.parts ? std::min(kMaxPartsPerWorker, setup.start.totalSegments())
                             : static_cast<int>(setup.start.remaining().size());
  MigrationControl control;
  std::vector<std::string> key_names;
  for (const KeySchemaElement& key : setup.table.key_schema)
    key_names.push_back(key.attribute_name);
  MigrationShared shared{setup.options, setup.callback, std::move(key_names),
                         rate,          checkpoint,     source,
                         control,       pace,           capacity};

  // Each segment's client still retries network errors and 5xx as the target's does, but hands
  // throttling to the segment at once: its retries would hide it from the rate control.
  ClientConfig segment_config = setup.data.config();
  segment_config.retry_policy.retry_throttling = false;
  Watcher watcher(setup, source, control, checkpoint, rate);
  watcher.begin();
  int workers = std::min(segments, kMaxSegmentThreads);
  std::vector<std::thread> threads;
  // No reallocation once a thread runs: a failed one would drop a joinable thread (terminate).
  threads.reserve(workers);
  try {
    for (int i = 0; i < workers; ++i) {
      threads.push_back(setup.start_thread([&] {
        try {
          Client client(segment_config);  // a connection of its own
          while (!control.stopped()) {
            int segment = source.next(checkpoint);
            if (segment < 0) break;
            try {
              runSegment(client, segment, shared);
            } catch (const PartLostError&) {
              // Its new owner goes on from the part's last checkpoint; this thread takes another.
            }
          }
        } catch (...) {
          control.fail(std::current_exception());
        }
        control.workerEnded();
      }));
    }
  } catch (const std::exception& e) {
    // The workers started stop before their next page; the checkpoint keeps what they did.
    control.fail(std::make_exception_ptr(Error(
        "migration of table '" + setup.options.scan.table_name + "' (change '" +
        setup.key.change_id + "'): could not start segment thread " +
        std::to_string(threads.size() + 1) + " of " + std::to_string(workers) + ": " + e.what())));
    workers = static_cast<int>(threads.size());
  }
  watcher.watch(workers);
  for (std::thread& thread : threads) thread.join();
  watcher.finish();
  if (std::exception_ptr error = control.error()) std::rethrow_exception(error);
  return checkpoint.snapshot().totals();
}

}  // namespace flamingock::dynamodb::detail
