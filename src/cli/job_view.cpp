#include "cli/job_view.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "cli/migration_view.h"
#include "flamingock/audit_entry.h"

namespace flamingock::cli::detail {
namespace {

// When the job's parts were last saved; its start when none was.
std::string latestUpdate(const JobStatus& status) {
  std::string latest = status.job.created_at;
  for (const JobPart& part : status.parts) latest = std::max(latest, part.updated_at);
  return latest;
}

double secondsBetween(const std::string& from, const std::string& to) {
  try {
    return std::chrono::duration<double>(parseCreatedAt(to) - parseCreatedAt(from)).count();
  } catch (const std::exception&) {
    return 0;  // a time written by another tool: no pace
  }
}

}  // namespace

JobPace paceOf(const JobStatus& status) {
  JobPace pace;
  ItemCounts totals = status.totals();
  double elapsed = secondsBetween(status.job.created_at, latestUpdate(status));
  if (elapsed > 0) pace.items_per_second = static_cast<double>(totals.scanned) / elapsed;
  if (status.job.state != JobState::kRunning) {
    pace.seconds_left = 0;
    return pace;
  }
  std::int64_t done_items = 0;
  int done = 0;
  for (const JobPart& part : status.parts) {
    if (!part.done) continue;
    done_items += part.counts.scanned;
    ++done;
  }
  if (done == 0 || pace.items_per_second <= 0) return pace;
  double expected = static_cast<double>(done_items) / done * status.job.definition.total_parts;
  double left = std::max(0.0, expected - static_cast<double>(totals.scanned));
  pace.seconds_left = static_cast<std::int64_t>(left / pace.items_per_second);
  return pace;
}

std::string rateText(const JobRecord& job) {
  if (!job.rate) return "as the change defines it";
  if (*job.rate == 0) return "no limit (set by an operator)";
  std::ostringstream text;
  // Enough digits to show the rate as typed, without an exponent for a large one.
  text << std::setprecision(15) << *job.rate << " items/s (set by an operator)";
  return text.str();
}

std::string failedItemsText(const JobRecord& job) {
  if (job.failed_items == 0) return job.failures_accepted ? "none, accepted" : "none";
  return std::to_string(job.failed_items) +
         (job.failures_accepted ? ", accepted" : ", not accepted");
}

std::string jobText(const JobStatus& status) {
  const JobRecord& job = status.job;
  ItemCounts totals = status.totals();
  JobPace pace = paceOf(status);
  std::string text = std::string(toString(job.state)) + ", table " + job.definition.subject + ": " +
                     std::to_string(job.parts_done) + "/" +
                     std::to_string(job.definition.total_parts) + " segments done, " +
                     countsText(totals) + ", " +
                     std::to_string(static_cast<long long>(pace.items_per_second)) + " items/s";
  if (job.state == JobState::kRunning) {
    text += pace.seconds_left ? ", ~" + std::to_string(*pace.seconds_left) + " s left"
                              : ", time left unknown";
    text += ", " + std::to_string(status.workers().size()) + " worker(s)";
  }
  return text;
}

nlohmann::json jobJson(const JobStatus& status, bool segments) {
  const JobRecord& job = status.job;
  ItemCounts totals = status.totals();
  JobPace pace = paceOf(status);
  nlohmann::json json = {{"changeId", job.change_id},
                         {"executionId", job.execution_id},
                         {"state", toString(job.state)},
                         {"table", job.definition.subject},
                         {"segmentsDone", job.parts_done},
                         {"totalSegments", job.definition.total_parts},
                         {"itemsPerSecond", pace.items_per_second},
                         {"estimatedSecondsLeft", nullptr},
                         {"rate", job.rate ? nlohmann::json(*job.rate) : nlohmann::json(nullptr)},
                         {"failedItemCount", job.failed_items},
                         {"failuresAccepted", job.failures_accepted},
                         {"workers", status.workers()},
                         {"createdAt", job.created_at},
                         {"updatedAt", latestUpdate(status)}};
  addCountsJson(json, totals);
  if (pace.seconds_left) json["estimatedSecondsLeft"] = *pace.seconds_left;
  if (!segments) return json;
  nlohmann::json parts = nlohmann::json::array();
  for (const JobPart& part : status.parts) {
    nlohmann::json segment = {{"segment", part.index},
                              {"owner", part.owner},
                              {"version", part.version},
                              {"done", part.done},
                              {"updatedAt", part.updated_at}};
    addCountsJson(segment, part.counts);
    parts.push_back(std::move(segment));
  }
  json["segments"] = std::move(parts);
  return json;
}

const JobStatus* jobOf(const std::vector<JobStatus>& jobs, const std::string& change_id) {
  auto found =
      std::ranges::find(jobs, change_id, [](const JobStatus& job) { return job.job.change_id; });
  return found == jobs.end() ? nullptr : &*found;
}

bool jobInProgress(const std::vector<JobStatus>& jobs, const AuditEntry& current) {
  const JobStatus* job = jobOf(jobs, current.change_id);
  return job != nullptr && unfinished(job->job.state) && current.state == AuditState::kStarted &&
         job->job.execution_id == current.execution_id;
}

void printJobs(Console& console, const std::vector<JobStatus>& jobs) {
  if (jobs.empty()) return;
  console.line("Background jobs:");
  for (const JobStatus& job : jobs) console.line("  " + job.job.change_id + ": " + jobText(job));
}

Table segmentTable(const JobStatus& status) {
  Table table{{"SEGMENT", "OWNER", "DONE", "SCANNED", "WRITTEN", "SKIPPED", "FAILED",
               "UPDATED AT (UTC, OWNER'S CLOCK)"}};
  for (const JobPart& part : status.parts) {
    table.rows.push_back({std::to_string(part.index), part.owner, part.done ? "yes" : "no",
                          std::to_string(part.counts.scanned), std::to_string(part.counts.written),
                          std::to_string(part.counts.skipped), std::to_string(part.counts.failed),
                          part.updated_at});
  }
  return table;
}

}  // namespace flamingock::cli::detail
