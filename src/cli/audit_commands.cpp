// `audit list` and `audit fix`.
#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <string_view>

#include "cli/audit_view.h"
#include "cli/commands.h"
#include "cli/console.h"
#include "cli/job_view.h"
#include "cli/lock_wait_lines.h"
#include "cli/migration_view.h"
#include "cli/our_commands.h"
#include "flamingock/administration.h"

namespace flamingock::cli::detail {
namespace {

// "applied" / "rolled-back", as resolutionWord writes them; also Flamingock's APPLIED /
// ROLLED_BACK, any case.
std::optional<Resolution> parseResolution(std::string_view text) {
  std::string normal(text);
  std::transform(normal.begin(), normal.end(), normal.begin(), [](unsigned char c) {
    return c == '_' ? '-' : static_cast<char>(std::tolower(c));
  });
  for (Resolution resolution : {Resolution::kApplied, Resolution::kRolledBack}) {
    if (normal == resolutionWord(resolution)) return resolution;
  }
  return std::nullopt;
}

struct ListOptions {
  bool history = false;
  bool extended = false;
  std::string since;  // empty: no filter; checked while parsing
};

struct FixCommand {
  std::string positional_id;
  std::string option_id;
  std::string resolution;  // checked while parsing
};

int listEntries(Context& context, Console& console, const ListOptions& options) {
  Administration admin(context.service.auditStore(context.settings));
  AuditHistory history = admin.readLog();
  std::vector<const AuditEntry*> entries =
      options.history ? inTimeOrder(history) : history.currentEntries();
  if (!options.since.empty())
    entries = createdSince(std::move(entries), *parseSince(options.since));
  // Only --extended reads the progress records: the plain list stays one read of the audit log.
  MigrationStatus migrations;
  std::vector<JobStatus> jobs;
  if (options.extended) {
    migrations = admin.migrationStatus(history);
    jobs = admin.jobs();
  }
  if (console.json()) {
    nlohmann::json array = nlohmann::json::array();
    for (const AuditEntry* entry : entries) {
      nlohmann::json object = entryJson(*entry);
      auto migration = migrations.find(entry->change_id);
      if (migration != migrations.end()) addCheckpointsJson(object, migration->second);
      if (const JobStatus* job = jobOf(jobs, entry->change_id)) object["job"] = jobJson(*job);
      array.push_back(std::move(object));
    }
    console.print(array);
  } else if (entries.empty()) {
    console.line("No audit entries.");
  } else {
    console.print(entryTable(entries, options.extended));
    printMigrationCheckpoints(console, migrations);
    printJobs(console, jobs);
  }
  return 0;
}

// The fix through the pipeline when the code is known (a service's own changes, or --changes
// DIR), so that a change marked applied carries its checksum in the code; else from the log.
AuditEntry markResolved(Context& context, Console& console, const std::string& change_id,
                        Resolution resolution) {
  try {
    if (context.mode == Mode::kEmbedded || !context.settings.changes_dir.empty()) {
      return pipelineShowingLockWaits(context, console).build().fix({change_id, resolution});
    }
    Administration administration(
        context.service.auditStore(context.settings),
        {.lock = showingLockWaits(context.settings.lockOptions(), console)});
    return administration.fix(change_id, resolution);
  } catch (const ChecksumUnknownError& e) {
    throw UsageError(std::string("audit fix: ") + e.what() +
                     ": give --changes DIR, the directory of the YAML changes, so that its new "
                     "checksum can be read; nothing was written");
  } catch (const OptionError& e) {
    // Marked rolled back, only an applied change is refused (Runner::fix): undo is the way.
    if (resolution != Resolution::kRolledBack) throw;
    throw UsageError(std::string(e.what()) + "; run: " + undoCommand(context, change_id));
  }
}

int fixChange(Context& context, Console& console, const FixCommand& options) {
  if (options.positional_id.empty() == options.option_id.empty()) {
    throw UsageError("audit fix: give the change id once, as CHANGE_ID or with --change-id");
  }
  const std::string& change_id =
      options.positional_id.empty() ? options.option_id : options.positional_id;
  Resolution resolution = *parseResolution(options.resolution);
  AuditEntry written = markResolved(context, console, change_id, resolution);
  if (console.json()) {
    console.print(entryJson(written));
  } else {
    console.line("Change '" + change_id + "' marked " + std::string(resolutionWord(resolution)) +
                 " (" + std::string(toString(written.state)) + " at " +
                 formatCreatedAt(written.created_at) + ").");
  }
  return 0;
}

CLI::Validator sinceValidator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (parseSince(text)) return "";
        return "'" + text +
               "' is not an ISO-8601 date or date-time (2026-11-25, 2026-11-25T10:15:23)";
      },
      "DATE");
}

