// The lifecycle commands beside `run` (docs/cli-reference.md#lifecycle-commands): `undo`,
// `validate` and `baseline`, standalone over a directory of YAML changes, embedded as `execute
// undo|validate|baseline` over the service's own.
#include <memory>
#include <optional>

#include "cli/commands.h"
#include "cli/console.h"
#include "cli/lock_wait_lines.h"
#include "cli/our_commands.h"
#include "flamingock/cli.h"
#include "flamingock/lifecycle.h"

namespace flamingock::cli::detail {
namespace {

constexpr const char* kRunAgain =
    "The next `run` applies undone changes again (unless disabled, excluded by the active\n"
    "profiles or after --up-to).";

std::string idList(const std::vector<std::string>& ids) {
  std::string list;
  for (const std::string& id : ids) list += (list.empty() ? "" : ", ") + id;
  return list;
}

struct UndoCommand {
  std::optional<std::string> to;
  std::optional<int> count;
  bool all = false;
  bool dry_run = false;
};

int undo(Context& context, Console& console, const UndoCommand& command) {
  Runner runner = pipelineShowingLockWaits(context, console).build();
  UndoSummary summary = runner.undo({command.to, command.count, command.all, command.dry_run});
  std::vector<std::string> ids;
  for (const UndoneChange& change : summary.changes) ids.push_back(change.change_id);
  if (console.json()) {
    nlohmann::json changes = nlohmann::json::array();
    for (const UndoneChange& change : summary.changes) {
      changes.push_back({{"changeId", change.change_id},
                         {"stageId", change.stage_id},
                         {"rolledBack", change.rolled_back}});
    }
    console.print(nlohmann::json{
        {"executionId", summary.execution_id}, {"dryRun", summary.dry_run}, {"changes", changes}});
  } else if (ids.empty()) {
    console.line("Nothing to undo: no change is applied.");
  } else if (summary.dry_run) {
    console.line("Dry run: would roll back " + std::to_string(ids.size()) +
                 " change(s), newest first: " + idList(ids) + "; nothing was changed.");
  } else {
    for (const std::string& id : ids)
      console.line("  " + console.paintState("ROLLED_BACK") + "  " + id);
    console.line("Rolled back " + std::to_string(ids.size()) + " change(s) (execution " +
                 summary.execution_id + ").");
    console.line(kRunAgain);
  }
  return 0;
}

// `--missing info|fail`: what the log's changes that are not in this code are.
CLI::Validator missingValidator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (text == "info" || text == "fail") return "";
        return "'" + text + "' is not what to make of changes missing from the code: info or fail";
      },
      "info|fail");
}

void printValidateSummary(Console& console, const ValidationReport& report) {
  console.line(report.ok() ? "The audit log and the code agree."
                           : std::to_string(report.problems.size()) +
                                 " problem(s): the audit log and the code disagree.");
  if (report.not_in_code.empty()) return;
  console.line(std::to_string(report.not_in_code.size()) +
               " change(s) in the log are not in this code: applied by another service or tool "
               "sharing the log (--missing fail makes them problems).");
}

int validate(Context& context, Console& console, const std::string& missing) {
  ValidationReport report = withOurCommands(
      context, context.pipeline().build().validate({.fail_on_missing = missing == "fail"}));
  if (console.json()) {
    nlohmann::json problems = nlohmann::json::array();
    for (const ValidationProblem& problem : report.problems) {
      nlohmann::json entry{
          {"kind", toString(problem.kind)},
          {"changeId", problem.change_id},
          {"detail", problem.detail},
          {"command", problem.remedy ? nlohmann::json(remedyCommand(context, *problem.remedy))
                                     : nlohmann::json()}};
      if (problem.kind == ProblemKind::kDrift) {
        entry["recordedChecksum"] = problem.recorded_checksum;
        entry["currentChecksum"] = problem.current_checksum;
      }
      problems.push_back(std::move(entry));
    }
    nlohmann::json excluded = nlohmann::json::array();
    for (const auto& [id, reason] : report.excluded) {
      excluded.push_back({{"changeId", id}, {"reason", reason}});
    }
    nlohmann::json not_in_code = nlohmann::json::array();
    for (const auto& [id, state] : report.not_in_code) {
      not_in_code.push_back({{"changeId", id}, {"state", state}});
    }
    console.print(nlohmann::json{{"ok", report.ok()},
                                 {"problems", problems},
                                 {"excluded", excluded},
                                 {"notInCode", not_in_code}});
  } else {
    Table table{{"KIND", "CHANGE ID", "DETAIL"}};
    for (const ValidationProblem& problem : report.problems) {
      table.rows.push_back(
          {std::string(toString(problem.kind)), problem.change_id, problem.detail});
    }
    for (const auto& [id, reason] : report.excluded) table.rows.push_back({"not run", id, reason});
    for (const auto& [id, state] : report.not_in_code) {
      table.rows.push_back({"not in code (info)", id, "current state " + state});
    }
    if (!table.rows.empty()) console.print(table);
    printValidateSummary(console, report);
  }
  return report.ok() ? kExitSuccess : kExitFailure;
}

