// `issue list` and `issue get`: the changes that block their stage or, drifted, every run, and
// what to do about each.
#include <algorithm>
#include <memory>
#include <optional>

#include "cli/audit_view.h"
#include "cli/commands.h"
#include "cli/console.h"
#include "cli/job_view.h"
#include "cli/migration_view.h"
#include "cli/our_commands.h"
#include "flamingock/administration.h"

namespace flamingock::cli::detail {
namespace {

struct GetOptions {
  std::string change_id;
  bool guidance = false;
};

// What happened to a change, and how a person can tell which resolution is right.
struct Advice {
  std::string summary;             // one sentence
  std::vector<std::string> steps;  // --guidance
  std::vector<std::string> commands;
};

constexpr const char* kDriftNotChecked =
    "Drift not checked: give --changes DIR, the YAML changes, to compare them with the log.";

// The drifts of the code this command line knows (a service's own, or --changes DIR); none when
// it knows no code.
std::optional<std::vector<Drift>> codeDrifts(Context& context) {
  if (context.mode == Mode::kStandalone && context.settings.changes_dir.empty()) {
    return std::nullopt;
  }
  std::vector<Drift> drifts;
  for (const ValidationProblem& problem : context.pipeline().build().validate().problems) {
    if (problem.kind != ProblemKind::kDrift) continue;
    drifts.push_back(
        {problem.change_id, problem.recorded_checksum, problem.current_checksum, *problem.remedy});
  }
  return drifts;
}

std::string driftDetail(const Drift& drift) {
  return "applied with checksum " + drift.recorded_checksum + ", now " + drift.current_checksum;
}

// {"recordedChecksum", "currentChecksum"}; null when no drift.
nlohmann::json driftJson(const Drift* drift) {
  if (drift == nullptr) return nullptr;
  return {{"recordedChecksum", drift->recorded_checksum},
          {"currentChecksum", drift->current_checksum}};
}

Advice driftAdvice(const Context& context, const Drift& drift) {
  return {"Its code changed since it was applied (checksum " + drift.recorded_checksum + " then, " +
              drift.current_checksum +
              " now): every run stops with a drift error until the edit is accepted or the "
              "change is undone.",
          {"An applied change does not run again: see whether its tables need what the edit "
           "changes.",
           "If they do not (a comment, or a fix already in place), accept the edit: runs then "
           "skip the change.",
           "If they do, undo it (it needs a rollback; --to also undoes every change applied after "
           "it, newest first): the next run applies the edited code."},
          {remedyCommand(context, drift.remedy), undoCommand(context, drift.change_id)}};
}

// The error of the change's last FAILED entry: for ROLLBACK_FAILED it says why apply failed.
std::string applyError(const std::vector<AuditEntry>& entries) {
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    if (it->state == AuditState::kFailed) return errorMessage(*it);
  }
  return "";
}

// An entry of unknown time: no fix can be ordered after it, the item itself must be repaired.
Advice unreadableAdvice(const Context& context, const AuditEntry& current) {
  std::string item = "item '" + current.unreadable_key + "'";
  std::string table = context.settings.audit_table.empty()
                          ? "the audit table"
                          : "audit table '" + context.settings.audit_table + "'";
  return {"Its audit " + item + " cannot be read (" + current.unreadable_reason +
              "): the change's state is unknown, so only it is blocked.",
          {"Open " + item + " in " + table + " and see what wrote the unreadable attribute.",
           "Rewrite that attribute in a form Flamingock reads (for createdAt: "
           "2026-11-25T10:15:23.123), or delete the item if it is not a real record.",
           "Then run " + context.commandLine({"issue", "get", current.change_id}) +
               " again to see the change's state."},
          {}};
}

Advice adviceFor(const Context& context, const ChangeStory& story) {
  const AuditEntry& current = story.current;
  if (current.unreadable()) return unreadableAdvice(context, current);
  Advice advice;
  if (!story.unfinished) {
    advice.summary = "No issue: its current state is " + std::string(toString(current.state)) +
                     "; nothing to do.";
    return advice;
  }
  for (Resolution resolution : {Resolution::kApplied, Resolution::kRolledBack}) {
    advice.commands.push_back(fixCommand(context.commandTarget(), current.change_id,
                                         std::string(resolutionWord(resolution))));
  }
  std::string target = current.target_system_id.empty()
                           ? "the target system"
                           : "target system '" + current.target_system_id + "'";
  bool undoing = story.undoing;
  if (current.state == AuditState::kStarted && undoing) {
    advice.summary =
        "It was applied; then an undo running its rollback stopped before recording an outcome "
        "(the process died, or lost its connection or its lock): whether the rollback's writes "
        "happened is unknown.";
    advice.steps = {"Check " + target + " for the change's effects.",
                    "If none are left (the rollback finished, or you finished it), mark it rolled "
                    "back: the next run applies it again.",
                    "If all of them are there, mark it applied (and undo it again if you still "
                    "want it undone)."};
  } else if (current.state == AuditState::kStarted) {
    advice.summary =
        "The run applying it stopped before recording an outcome (the process died, or lost its "
        "connection or its lock): whether its writes happened is unknown.";
    advice.steps = {"Check " + target + " for the change's effects.",
                    "If all of them are there, mark it applied.",
                    "If none are (or you undid them), mark it rolled back: the next run applies "
                    "it again."};
  } else if (current.state == AuditState::kFailed) {
    advice.summary = "Its apply failed (" + errorMessage(current) +
                     ") and it has no rollback: part of its writes may have happened.";
    advice.steps = {"Look in " + target + " at what it wrote before failing.",
                    "Either finish its work by hand and mark it applied,",
                    "or undo what it wrote, fix the cause, and mark it rolled back: the next run "
                    "applies it again."};
  } else if (undoing) {
    advice.summary = "It was applied; then an undo ran its rollback, which failed (" +
                     errorMessage(current) + "): part of the rollback's writes may have happened.";
    advice.steps = {"Undo by hand what remains of it in " + target +
                        " and mark it rolled back: the next run applies it again,",
                    "or put back what the rollback removed and mark it applied."};
  } else {
    advice.summary = "Its apply failed (" + applyError(story.entries) +
                     ") and then its rollback failed too (" + errorMessage(current) +
                     "): part of its writes may remain.";
    advice.steps = {"Undo by hand what remains in " + target +
                        ", fix the cause, and mark it rolled back: the next run applies it again,",
                    "or complete its work by hand and mark it applied."};
  }
  if (!story.issue) {
    advice.summary += " The next run applies it again by itself (" +
                      std::string(current.recovery_strategy == RecoveryStrategy::kAlwaysRetry
                                      ? "its recovery strategy is ALWAYS_RETRY"
                                      : "its transaction never committed") +
                      "); marking it is optional.";
  }
  return advice;
}

int listIssues(Context& context, Console& console) {
  Administration admin(context.service.auditStore(context.settings));
  AuditHistory history = admin.readLog();
  std::vector<JobStatus> jobs = admin.jobs();
  std::vector<const AuditEntry*> blocked;
  for (const Issue& issue : Administration::issues(history)) {
    // A background change whose job runs is in progress: its workers finish it.
    if (jobInProgress(jobs, issue.current)) continue;
    blocked.push_back(history.current(issue.current.change_id));
  }
  std::optional<std::vector<Drift>> drifts = codeDrifts(context);
  std::vector<std::pair<const AuditEntry*, Drift>> drifted;
  for (const Drift& drift : drifts.value_or(std::vector<Drift>{})) {
    if (const AuditEntry* current = history.current(drift.change_id)) {
      drifted.emplace_back(current, drift);
    }
  }
  std::string needs_person(toString(ProblemKind::kNeedsPerson));
  std::string drift_kind(toString(ProblemKind::kDrift));
  if (console.json()) {
    nlohmann::json array = nlohmann::json::array();
    for (const AuditEntry* entry : blocked) {
      array.push_back(entryJson(*entry));
      array.back()["kind"] = needs_person;
    }
    for (const auto& [entry, drift] : drifted) {
      array.push_back(entryJson(*entry));
      array.back()["kind"] = drift_kind;
      array.back()["recordedChecksum"] = drift.recorded_checksum;
      array.back()["currentChecksum"] = drift.current_checksum;
    }
    console.print(array);
  } else if (blocked.empty() && drifted.empty()) {
    console.line(drifts ? "No issues: no change needs a person or drifted."
                        : "No issues: no change needs a person.");
  } else {
    Table table{
        {"CHANGE ID", "ISSUE", "STATE", "CREATED AT (UTC)", "HOST", "RUNNER", "DETAIL"}, {}, 2};
    auto addRow = [&](const AuditEntry& entry, const std::string& kind, std::string detail) {
      table.rows.push_back({entry.change_id, kind, stateText(entry), createdAtText(entry),
                            entry.execution_hostname, entry.runner_id, std::move(detail)});
    };
    for (const AuditEntry* entry : blocked) addRow(*entry, needs_person, errorMessage(*entry));
    for (const auto& [entry, drift] : drifted) addRow(*entry, drift_kind, driftDetail(drift));
    console.print(table);
    console.line("Details and the resolving commands: " + issueGetCommand(context, "CHANGE_ID"));
  }
  if (!drifts) console.note(kDriftNotChecked);
  return 0;
}

// What a background change whose job is unfinished needs: nothing, or a resume when paused.
Advice backgroundAdvice(const JobStatus& job) {
  if (job.job.state == JobState::kPaused) {
    return {"Its job is paused: no worker writes for it until `migrations resume " +
                job.job.change_id + "`; then the workers finish it and record APPLIED. " +
                "`migrations cancel " + job.job.change_id +
                "` ends it instead, recording the change FAILED.",
            {},
            {}};
  }
  return {
      "Its job runs in the background: the workers finish it and record APPLIED; nothing to "
      "do.",
      {},
      {}};
}

int getIssue(Context& context, Console& console, const GetOptions& options) {
  if (options.change_id.empty()) {
    throw UsageError("issue get: give the change id, as CHANGE_ID or with --change-id");
  }
  Administration admin(context.service.auditStore(context.settings));
  AuditHistory history = admin.readLog();
  ChangeStory story = Administration::story(history, options.change_id);
  std::vector<JobStatus> jobs = admin.jobs(options.change_id);
  bool in_background = jobInProgress(jobs, story.current);
  if (in_background) story.issue.reset();
  // Only an applied change can have drifted: the code is read only then.
  std::optional<std::vector<Drift>> drifts =
      story.applied ? codeDrifts(context) : std::vector<Drift>{};
  const Drift* drift = nullptr;
  if (drifts) {
    auto found = std::ranges::find(*drifts, options.change_id, &Drift::change_id);
    if (found != drifts->end()) drift = &*found;
  }
  Advice advice = drift           ? driftAdvice(context, *drift)
                  : in_background ? backgroundAdvice(jobs.front())
                                  : adviceFor(context, story);
  MigrationStatus migrations = admin.migrationStatus(history, options.change_id);

  if (console.json()) {
    nlohmann::json entries = nlohmann::json::array();
    for (const AuditEntry& entry : story.entries) entries.push_back(entryJson(entry));
    nlohmann::json issue{{"changeId", options.change_id},
                         {"state", stateText(story.current)},
                         {"needsPerson", story.issue.has_value() || drift != nullptr},
                         {"drift", driftJson(drift)},
                         {"history", entries},
                         {"migration", nullptr},
                         {"migrations", nlohmann::json::array()},
                         {"summary", advice.summary},
                         {"guidance", advice.steps},
                         {"commands", advice.commands}};
    if (auto found = migrations.find(options.change_id); found != migrations.end()) {
      addCheckpointsJson(issue, found->second);
    }
    issue["job"] = jobs.empty() ? nlohmann::json(nullptr) : jobJson(jobs.front(), true);
    console.print(issue);
    return 0;
  }
  console.line("Change '" + options.change_id +
               "': " + console.paintState(stateText(story.current)));
  std::vector<const AuditEntry*> entries;
  for (const AuditEntry& entry : story.entries) entries.push_back(&entry);
  console.print(entryTable(entries, true));
  printMigrationCheckpoints(console, migrations);
  printJobs(console, jobs);
  console.line("");
  console.line(advice.summary);
  if (options.guidance) {
    for (std::size_t i = 0; i < advice.steps.size(); ++i) {
      console.line("  " + std::to_string(i + 1) + ". " + advice.steps[i]);
    }
  }
  if (!advice.commands.empty()) {
    console.line("Resolve it with one of:");
    for (const std::string& command : advice.commands) console.line("  " + command);
  }
  if (!drifts) console.note(kDriftNotChecked);
  return 0;
}

}  // namespace

