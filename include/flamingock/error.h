// The root of every error flamingock throws, and the engine's errors below it.
//
// Callers catch at the level they care about:
//
//   try {
//     runner.run();
//   } catch (const flamingock::ChangeFailedError& e) {  // one change failed; e.changeId()
//   } catch (const flamingock::LockError& e) {          // the distributed lock
//   } catch (const flamingock::Error& e) {               // anything else flamingock reports
//   }
//
//   flamingock::Error
//   ├── ConfigurationError               a setting or argument was rejected
//   │   ├── ValidationError              the pipeline is inconsistent (all problems at once)
//   │   └── OptionError                  a lifecycle option (up-to, undo's selection, active
//   │       │                            profiles) cannot be acted on; nothing was done
//   │       └── ChecksumUnknownError     a fix without the code cannot judge an applied change
//   ├── ChangeFailedError                a change's apply failed; the run stopped
//   ├── ManualInterventionRequiredError  a change is in a state only a person can resolve
//   ├── DriftError                       an applied change's checksum changed
//   ├── OutcomeUnknownError              a write's answer was lost: whether it took effect is
//   │                                    unknown; the run stopped, the next run reads the log
//   ├── PendingChangesError              validation only: the log is behind the code
//   └── LockError
//       ├── LockTimeoutError             another runner held the lock for too long
//       └── LockLostError                the lock was taken over, or its lease ran out, while
//                                        this runner worked
//
// Messages name the bad value and never contain credentials or signatures. All error types are
// immutable values: safe to copy and to read from any thread.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace flamingock {

// Base of all flamingock errors.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A setting or argument was rejected before anything ran: a bad table name, capacity, region,
// endpoint, missing credentials. The message names the setting and the value.
class ConfigurationError : public Error {
 public:
  using Error::Error;
};

// The pipeline (changes, stages, target systems, audit store) is inconsistent. Thrown by
// `build()` before anything runs; `problems()` lists every problem found, one sentence each.
class ValidationError : public ConfigurationError {
 public:
  explicit ValidationError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

// A lifecycle option that cannot be acted on: a change id of `run({.up_to})`, `undo` or
// `baseline` that is not in the pipeline (or, for `undo --to`, not applied), a count below 1,
// options that exclude each other, an active profile that is no profile name. The message names
// the option and the value. Nothing was done.
class OptionError : public ConfigurationError {
 public:
  using ConfigurationError::ConfigurationError;
};

// A fix without the code (Administration::fix without a checksum) of an applied change: only the
// code's checksum can tell whether it drifted, and it is the checksum to record. Nothing was
// written.
class ChecksumUnknownError : public OptionError {
 public:
  using OptionError::OptionError;
};

// A change's apply (or, in `undo`, its rollback) threw. The run stopped after recording FAILED (and
// the rollback's outcome); `cause()` is the message of what the change threw. If an audit entry
// that was due could not be written, the message says which and why.
class ChangeFailedError : public Error {
 public:
  ChangeFailedError(std::string change_id, std::string cause, std::string audit_problem = "");
  const std::string& changeId() const { return change_id_; }
  const std::string& cause() const { return cause_; }
  // Empty when every audit entry was written; otherwise what could not be recorded.
  const std::string& auditProblem() const { return audit_problem_; }

 private:
  std::string change_id_;
  std::string cause_;
  std::string audit_problem_;
};

// What resolves a change that needs a person. The engine says it in words naming the API to
// call; the CLI prints the command that does it.
enum class RemedyKind {
  // A person checks what the change did to its target system, then records it applied or rolled
  // back (Runner::fix, Administration::fix).
  kMarkResolved,
  // An applied change's code changed: record the code's checksum (Runner::fix, from a binary
  // that holds the code), or undo the change (Runner::undo) so that the next run applies the edit.
  kAcceptEdit,
  // The change's latest audit entry cannot be read: a person repairs or deletes that item (no fix
  // can be ordered after an entry whose time is unknown).
  kRepairEntry,
};

struct Remedy {
  RemedyKind kind = RemedyKind::kMarkResolved;
  std::string change_id{};
};

// The remedy in words, naming the API: "check what it did, then record it applied or rolled back
// with Runner::fix or Administration::fix".
std::string remedyAdvice(const Remedy& remedy);

// How an error's message tells a change's remedy, on a line of its own: remedyAdvice by default;
// a tool passes its own (the CLI: the command that resolves it).
using RemedyLine = std::function<std::string(const Remedy&)>;

// One change that a person must resolve before its stage can run.
struct BlockedChange {
  std::string change_id{};
  std::string state{};       // e.g. "FAILED"; "UNREADABLE": its latest entry cannot be read
  std::string created_at{};  // when that state was recorded, ISO-8601 UTC; empty if unreadable
  std::string hostname{};    // where it was recorded
  std::string error{};       // the recorded error trace, or why the entry cannot be read
  Remedy remedy{};           // kMarkResolved, or kRepairEntry when its entry cannot be read
};

// Changes left in STARTED, FAILED or ROLLBACK_FAILED with the MANUAL_INTERVENTION strategy.
// Nothing of their stage ran; the message lists each with its remedy, told by `line`.
class ManualInterventionRequiredError : public Error {
 public:
  explicit ManualInterventionRequiredError(std::vector<BlockedChange> blocked,
                                           const RemedyLine& line = remedyAdvice);
  const std::vector<BlockedChange>& blocked() const { return blocked_; }

 private:
  std::vector<BlockedChange> blocked_;
};

// An applied change whose code (checksum) changed since it was applied.
struct Drift {
  std::string change_id{};
  std::string recorded_checksum{};
  std::string current_checksum{};
  Remedy remedy{};  // kAcceptEdit
};

// Applied changes were edited afterwards. Nothing ran. Accept one edit with `Runner::fix`, or
// allow drift everywhere with `setDriftAllowed(true)`; the message tells each remedy by `line`.
class DriftError : public Error {
 public:
  explicit DriftError(std::vector<Drift> drifts, const RemedyLine& line = remedyAdvice);
  const std::vector<Drift>& drifts() const { return drifts_; }

 private:
  std::vector<Drift> drifts_;
};

// A write (a change's commit or an audit entry) was sent, its answer was lost and reading back
// failed too: it may or may not have taken effect. Nothing more was written and the run stopped;
// the next run decides from the log (a commit that landed reads APPLIED).
class OutcomeUnknownError : public Error {
 public:
  using Error::Error;
};

// `setValidationOnly(true)`: the audit log and the code disagree, so the run applied nothing.
// `problems()` lists each, one sentence naming its kind and change ("pending: seed-orders").
class PendingChangesError : public Error {
 public:
  explicit PendingChangesError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

// Base of the distributed lock's errors.
class LockError : public Error {
 public:
  using Error::Error;
};

// The lock stayed held by another runner for the whole wait. `owner()` names it.
class LockTimeoutError : public LockError {
 public:
  LockTimeoutError(std::string lock_key, std::string owner, std::string message);
  const std::string& lockKey() const { return lock_key_; }
  const std::string& owner() const { return owner_; }

 private:
  std::string lock_key_;
  std::string owner_;
};

// The lock is no longer this runner's (another runner took it over, or its lease ran out before a
// renewal got through): the run stopped, and a write that found out was refused.
class LockLostError : public LockError {
 public:
  using LockError::LockError;
};

}  // namespace flamingock
