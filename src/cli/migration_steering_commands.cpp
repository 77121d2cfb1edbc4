// `migrations pause ID`, `migrations resume ID`, `migrations set-rate ID N`,
// `migrations accept-failures ID`: steering a background change's job from any machine
// (docs/operations.md#steering-a-migration). Each is recorded on the job; its workers obey at
// their next checkpoint.
#include <cmath>
#include <functional>
#include <memory>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "cli/console.h"
#include "flamingock/administration.h"

namespace flamingock::cli::detail {
namespace {

std::string rateText(const std::optional<double>& rate) {
  if (!rate) return "the change's own maximum";
  if (*rate == 0) return "no limit";
  std::ostringstream text;
  text << *rate << " items/s for the whole fleet";
  return text.str();
}

using Steer = std::function<JobRecord(Administration&, const std::string& change_id)>;

// Runs `steer` on the store's Administration and prints the job as it is now, after `done`.
int steered(Context& context, Console& console, const std::string& change_id,
            const std::string& done, const Steer& steer) {
  Administration administration(context.service.auditStore(context.settings));
  JobRecord job = steer(administration, change_id);
  if (console.json()) {
    nlohmann::json rate = job.rate ? nlohmann::json(*job.rate) : nlohmann::json(nullptr);
    console.print(nlohmann::json{{"changeId", job.change_id},
                                 {"state", toString(job.state)},
                                 {"rate", rate},
                                 {"failedItems", job.failed_items},
                                 {"failuresAccepted", job.failures_accepted}});
    return 0;
  }
  console.line("The job of change '" + job.change_id + "' " + done + ": it is " +
               toString(job.state) + ", at " + rateText(job.rate) +
               ". Workers obey at their next checkpoint.");
  return 0;
}

// Adds `name CHANGE_ID` to `migrations`: `steer` on that change, then what was `done`.
CLI::App* addSteering(CLI::App& migrations, Context& context, const std::string& name,
                      const std::string& help, const std::string& done, Steer steer) {
  constexpr char kJson[] =
      "\nJSON: an object with changeId, state (RUNNING, PAUSED), rate (items per second for the\n"
      "whole fleet, 0: no limit; null: the change's own MaxItemsPerSecond), failedItems and\n"
      "failuresAccepted.";
  CLI::App* command = migrations.add_subcommand(name, help + kJson);
  auto change_id = std::make_shared<std::string>();
  command->add_option("CHANGE_ID", *change_id, "the background change")->required();
  setAction(*command, context, [&context, change_id, done, steer](Console& console) {
    return steered(context, console, *change_id, done, steer);
  });
  return command;
}

}  // namespace

void addMigrationSteeringCommands(CLI::App& migrations, Context& context) {
  addSteering(migrations, context, "pause",
              "Pauses the job: from one checkpoint interval on, no worker writes for it;\n"
              "workers keep their segments and go on where they were at `migrations resume`.",
              "is paused", &Administration::pauseJob);
  addSteering(migrations, context, "resume",
              "Resumes a paused job: its workers write again at their next checkpoint.",
              "is resumed", &Administration::resumeJob);
  auto rate = std::make_shared<double>(0);
  addSteering(migrations, context, "set-rate",
              "Sets the job's rate, items per second for the whole fleet (0: no limit),\n"
              "shared among the segments being worked on; throttling may still slow it.",
              "has a new rate",
              [rate](Administration& admin, const std::string& change_id) {
                return admin.setJobRate(change_id, *rate);
              })
      ->add_option("ITEMS_PER_SECOND", *rate, "items per second; 0: no limit")
      ->required();
  addSteering(migrations, context, "accept-failures",
              "Accepts the job's quarantined items (MaxFailedItems), those so far and any to\n"
              "come: the job ends APPLIED with them in its metadata instead of FAILED. Give it\n"
              "before the job ends; `migrations status` lists them.",
              "has its failed items accepted", &Administration::acceptJobFailures);
}

}  // namespace flamingock::cli::detail
