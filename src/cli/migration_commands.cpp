// `migrations list`, `migrations status ID` and `migrations work`: background changes' jobs as
// their workers left them, and a dedicated worker (docs/operations.md#background-migrations).
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/console.h"
#include "cli/failed_item_view.h"
#include "cli/job_view.h"
#include "cli/lock_wait_lines.h"
#include "flamingock/administration.h"

namespace flamingock::cli::detail {
namespace {

Administration administration(Context& context) {
  return Administration(context.service.auditStore(context.settings));
}

int listJobs(Context& context, Console& console) {
  std::vector<JobStatus> jobs = administration(context).jobs();
  if (console.json()) {
    nlohmann::json array = nlohmann::json::array();
    for (const JobStatus& job : jobs) array.push_back(jobJson(job));
    console.print(array);
  } else if (jobs.empty()) {
    console.line("No background migration has started.");
  } else {
    Table table{{"CHANGE ID", "JOB", "RATE", "FAILED ITEMS", "STARTED AT (UTC)"}};
    for (const JobStatus& job : jobs) {
      table.rows.push_back({job.job.change_id, jobText(job), rateText(job.job),
                            failedItemsText(job.job), job.job.created_at});
    }
    console.print(table);
  }
  return 0;
}

int showJob(Context& context, Console& console, const std::string& change_id) {
  std::vector<JobStatus> jobs = administration(context).jobs(change_id);
  if (jobs.empty()) {
    throw Error("change '" + change_id + "' has no background migration (see `migrations list`)");
  }
  const JobStatus& job = jobs.front();
  std::vector<FailedItem> failed = administration(context).failedItems(change_id);
  if (console.json()) {
    nlohmann::json json = jobJson(job, true);
    json["failedItems"] = failedItemsJson(failed);
    console.print(json);
    return 0;
  }
  console.line("Change '" + change_id + "': " + jobText(job));
  console.line("Rate: " + rateText(job.job));
  if (!job.parts.empty()) console.print(segmentTable(job));
  printFailedItems(console, job.job, failed);
  return 0;
}

int work(Context& context, Console& console) {
  Runner runner = pipelineShowingLockWaits(context, console).build();
  runner.work();
  std::vector<JobStatus> jobs = administration(context).jobs();
  if (console.json()) {
    nlohmann::json array = nlohmann::json::array();
    for (const JobStatus& job : jobs) array.push_back(jobJson(job));
    console.print(array);
    return 0;
  }
  console.line("No background migration of these changes has work left for this worker.");
  printJobs(console, jobs);
  return 0;
}

}  // namespace

void addMigrationCommands(CLI::App& app, Context& context) {
  CLI::App* migrations = app.add_subcommand(
      "migrations", "Background migrations: the jobs of background changes and their workers");
  migrations->require_subcommand(1);

  CLI::App* list = migrations->add_subcommand(
      "list",
      "Every background change's job: state, segments done, counts, pace, workers, the rate an\n"
      "operator set (migrations set-rate) and the quarantined items, accepted or not. JSON: an\n"
      "array of objects with changeId, executionId, state (RUNNING, PAUSED, DONE, FAILED,\n"
      "CANCELLED: ended by migrations cancel), table, segmentsDone, totalSegments, scanned,\n"
      "written, skipped, failed, itemsPerSecond, estimatedSecondsLeft (null when unknown),\n"
      "rate (items per second for the whole fleet an operator set, 0: no limit; null: the\n"
      "change's own MaxItemsPerSecond), failedItemCount (quarantined), failuresAccepted,\n"
      "workers, createdAt, updatedAt.");
  setAction(*list, context, [&context](Console& console) { return listJobs(context, console); });

  auto change_id = std::make_shared<std::string>();
  CLI::App* status = migrations->add_subcommand(
      "status",
      "One background change's job, in total and per segment (owner, done, counts), its rate and\n"
      "its quarantined items. JSON: the object of `migrations list` with segments, one object\n"
      "per segment ever claimed: segment, owner, version, done, scanned, written, skipped,\n"
      "failed, updatedAt; and failedItems, the quarantined items (MaxFailedItems): key, error,\n"
      "worker, failedAt.");
  status->add_option("CHANGE_ID", *change_id, "the background change")->required();
  setAction(*status, context, [&context, change_id](Console& console) {
    return showJob(context, console, *change_id);
  });

  CLI::App* worker = migrations->add_subcommand(
      "work",
      "Works on the running jobs of these changes' background changes until none has work\n"
      "left: claims free segments, waits for segments others hold until they finish or their\n"
      "lease runs out, then takes them over; the worker finishing the last segment records\n"
      "APPLIED. Returns then (exit 0). JSON: the array of `migrations list`.");
  if (context.mode == Mode::kStandalone) addChangesOption(*worker, context);
  setAction(*worker, context, [&context](Console& console) { return work(context, console); });
  addMigrationSteeringCommands(*migrations, context);
}

}  // namespace flamingock::cli::detail