void addIssueCommands(CLI::App& app, Context& context) {
  CLI::App* issue = app.add_subcommand("issue", "Changes that need a person, and what to do");
  issue->require_subcommand(1);
  bool standalone = context.mode == Mode::kStandalone;
  std::string drift_checked = standalone ? "against --changes DIR (without it, not at all).\n"
                                         : "against this service's code.\n";

  CLI::App* list = issue->add_subcommand(
      "list",
      "Every change whose current state blocks its stage (STARTED, non-transactional FAILED,\n"
      "ROLLBACK_FAILED, with the MANUAL_INTERVENTION strategy; UNREADABLE: one of its audit\n"
      "items cannot be read): when, host, runner and error (UNREADABLE: the item's key, why).\n"
      "Also every applied change whose code changed since (drift: every run stops), checked\n" +
          drift_checked +
          "JSON: an array of entry objects, as `audit list`, each with kind too (needs a person,\n"
          "drift); a drift's also with recordedChecksum and currentChecksum.");
  if (standalone) addChangesOption(*list, context, /*required=*/false);
  setAction(*list, context, [&context](Console& console) { return listIssues(context, console); });

  auto get = std::make_shared<GetOptions>();
  CLI::App* get_command = issue->add_subcommand(
      "get",
      "A change's whole story from the audit log, oldest first, what it means and the\n"
      "commands that resolve it: `audit fix`, or for a drift the `audit fix` that accepts the\n"
      "edit and `undo`; and its data migrations' checkpoints and job.\nDrift is checked " +
          drift_checked +
          "JSON: an object with changeId, state, needsPerson (its state blocks its stage, or it\n"
          "drifted), drift (null, or recordedChecksum and currentChecksum), history (entry\n"
          "objects), migrations (the checkpoints of the data migrations of its latest attempts,\n"
          "each with phase, index, table, segmentsDone, totalSegments, scanned, written,\n"
          "skipped, failed, complete, runner, updatedAt), migration (null, or the one of them\n"
          "written last), job (null, or a background change's job as in `migrations status`),\n"
          "summary, guidance (steps) and commands. A background change whose job runs needs no\n"
          "person: its workers finish it.");
  get_command->add_option("CHANGE_ID", get->change_id, "the change");
  get_command->add_option("-c,--change-id", get->change_id, "the change (Flamingock's form)");
  get_command->add_flag("--guidance", get->guidance, "step by step: how to choose a resolution");
  if (standalone) addChangesOption(*get_command, context, /*required=*/false);
  setAction(*get_command, context,
            [&context, get](Console& console) { return getIssue(context, console, *get); });
}

}  // namespace flamingock::cli::detail
