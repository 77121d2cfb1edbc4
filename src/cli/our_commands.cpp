#include "cli/our_commands.h"

#include "core/cli_command.h"
#include "core/planner.h"

namespace flamingock::cli::detail {
namespace {

// Ours in place of the engine's command, which ends the problem's detail.
void replaceCommand(ValidationProblem& problem, const std::string& ours) {
  std::size_t at = problem.detail.rfind(problem.command);
  if (at != std::string::npos) problem.detail.replace(at, problem.command.size(), ours);
  problem.command = ours;
}

// Where this command line points, and (standalone) the code it read: the directory of changes.
flamingock::detail::CommandTarget withTheCode(const Context& context) {
  flamingock::detail::CommandTarget target = context.commandTarget();
  if (context.mode == Mode::kStandalone) {
    target.options.insert(target.options.begin(),
                          {"--changes", context.settings.changes_dir.string()});
  }
  return target;
}

}  // namespace

std::string acceptCommand(const Context& context, const std::string& change_id) {
  return flamingock::detail::acceptCommand(withTheCode(context), change_id);
}

std::string undoCommand(const Context& context, const std::string& change_id) {
  std::vector<std::string> args{"undo", "--to", change_id};
  if (context.mode == Mode::kEmbedded) args.insert(args.begin(), "execute");
  return flamingock::detail::cliCommand(withTheCode(context), args);
}

std::string issueGetCommand(const Context& context, const std::string& change_id) {
  return flamingock::detail::cliCommand(withTheCode(context),
                                        {"issue", "get", change_id, "--guidance"});
}

std::string resolvingCommand(const Context& context, const std::string& change_id,
                             bool unreadable) {
  return flamingock::detail::resolvingCommand(context.commandTarget(), change_id, unreadable);
}

DriftError withOurCommands(const Context& context, const DriftError& error) {
  std::vector<Drift> drifts = error.drifts();
  for (Drift& drift : drifts) drift.command = acceptCommand(context, drift.change_id);
  return DriftError(std::move(drifts));
}

ManualInterventionRequiredError withOurCommands(const Context& context,
                                                const ManualInterventionRequiredError& error) {
  std::vector<BlockedChange> blocked = error.blocked();
  for (BlockedChange& change : blocked) {
    change.command = resolvingCommand(context, change.change_id,
                                      change.state == flamingock::detail::kUnreadableState);
  }
  return ManualInterventionRequiredError(std::move(blocked));
}

ValidationReport withOurCommands(const Context& context, ValidationReport report) {
  for (ValidationProblem& problem : report.problems) {
    if (problem.kind == ProblemKind::kDrift) {
      replaceCommand(problem, acceptCommand(context, problem.change_id));
    } else if (problem.kind == ProblemKind::kNeedsPerson) {
      // The detail opens with the blocked change's state (see validateLog).
      bool unreadable = problem.detail.starts_with(flamingock::detail::kUnreadableState);
      replaceCommand(problem, resolvingCommand(context, problem.change_id, unreadable));
    }
  }
  return report;
}

}  // namespace flamingock::cli::detail
