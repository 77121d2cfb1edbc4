#include "flamingock/error.h"

#include <sstream>

namespace flamingock {
namespace {

std::string joinProblems(const std::vector<std::string>& problems,
                         const std::string& what = "invalid pipeline") {
  std::ostringstream out;
  out << what << " (" << problems.size() << " problem" << (problems.size() == 1 ? "" : "s") << "):";
  for (const std::string& problem : problems) out << "\n  - " << problem;
  return out.str();
}

std::string describeFailure(const std::string& change_id, const std::string& cause,
                            const std::string& audit_problem) {
  std::string message = "change '" + change_id + "' failed: " + cause;
  if (!audit_problem.empty()) message += "; and " + audit_problem;
  return message;
}

std::string describeBlocked(const std::vector<BlockedChange>& blocked, const RemedyLine& line) {
  std::ostringstream out;
  out << blocked.size() << " change" << (blocked.size() == 1 ? " needs" : "s need")
      << " manual intervention before the run can go on:";
  for (const BlockedChange& change : blocked) {
    out << "\n  - '" << change.change_id << "' is " << change.state;
    // An unreadable entry has no time or host to tell.
    if (!change.created_at.empty()) {
      out << " since " << change.created_at << " on host '" << change.hostname << "'";
    }
    if (!change.error.empty()) out << ", error: " << change.error;
    out << "\n    " << line(change.remedy);
  }
  return out.str();
}

std::string describeDrifts(const std::vector<Drift>& drifts, const RemedyLine& line) {
  std::ostringstream out;
  out << "applied change" << (drifts.size() == 1 ? " was" : "s were")
      << " modified afterwards (accept each edit, which records the new checksum, from a binary "
         "that holds the change's code; or allow drift everywhere with "
         "setDriftAllowed(true)):";
  for (const Drift& drift : drifts) {
    out << "\n  - '" << drift.change_id << "': applied with checksum " << drift.recorded_checksum
        << ", now " << drift.current_checksum << "\n    " << line(drift.remedy);
  }
  return out.str();
}

}  // namespace

ValidationError::ValidationError(std::vector<std::string> problems)
    : ConfigurationError(joinProblems(problems)), problems_(std::move(problems)) {}

ChangeFailedError::ChangeFailedError(std::string change_id, std::string cause,
                                     std::string audit_problem)
    : Error(describeFailure(change_id, cause, audit_problem)),
      change_id_(std::move(change_id)),
      cause_(std::move(cause)),
      audit_problem_(std::move(audit_problem)) {}

std::string remedyAdvice(const Remedy& remedy) {
  switch (remedy.kind) {
    case RemedyKind::kMarkResolved:
      return "check what it did, then record it applied or rolled back with Runner::fix or "
             "Administration::fix";
    case RemedyKind::kAcceptEdit:
      return "accept this edit with Runner::fix (resolution applied), or undo the change with "
             "Runner::undo so that the next run applies the edited code";
    case RemedyKind::kRepairEntry:
      break;
  }
  return "its latest audit entry cannot be read: repair or delete that item "
         "(Administration::story shows it); no fix can be recorded after an entry whose time is "
         "unknown";
}

ManualInterventionRequiredError::ManualInterventionRequiredError(std::vector<BlockedChange> blocked,
                                                                 const RemedyLine& line)
    : Error(describeBlocked(blocked, line)), blocked_(std::move(blocked)) {}

DriftError::DriftError(std::vector<Drift> drifts, const RemedyLine& line)
    : Error(describeDrifts(drifts, line)), drifts_(std::move(drifts)) {}

PendingChangesError::PendingChangesError(std::vector<std::string> problems)
    : Error(joinProblems(problems, "the audit log and the code disagree; nothing was applied")),
      problems_(std::move(problems)) {}

LockTimeoutError::LockTimeoutError(std::string lock_key, std::string owner, std::string message)
    : LockError(std::move(message)), lock_key_(std::move(lock_key)), owner_(std::move(owner)) {}

}  // namespace flamingock
