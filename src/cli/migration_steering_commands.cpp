// `migrations pause ID`, `migrations resume ID`, `migrations set-rate ID N`,
// `migrations accept-failures ID`, `migrations cancel ID`: steering a background change's job
// from any machine (docs/operations.md#steering-a-migration). Each is recorded on the job; its
// workers obey at their next read of the job. Failures accepted after the job ended FAILED end it
// at once; a cancel ends it CANCELLED with the change's FAILED entry.
#include <functional>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/console.h"
#include "cli/job_view.h"
#include "cli/lock_wait_lines.h"
#include "flamingock/administration.h"

namespace flamingock::cli::detail {
namespace {

// The job as every steering command's JSON shows it.
nlohmann::json steeredJson(const JobRecord& job) {
  nlohmann::json rate = job.rate ? nlohmann::json(*job.rate) : nlohmann::json(nullptr);
  return {{"changeId", job.change_id},
          {"state", toString(job.state)},
          {"rate", rate},
          {"failedItems", job.failed_items},
          {"failuresAccepted", job.failures_accepted}};
}

// "it is RUNNING, rate: no limit (set by an operator)": an unfinished job's state and rate.
std::string stateAndRate(const JobRecord& job) {
  return std::string("it is ") + toString(job.state) + ", rate: " + rateText(job);
}

// The Administration of the store, whose lock waits `console` shows: for the commands that write
// an audit entry under the run's lock.
Administration lockingAdministration(Context& context, Console& console) {
  return Administration(context.service.auditStore(context.settings),
                        {.lock = showingLockWaits(context.settings.lockOptions(), console)});
}

using Steer = std::function<JobRecord(Administration&, const std::string& change_id)>;

// Runs `steer` on the store's Administration and prints the job as it is now, after `done`.
int steered(Context& context, Console& console, const std::string& change_id,
            const std::string& done, const Steer& steer) {
  Administration administration(context.service.auditStore(context.settings));
  JobRecord job = steer(administration, change_id);
  if (console.json()) {
    console.print(steeredJson(job));
    return 0;
  }
  console.line("The job of change '" + job.change_id + "' " + done + ": " + stateAndRate(job) +
               ". Workers obey within a second (at most one checkpoint interval).");
  return 0;
}

// `accept-failures`: accepted on a job that runs (it ends APPLIED), or on one that ended FAILED
// (APPLIED is recorded now, under the lock), or nothing to accept on one that is DONE.
int acceptFailures(Context& context, Console& console, const std::string& change_id) {
  Administration administration = lockingAdministration(context, console);
  std::vector<JobStatus> before = administration.jobs(change_id);
  bool done_before = !before.empty() && before.front().job.state == JobState::kDone;
  JobRecord job = administration.acceptJobFailures(change_id);
  if (console.json()) {
    console.print(steeredJson(job));
    return 0;
  }
  std::string subject = "The job of change '" + job.change_id + "' ";
  std::string failed = std::to_string(job.failed_items) + " failed items";
  if (unfinished(job.state)) {
    console.line(subject + "has its failed items accepted, those so far (" + failed +
                 ") and any to come: " + stateAndRate(job) +
                 ", and it ends APPLIED with them in its metadata instead of FAILED.");
  } else if (done_before) {
    console.line(subject + "was DONE already: the change is APPLIED (" + failed +
                 " accepted); nothing to accept.");
  } else {
    console.line(subject + "had ended FAILED: its " + failed +
                 " are accepted, the job is DONE and the change's APPLIED entry is recorded now, "
                 "with them in its metadata (migration.failedItems). Runs take the change for "
                 "applied.");
  }
  return 0;
}

// `cancel`: the job ends CANCELLED and the change FAILED, under the lock.
int cancel(Context& context, Console& console, const std::string& change_id) {
  JobRecord job = lockingAdministration(context, console).cancelJob(change_id);
  if (console.json()) {
    console.print(steeredJson(job));
    return 0;
  }
  console.line("The job of change '" + job.change_id + "' is " + toString(job.state) + " (" +
               std::to_string(job.parts_done) + "/" + std::to_string(job.definition.total_parts) +
               " segments done) and the change's FAILED entry is recorded: its workers stop at "
               "their next read of the job. The next run retries the change with a new job "
               "(ALWAYS_RETRY) or stops at it until `audit fix` (MANUAL_INTERVENTION); undo and "
               "audit fix act on it.");
  return 0;
}

using Act = std::function<int(Context&, Console&, const std::string& change_id)>;

// Adds `name CHANGE_ID` to `migrations`, whose action is `act` on that change.
CLI::App* addSteering(CLI::App& migrations, Context& context, const std::string& name,
                      const std::string& help, Act act) {
  constexpr char kJson[] =
      "\nJSON: an object with changeId, state (RUNNING, PAUSED; DONE once accepted failures\n"
      "ended it; CANCELLED once cancelled), rate (items per second for the whole fleet, 0: no\n"
      "limit; null: the change's own MaxItemsPerSecond), failedItems and failuresAccepted.";
  CLI::App* command = migrations.add_subcommand(name, help + kJson);
  auto change_id = std::make_shared<std::string>();
  command->add_option("CHANGE_ID", *change_id, "the background change")->required();
  setAction(*command, context, [&context, change_id, act](Console& console) {
    return act(context, console, *change_id);
  });
  return command;
}

// The action of a command that steers a running job with `steer`, then says what was `done`.
Act steering(const std::string& done, Steer steer) {
  return [done, steer](Context& context, Console& console, const std::string& change_id) {
    return steered(context, console, change_id, done, steer);
  };
}

}  // namespace

void addMigrationSteeringCommands(CLI::App& migrations, Context& context) {
  addSteering(migrations, context, "pause",
              "Pauses the job: within a second (at most one checkpoint interval), no worker writes "
              "for it;\n"
              "workers keep their segments and go on where they were at `migrations resume`.",
              steering("is paused", &Administration::pauseJob));
  addSteering(migrations, context, "resume",
              "Resumes a paused job: its workers write again within a second.",
              steering("is resumed", &Administration::resumeJob));
  auto rate = std::make_shared<double>(0);
  addSteering(migrations, context, "set-rate",
              "Sets the job's rate, items per second for the whole fleet (0: no limit),\n"
              "shared among the segments being worked on; throttling may still slow it.",
              steering("has a new rate",
                       [rate](Administration& admin, const std::string& change_id) {
                         return admin.setJobRate(change_id, *rate);
                       }))
      ->add_option("ITEMS_PER_SECOND", *rate, "items per second; 0: no limit")
      ->required();
  CLI::App* accept = addSteering(
      migrations, context, "accept-failures",
      "Accepts the job's quarantined items (MaxFailedItems; `migrations status` lists\n"
      "them): the change is APPLIED with them in its metadata instead of FAILED. Given\n"
      "while the job runs, those so far and any to come are accepted and it ends APPLIED;\n"
      "given after it ended FAILED with every segment done, APPLIED is recorded at once,\n"
      "under the lock, and runs take the change for applied.",
      &acceptFailures);
  addLockTimeoutOption(*accept, context);
  CLI::App* cancelling = addSteering(
      migrations, context, "cancel",
      "Cancels a RUNNING or PAUSED job, under the lock: the job ends CANCELLED and the\n"
      "change's FAILED entry is recorded in one write; its workers stop at their next\n"
      "read of the job (within a second) and none finishes it. The change is then FAILED as any "
      "failed change:\n"
      "the next run retries it with a new job (ALWAYS_RETRY) or stops at it until\n"
      "`audit fix` (MANUAL_INTERVENTION), and undo and audit fix act on it.",
      &cancel);
  addLockTimeoutOption(*cancelling, context);
}

}  // namespace flamingock::cli::detail
