// A built, validated pipeline, ready to run.
//
//   Runner runner = Flamingock::builder()...build();
//   RunSummary summary = runner.run();   // throws flamingock::Error on failure
//   runner.undo({.count = 1});            // the lifecycle commands: see lifecycle.h
//
// Of a disabled runner (`setEnabled(false)`), `run` does nothing and the lifecycle commands throw
// ConfigurationError.
//
// A runner may run several times (each run is a new execution with its own id); a second run of
// an up-to-date pipeline reads the audit log once and applies nothing.
#pragma once

#include <memory>

#include "flamingock/audit_entry.h"
#include "flamingock/lifecycle.h"
#include "flamingock/run_summary.h"

namespace flamingock {

namespace detail {
struct Pipeline;
class BackgroundWorkers;
}  // namespace detail

class Runner {
 public:
  explicit Runner(std::unique_ptr<detail::Pipeline> pipeline);
  Runner(Runner&&) noexcept;
  Runner& operator=(Runner&&) noexcept;
  ~Runner();

  // Applies the pending changes, stage by stage and in order, under the distributed lock
  // (docs/exactly-once.md#a-run). Throws DriftError, ManualInterventionRequiredError,
  // ChangeFailedError, LockError, or the store's errors; whatever it throws, the lock is released
  // and every due audit entry was written or the error says which was not. Not thread-safe: one run
  // at a time per runner (separate runners may run concurrently, in threads or processes).
  RunSummary run();
  // As `run()`; with `options.up_to`, pending changes after that change wait (reported as
  // kWaiting). Throws OptionError when it names no change of the pipeline.
  RunSummary run(const RunOptions& options);

  // Rolls back applied changes, newest first, under the lock; see UndoOptions. Refuses, changing
  // nothing, when a selected change has no rollback (`Change::hasRollback`): Error naming them.
  // Each rollback is recorded ROLLED_BACK; a failed one ROLLBACK_FAILED, then ChangeFailedError.
  // A transactional change's rollback writes commit with its entry; a non-transactional one is
  // marked STARTED first (so that an undo cut off half-way leaves an interrupted attempt, not
  // APPLIED) and keeps its progress under the undo's lock (its ItemMigrations checkpoint so,
  // which is checked held before each rollback: LockLostError). The next `run()` applies undone
  // changes again. Nothing applied: an empty summary. Bad options: OptionError.
  UndoSummary undo(const UndoOptions& options = {});

  // Reads the log once, without the lock and without writing (nor creating tables), and lists
  // where it and the code disagree; see ValidateOptions for changes in the log but not in the code.
  ValidationReport validate(const ValidateOptions& options = {});

  // Records every pending change up to and including `options.up_to` as applied
  // (MANUAL_MARKED_AS_APPLIED, current checksum) without running it, under the lock. Refuses,
  // writing nothing, when a change up to it needs a person (ManualInterventionRequiredError).
  // Bad options: OptionError.
  BaselineSummary baseline(const BaselineOptions& options);

  // Records a person's decision on one change without running it, under the lock, and returns
  // the entry written (`audit fix`). A change left STARTED, FAILED or ROLLBACK_FAILED is marked
  // MANUAL_MARKED_AS_APPLIED (with its checksum in this pipeline's code, when it is one of its
  // changes) or MANUAL_MARKED_AS_ROLLED_BACK. An applied change whose checksum in the code
  // differs from the log's (drift) is marked MANUAL_MARKED_AS_APPLIED with the code's checksum:
  // the edit is accepted for it alone, and `run()` skips it instead of raising DriftError.
  // Refuses, writing nothing: OptionError for an empty id, an applied change that has not
  // drifted, or marking an applied change rolled back (that is `undo`); Error for a change not in
  // the log, in another state, or whose latest entry cannot be read.
  AuditEntry fix(const FixOptions& options);

  // Works on the running jobs of this pipeline's background changes (ChangeInfo::background),
  // without the lock, until none is left running: claims their free parts, takes over a part
  // whose owner stayed silent for a whole lease, and ends each job whose parts are all done with
  // its APPLIED entry (docs/operations.md#background-migrations). While others hold the last
  // parts it waits, polling. A worker whose definition of a change differs from its job's leaves
  // that job alone (and says so in the log) and returns. `flamingock migrations work` runs it.
  void work();
  // Stops the background workers that `run()` started (FlamingockBuilder::setBackgroundWorkers)
  // within one page of their parts, and waits for them; the destructor does too. Idempotent.
  void stopWorkers();

 private:
  std::unique_ptr<detail::Pipeline> pipeline_;
  std::unique_ptr<detail::BackgroundWorkers> workers_;  // started by run()
};

}  // namespace flamingock
