// The commands that run the pipeline: `run` / `execute apply` (apply what is pending) and `plan`
// (a dry run: what would be applied, nothing written, no lock taken).
#include <memory>

#include "cli/commands.h"
#include "cli/console.h"
#include "cli/lock_wait_lines.h"
#include "cli/migration_view.h"
#include "cli/our_commands.h"
#include "cli/store_role_view.h"
#include "flamingock/listener.h"
#include "flamingock/run_summary.h"

namespace flamingock::cli::detail {
namespace {

// One line a change (and a wait for the lock) as the run goes (table output only; JSON prints the
// summary alone).
class ProgressLines : public Listener {
 public:
  explicit ProgressLines(Console& console) : console_(console), migration_(console) {}

  void onStarted(const RunStartedEvent& event) override {
    if (!event.dry_run && !event.pending.empty()) {
      console_.line("Applying " + std::to_string(event.pending.size()) + " change(s)...");
    }
  }
  void onChangeApplied(const ChangeOutcome& change) override {
    console_.line("  " + console_.paintState("APPLIED") + "  " + change.change_id + "  (" +
                  std::to_string(change.duration.count()) + " ms)");
  }
  void onLockWaitStarted(const LockWaitStartedEvent& wait) override {
    console_.line(lockWaitLine(wait));
  }
  void onProgress(const ProgressEvent& progress) override { migration_.show(progress); }
  void onChangeFailed(const ChangeOutcome& change) override {
    console_.line("  " + console_.paintState("FAILED") + "   " + change.change_id + ": " +
                  change.error);
  }

