// The options and results of a runner's lifecycle commands beside `run()`: running up to a
// change, undoing applied changes, checking the log against the code, adopting changes whose
// effect is already in place, and a person's decision on one change
// (docs/cli-reference.md#lifecycle-commands).
//
//   runner.run({.up_to = "0003-seed"});                        // later pending changes wait
//   UndoSummary undone = runner.undo({.count = 2});            // the two newest applied changes
//   ValidationReport report = runner.validate();              // no lock, no writes
//   if (!report.ok()) for (auto& p : report.problems) std::cerr << p.change_id << "\n";
//   runner.baseline({.up_to = "0002-orders-table"});          // recorded, not run
//   runner.fix({.change_id = "0001-orders-table"});            // accept its edited code
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flamingock/error.h"

namespace flamingock {

struct RunOptions {
  // Empty: every pending change. Otherwise the id of a change of the pipeline: pending changes
  // after it (in this and later stages) wait for a later run.
  std::string up_to{};
};

// Which applied changes `undo` rolls back, newest first. Give at most one of `to`, `count` and
// `all`; none means `count = 1`.
struct UndoOptions {
  std::optional<std::string> to{};  // down to this applied change, included
  std::optional<int> count{};       // this many (at least 1)
  bool all = false;                 // every applied change
  bool dry_run = false;             // select and check only: no lock, no rollback, no write
};

struct UndoneChange {
  std::string change_id{};
  std::string stage_id{};
  bool rolled_back = false;  // false on a dry run, or for the change whose rollback failed
  std::string error{};       // what the rollback threw; empty when it succeeded
};

struct UndoSummary {
  std::string execution_id{};           // the undo's execution; empty on a dry run
  bool dry_run = false;                 // nothing was rolled back or written
  std::vector<UndoneChange> changes{};  // in the order undone (newest first)
};

// One way in which the audit log and the code disagree.
enum class ProblemKind {
  kPending,      // in the code, not applied yet
  kNeedsPerson,  // left unfinished (STARTED, FAILED, ROLLBACK_FAILED) or unreadable
  kDrift,        // applied, but its checksum changed since
  kNotInCode,    // in the log, not among the code's changes: unreadable, or fail_on_missing
};

// "pending", "needs a person", "drift", "not in code".
std::string_view toString(ProblemKind kind);

struct ValidationProblem {
  ProblemKind kind = ProblemKind::kPending;
  std::string change_id{};
  std::string detail{};  // one sentence: the state (and error), or the checksums
  // What resolves it: needs a person: kMarkResolved, or kRepairEntry when its latest entry cannot
  // be read; drift: kAcceptEdit; else none.
  std::optional<Remedy> remedy{};
  // Drift: the checksum recorded when the change was applied, and its code's now; else empty.
  std::string recorded_checksum{};
  std::string current_checksum{};
};

// Services and tools that share one audit log (a service and the YAML tool, or several services)
// each apply their own changes, so the log holds changes that are not in this code. As in
// Flamingock, which ignores entries outside its pipeline, these are no problem by default; as
// Flyway's `ignoreMigrationPatterns` without `*:missing`, fail_on_missing makes each one a problem.
// An unreadable entry of such a change is a problem either way: nobody can tell whose it is.
struct ValidateOptions {
  bool fail_on_missing = false;
};

struct ValidationReport {
  std::vector<ValidationProblem> problems{};  // in pipeline order, then the log's
  // Changes the run leaves alone: disabled, or excluded by the active profiles (with why).
  std::vector<std::pair<std::string, std::string>> excluded{};
  // In the log, not in this code, with their current state ("APPLIED"): another service's or
  // tool's changes (problems instead with ValidateOptions::fail_on_missing).
  std::vector<std::pair<std::string, std::string>> not_in_code{};

  bool ok() const { return problems.empty(); }
};

struct BaselineOptions {
  std::string up_to{};   // the last change to mark applied (required)
  bool dry_run = false;  // select and check only: no lock, no write
};

struct BaselineSummary {
  std::string execution_id{};  // empty on a dry run
  bool dry_run = false;
  std::vector<std::string> change_ids{};  // marked MANUAL_MARKED_AS_APPLIED, in order
};

// What a person says of a change: its effect is in place, or it is not (the next run applies it
// again).
enum class Resolution { kApplied, kRolledBack };

// The change `fix` records a decision on (`audit fix`).
struct FixOptions {
  std::string change_id{};  // a change in the audit log (required)
  Resolution resolution = Resolution::kApplied;
};

}  // namespace flamingock
