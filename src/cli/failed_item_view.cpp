#include "cli/failed_item_view.h"

#include <string>

namespace flamingock::cli::detail {

nlohmann::json failedItemsJson(const std::vector<FailedItem>& items) {
  nlohmann::json array = nlohmann::json::array();
  for (const FailedItem& item : items) {
    array.push_back({{"key", nlohmann::json::parse(item.key, nullptr, false)},
                     {"error", item.error},
                     {"worker", item.worker},
                     {"failedAt", item.failed_at}});
  }
  return array;
}

namespace {

// What becomes of the failed items of `job`, and of the job.
std::string failuresFate(const JobRecord& job) {
  std::string accept = "`migrations accept-failures " + job.change_id + "`";
  if (job.failures_accepted) {
    return "they are accepted: the job ends APPLIED with them in its metadata.";
  }
  if (job.state == JobState::kCancelled) {
    return "the job was cancelled and its change recorded FAILED: a new job of the change starts "
           "over, and they are not accepted.";
  }
  if (job.state == JobState::kFailed) {
    return "the job ended FAILED: " + accept +
           " accepts them and records the change APPLIED, if every segment is done.";
  }
  return "the job ends FAILED unless " + accept + " is given.";
}

}  // namespace

void printFailedItems(Console& console, const JobRecord& job,
                      const std::vector<FailedItem>& items) {
  if (items.empty()) {
    if (job.failures_accepted) {
      console.line(
          "No item failed so far; failures are accepted: the job ends APPLIED with any "
          "in its metadata.");
    }
    return;
  }
  console.line(std::to_string(items.size()) + " items failed and are quarantined; " +
               failuresFate(job));
  Table table{{"KEY", "ERROR", "WORKER", "FAILED AT (UTC)"}};
  for (const FailedItem& item : items) {
    table.rows.push_back({item.key, item.error, item.worker, item.failed_at});
  }
  console.print(table);
}

}  // namespace flamingock::cli::detail