 private:
  Console& console_;
  MigrationProgressLine migration_;
};

nlohmann::json summaryJson(const RunSummary& summary) {
  nlohmann::json changes = nlohmann::json::array();
  for (const ChangeOutcome& change : summary.changes) {
    changes.push_back({{"changeId", change.change_id},
                       {"stageId", change.stage_id},
                       {"status", toString(change.status)},
                       {"durationMs", change.duration.count()},
                       {"error", change.error},
                       {"reason", change.reason}});
  }
  return {{"executionId", summary.execution_id},
          {"dryRun", summary.dry_run},
          {"applied", summary.applied()},
          {"skipped", summary.skipped()},
          {"failed", summary.failed()},
          {"planned", summary.planned()},
          {"totalDurationMs", summary.total_duration.count()},
          {"changes", changes}};
}

// What the plan says of a change: apply, up to date, or why it waits.
std::string planOf(const ChangeOutcome& change) {
  switch (change.status) {
    case ChangeStatus::kPlanned:
      return "apply";
    case ChangeStatus::kDisabled:
      return "disabled";
    case ChangeStatus::kExcluded:
      return "excluded: " + change.reason;
    case ChangeStatus::kWaiting:
      return change.reason;
    case ChangeStatus::kInBackground:
      return "in background: " + change.reason;
    default:
      return "up to date";
  }
}

void printPlan(Console& console, const RunSummary& summary) {
  Table table{{"CHANGE ID", "STAGE", "PLAN"}};
  for (const ChangeOutcome& change : summary.changes) {
    table.rows.push_back({change.change_id, change.stage_id, planOf(change)});
  }
  if (!table.rows.empty()) console.print(table);
  console.line("Dry run: " + std::to_string(summary.planned()) + " change(s) to apply, " +
               std::to_string(summary.skipped()) + " up to date; nothing was changed.");
}

// The run, beside its progress lines: a failed change's FAILED line showed its error, so the
// error that ends the command line says only where the run stopped and where to read on.
RunSummary runBesideProgressLines(const Context& context, Runner runner,
                                  const RunOptions& options) {
  try {
    return runner.run(options);
  } catch (const ChangeFailedError& e) {
    std::string also = e.auditProblem().empty() ? "" : ", and " + e.auditProblem();
    throw Error("the run stopped at change '" + e.changeId() +
                "', which failed (its error is on its FAILED line)" + also +
                "; what it left and what to do: " + issueGetCommand(context, e.changeId()));
  }
}

struct RunCommand {
  bool dry_run = false;
  std::string up_to;  // empty: every pending change
};

int runPipeline(Context& context, Console& console, const RunCommand& command) {
  bool dry_run = command.dry_run;
  FlamingockBuilder builder = context.pipeline();
  builder.setDryRun(dry_run);
  bool progress = !console.json() && !console.quiet() && !dry_run;
  if (progress) builder.addListener(std::make_shared<ProgressLines>(console));
  RunOptions options{.up_to = command.up_to};
  RunSummary summary = progress ? runBesideProgressLines(context, builder.build(), options)
                                : builder.build().run(options);
  StoreRole role = context.service.auditStore(context.settings)->role();
  if (console.json()) {
    nlohmann::json json = summaryJson(summary);
    json["storeRole"] = storeRoleJson(role);
    console.print(json);
    return 0;
  }
  if (std::string line = storeRoleLine(role); !line.empty() && (dry_run || !console.quiet())) {
    console.line(line);
  }
  if (dry_run) {
    printPlan(console, summary);
  } else if (!console.quiet()) {
    std::size_t background = summary.inBackground();
    console.line(std::to_string(summary.applied()) + " applied, " +
                 std::to_string(summary.skipped()) + " up to date" +
                 (background == 0 ? ""
                                  : ", " + std::to_string(background) +
                                        " in background (`migrations list` shows their jobs)") +
                 " in " + std::to_string(summary.total_duration.count()) + " ms" +
                 (summary.execution_id.empty() ? "" : " (execution " + summary.execution_id + ")"));
  }
  return 0;
}

void setRunAction(CLI::App& command, Context& context, std::shared_ptr<RunCommand> options) {
  command.add_option("--up-to", options->up_to,
                     "apply pending changes up to and including this change id; later ones wait");
  setAction(command, context, [&context, options](Console& console) {
    return runPipeline(context, console, *options);
  });
}

constexpr const char* kRunJsonHelp =
    "JSON: an object with executionId, dryRun, applied, skipped, failed, planned,\n"
    "totalDurationMs, storeRole (kind: single, home, follower or any; region; homeRegion)\n"
    "and changes (changeId, stageId, status, durationMs, error, reason).\n"
    "A pending change that does not run is DISABLED, EXCLUDED (by the active profiles) or\n"
    "WAITING (after --up-to), with the reason; nothing is recorded for it. A background change\n"
    "whose job this run started, or which was running already, is IN_BACKGROUND.";

}  // namespace

void addPipelineCommands(CLI::App& app, Context& context) {
  auto run = std::make_shared<RunCommand>();
  auto plan = std::make_shared<RunCommand>(RunCommand{.dry_run = true});
  CLI::App* plan_command;
  if (context.mode == Mode::kStandalone) {
    CLI::App* run_command = app.add_subcommand(
        "run",
        std::string("Applies the pending YAML changes of a directory, one line a change.\n") +
            kRunJsonHelp);
    addChangesOption(*run_command, context);
    run_command->add_flag("--dry-run", run->dry_run, "show the plan; change nothing");
    addLockTimeoutOption(*run_command, context);
    setRunAction(*run_command, context, run);
    plan_command = app.add_subcommand(
        "plan", std::string("What `run` would apply; changes nothing.\n") + kRunJsonHelp);
    addChangesOption(*plan_command, context);
  } else {
    CLI::App* execute = app.add_subcommand("execute", "Runs the service's changes");
    execute->require_subcommand(1);
    CLI::App* apply = execute->add_subcommand(
        "apply", std::string("Applies the pending changes, one line a change.\n") + kRunJsonHelp);
    apply->add_flag("--dry-run", run->dry_run, "show the plan; change nothing");
    addLockTimeoutOption(*apply, context);
    setRunAction(*apply, context, run);
    plan_command = app.add_subcommand(
        "plan", std::string("What `execute apply` would apply; changes nothing.\n") + kRunJsonHelp);
  }
  setRunAction(*plan_command, context, plan);
}

}  // namespace flamingock::cli::detail