struct BaselineCommand {
  std::string up_to;
  bool dry_run = false;
};

int baseline(Context& context, Console& console, const BaselineCommand& command) {
  BaselineSummary summary =
      pipelineShowingLockWaits(context, console).build().baseline({command.up_to, command.dry_run});
  if (console.json()) {
    console.print(nlohmann::json{{"executionId", summary.execution_id},
                                 {"dryRun", summary.dry_run},
                                 {"changeIds", summary.change_ids}});
  } else if (summary.change_ids.empty()) {
    console.line("Nothing to baseline: no change up to '" + command.up_to + "' is pending.");
  } else {
    console.line(std::string(summary.dry_run ? "Dry run: would mark " : "Marked ") +
                 std::to_string(summary.change_ids.size()) +
                 " change(s) applied without running them: " + idList(summary.change_ids) +
                 (summary.dry_run ? "; nothing was changed." : "."));
  }
  return 0;
}

// `name` under `parent`; standalone commands also read the changes of a directory.
CLI::App* addCommand(CLI::App& parent, Context& context, const std::string& name,
                     const std::string& help) {
  CLI::App* command = parent.add_subcommand(name, help);
  if (context.mode == Mode::kStandalone) addChangesOption(*command, context);
  return command;
}

}  // namespace

void addLifecycleCommands(CLI::App& app, Context& context) {
  CLI::App* parent = &app;
  if (context.mode == Mode::kEmbedded) parent = app.get_subcommand("execute");

  auto undo_command = std::make_shared<UndoCommand>();
  CLI::App* undo_app = addCommand(
      *parent, context, "undo",
      std::string("Rolls back applied changes, newest first, under the lock: the newest one,\n"
                  "--count N of them, those down to --to ID (included) or --all. Refuses,\n"
                  "changing nothing, when a selected change has no rollback. A non-transactional\n"
                  "rollback is first marked STARTED, so that an undo cut off half-way leaves an\n"
                  "interrupted attempt, not APPLIED. Each is recorded ROLLED_BACK; a failed\n"
                  "rollback ROLLBACK_FAILED, and the undo stops.\n") +
          kRunAgain +
          "\nJSON: an object with executionId, dryRun and changes (changeId, stageId, "
          "rolledBack).");
  CLI::Option* to = undo_app->add_option("--to", undo_command->to,
                                         "undo down to this applied change id, included");
  CLI::Option* count = undo_app->add_option("--count", undo_command->count,
                                            "undo this many applied changes (default 1)");
  CLI::Option* all = undo_app->add_flag("--all", undo_command->all, "undo every applied change");
  to->excludes(count)->excludes(all);
  count->excludes(all);
  undo_app->add_flag("--dry-run", undo_command->dry_run,
                     "show what would be undone; change nothing");
  addLockTimeoutOption(*undo_app, context);
  setAction(*undo_app, context, [&context, undo_command](Console& console) {
    return undo(context, console, *undo_command);
  });

  auto missing = std::make_shared<std::string>("info");
  CLI::App* validate_app = addCommand(
      *parent, context, "validate",
      "Checks the audit log against the changes, without the lock and without writing. Exit 0\n"
      "when they agree; 1 listing each problem by kind: pending, needs a person, drift, not in\n"
      "code (an unreadable entry of no change here). Changes in the log but not in the code,\n"
      "applied by another service or tool sharing the log, are listed for information: no\n"
      "problem unless --missing fail. Disabled and excluded changes are listed as not run.\n"
      "JSON: an object with ok, problems (kind, changeId, detail, command: the resolving\n"
      "command or null; a drift's also recordedChecksum and currentChecksum), excluded\n"
      "(changeId, reason) and notInCode (changeId, state).");
  validate_app
      ->add_option("--missing", *missing,
                   "changes in the log but not in the code: info (listed) or fail (problems)")
      ->capture_default_str()
      ->check(missingValidator());
  setAction(*validate_app, context,
            [&context, missing](Console& console) { return validate(context, console, *missing); });

  auto baseline_command = std::make_shared<BaselineCommand>();
  CLI::App* baseline_app = addCommand(
      *parent, context, "baseline",
      "Records every pending change up to and including --up-to ID as applied\n"
      "(MANUAL_MARKED_AS_APPLIED, with its current checksum) without running it, under the\n"
      "lock: for tables that already hold the data. Refuses changes that need a person (that\n"
      "is `audit fix`).\n"
      "JSON: an object with executionId, dryRun and changeIds.");
  baseline_app->add_option("--up-to", baseline_command->up_to, "the last change id to mark")
      ->required();
  baseline_app->add_flag("--dry-run", baseline_command->dry_run,
                         "show what would be marked; change nothing");
  addLockTimeoutOption(*baseline_app, context);
  setAction(*baseline_app, context, [&context, baseline_command](Console& console) {
    return baseline(context, console, *baseline_command);
  });
}

void addChangesOption(CLI::App& command, Context& context, bool required) {
  command
      .add_option("--changes", context.settings.changes_dir,
                  "directory of the YAML changes (*.yaml, *.yml)")
      ->required(required);
}

}  // namespace flamingock::cli::detail