CLI::Validator resolutionValidator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (parseResolution(text)) return "";
        return "'" + text + "' is not a resolution: applied or rolled-back (APPLIED, ROLLED_BACK)";
      },
      "applied|rolled-back");
}

}  // namespace

void addAuditCommands(CLI::App& app, Context& context) {
  CLI::App* audit = app.add_subcommand("audit", "Read the audit log; resolve a blocked change");
  audit->require_subcommand(1);

  auto list = std::make_shared<ListOptions>();
  CLI::App* list_command = audit->add_subcommand(
      "list",
      "Each change's current state (its latest entry); --all: every entry, oldest first.\n"
      "JSON: an array of entry objects with the keys changeId, stageId, state, createdAt, author,\n"
      "order, type, targetSystemId, txStrategy, recoveryStrategy, executionId, invokedClass,\n"
      "invokedMethod, sourceFile, hostname, runnerId, executionMillis (number), error, "
      "errorTrace,\n"
      "checksum, libraryVersion, metadata (object), itemKey; with --extended, the entries of a\n"
      "change that ran data migrations also have migrations (the checkpoints of its latest\n"
      "attempts: phase, index, table, segmentsDone, totalSegments, scanned, written, skipped,\n"
      "failed, complete, runner, updatedAt) and migration (the one written last), and those of a\n"
      "background change job (as in `migrations list`). An item that\n"
      "cannot be read shows as state UNREADABLE with its key, and the reason as error.");
  list_command->add_flag("--all,--history", list->history, "every entry, in time order");
  list_command->add_flag(
      "--extended", list->extended,
      "also execution id, class, method, host, runner, duration, checkpoints and jobs");
  list_command
      ->add_option("--since", list->since,
                   "only entries created at or after DATE (UTC, ISO-8601 date or "
                   "date-time)")
      ->check(sinceValidator());
  setAction(*list_command, context,
            [&context, list](Console& console) { return listEntries(context, console, *list); });

  auto fix = std::make_shared<FixCommand>();
  bool standalone = context.mode == Mode::kStandalone;
  CLI::App* fix_command = audit->add_subcommand(
      "fix",
      std::string(
          "Mark a STARTED, FAILED or ROLLBACK_FAILED change as applied or rolled back, so that\n"
          "its stage runs again (rolled back: the next run applies it again), or accept the\n"
          "edit of an applied change whose code changed (drift) with --resolution applied, so\n"
          "that runs skip it instead of stopping. Marked applied, the entry records the\n"
          "change's checksum in ") +
          (standalone ? "the code of --changes DIR (without it, the log's checksum is\n"
                        "kept, and an applied change is refused)."
                      : "this service's code.") +
          "\nTo take an applied change's effect away, use undo. Takes the lock like a run.");
  fix_command->add_option("CHANGE_ID", fix->positional_id, "the change to resolve");
  fix_command->add_option("-c,--change-id", fix->option_id, "the change to resolve");
  fix_command->add_option("-r,--resolution", fix->resolution, "applied or rolled-back")
      ->required()
      ->check(resolutionValidator());
  if (standalone) addChangesOption(*fix_command, context, /*required=*/false);
  addLockTimeoutOption(*fix_command, context);
  setAction(*fix_command, context,
            [&context, fix](Console& console) { return fixChange(context, console, *fix); });
}

}  // namespace flamingock::cli::detail
