#include "log_validation.h"

#include <set>

#include "core/name_table.h"
#include "planner.h"

namespace flamingock::detail {
namespace {

std::string pendingDetail(const AuditEntry* current) {
  if (current == nullptr) return "not in the log";
  return "current state " + std::string(toString(current->state));
}

}  // namespace

ValidationReport validateLog(const Pipeline& pipeline, const ValidateOptions& options) {
  AuditHistory history(pipeline.store->readHistoryForPlanning());
  PlanOptions plan_options = planOptionsOf(pipeline);
  plan_options.drift_allowed = true;
  Plan plan = planRun(pipeline.stages, history, plan_options);

  ValidationReport report;
  std::set<std::string, std::less<>> in_code;
  for (const StagePlan& stage : plan.stages) {
    for (const ResolvedChange& change : stage.stage->resolved) in_code.insert(change.info.id);
    for (const PlannedChange& planned : stage.changes) {
      const std::string& id = planned.change->info.id;
      if (planned.apply()) {
        report.problems.push_back({ProblemKind::kPending, id, pendingDetail(history.current(id))});
      } else if (planned.action != PlannedAction::kSkip) {
        report.excluded.emplace_back(id, planned.reason);
      }
    }
    for (const BlockedChange& blocked : stage.blocked) {
      std::string detail = blocked.state;
      if (!blocked.error.empty()) detail += " (" + blocked.error + ")";
      report.problems.push_back(
          {ProblemKind::kNeedsPerson, blocked.change_id, std::move(detail), blocked.remedy});
    }
  }
  for (const Drift& drift : plan.drifts) {
    report.problems.push_back(
        {ProblemKind::kDrift, drift.change_id,
         "applied with checksum " + drift.recorded_checksum + ", now " + drift.current_checksum,
         drift.remedy, drift.recorded_checksum, drift.current_checksum});
  }
  for (const AuditEntry* current : history.currentEntries()) {
    if (in_code.contains(current->change_id)) continue;
    std::string state(current->unreadable() ? kUnreadableState : toString(current->state));
    if (current->unreadable() || options.fail_on_missing) {
      report.problems.push_back(
          {ProblemKind::kNotInCode, current->change_id, "current state " + state});
    } else {
      report.not_in_code.emplace_back(current->change_id, std::move(state));
    }
  }
  return report;
}

std::vector<std::string> problemSentences(const ValidationReport& report) {
  std::vector<std::string> sentences;
  for (const ValidationProblem& problem : report.problems) {
    std::string detail = problem.detail;
    if (problem.remedy) detail += "; " + remedyAdvice(*problem.remedy);
    sentences.push_back(std::string(toString(problem.kind)) + ": " + problem.change_id + " (" +
                        detail + ")");
  }
  return sentences;
}

}  // namespace flamingock::detail

namespace flamingock {
namespace {

constexpr detail::NameTable<ProblemKind, 4> kProblemKindNames{{
    {ProblemKind::kPending, "pending"},
    {ProblemKind::kNeedsPerson, "needs a person"},
    {ProblemKind::kDrift, "drift"},
    {ProblemKind::kNotInCode, "not in code"},
}};

}  // namespace

std::string_view toString(ProblemKind kind) { return detail::nameOf(kProblemKindNames, kind); }

}  // namespace flamingock
