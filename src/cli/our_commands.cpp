#include "cli/our_commands.h"

#include "cli/cli_command.h"

namespace flamingock::cli::detail {
namespace {

// Where this command line points, and (standalone) the code it read: the directory of changes.
CommandTarget withTheCode(const Context& context) {
  CommandTarget target = context.commandTarget();
  if (context.mode == Mode::kStandalone) {
    target.options.insert(target.options.begin(),
                          {"--changes", context.settings.changes_dir.string()});
  }
  return target;
}

}  // namespace

std::string_view resolutionWord(Resolution resolution) {
  return resolution == Resolution::kApplied ? "applied" : "rolled-back";
}

std::string acceptCommand(const Context& context, const std::string& change_id) {
  return fixCommand(withTheCode(context), change_id,
                    std::string(resolutionWord(Resolution::kApplied)));
}

std::string undoCommand(const Context& context, const std::string& change_id) {
  std::vector<std::string> args{"undo", "--to", change_id};
  if (context.mode == Mode::kEmbedded) args.insert(args.begin(), "execute");
  return cliCommand(withTheCode(context), args);
}

std::string issueGetCommand(const Context& context, const std::string& change_id) {
  return cliCommand(withTheCode(context), {"issue", "get", change_id, "--guidance"});
}

std::string remedyCommand(const Context& context, const Remedy& remedy) {
  switch (remedy.kind) {
    case RemedyKind::kMarkResolved:
      return fixCommand(context.commandTarget(), remedy.change_id, "applied|rolled-back");
    case RemedyKind::kAcceptEdit:
      return acceptCommand(context, remedy.change_id);
    case RemedyKind::kRepairEntry:
      break;
  }
  // Without the code: the item is repaired whatever the code says.
  return context.commandLine({"issue", "get", remedy.change_id, "--guidance"});
}

DriftError withOurCommands(const Context& context, const DriftError& error) {
  return DriftError(error.drifts(), [&](const Remedy& remedy) {
    return "accept this edit with: " + remedyCommand(context, remedy);
  });
}

ManualInterventionRequiredError withOurCommands(const Context& context,
                                                const ManualInterventionRequiredError& error) {
  return ManualInterventionRequiredError(error.blocked(), [&](const Remedy& remedy) {
    return "check what it did, then run: " + remedyCommand(context, remedy);
  });
}

ValidationReport withOurCommands(const Context& context, ValidationReport report) {
  for (ValidationProblem& problem : report.problems) {
    if (!problem.remedy) continue;
    problem.detail += problem.remedy->kind == RemedyKind::kAcceptEdit ? "; accept the edit with: "
                                                                      : "; resolve with: ";
    problem.detail += remedyCommand(context, *problem.remedy);
  }
  return report;
}

}  // namespace flamingock::cli::detail
