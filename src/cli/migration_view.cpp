#include "cli/migration_view.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>

namespace flamingock::cli::detail {
namespace {

constexpr std::chrono::seconds kPlainLineInterval{10};

}  // namespace

std::string countsText(const ItemCounts& counts) {
  return std::to_string(counts.scanned) + " scanned, " + std::to_string(counts.written) +
         " written, " + std::to_string(counts.skipped) + " skipped, " +
         std::to_string(counts.failed) + " failed";
}

void addCountsJson(nlohmann::json& object, const ItemCounts& counts) {
  object["scanned"] = counts.scanned;
  object["written"] = counts.written;
  object["skipped"] = counts.skipped;
  object["failed"] = counts.failed;
}

MigrationProgressLine::MigrationProgressLine(Console& console)
    : console_(console), live_(isatty(STDOUT_FILENO) == 1) {}

void MigrationProgressLine::show(const ProgressEvent& progress) {
  std::string text = "  migrating " + progressText(progress);
  if (live_) {
    // Back to the line's start, then clear what a longer line left.
    std::cout << '\r' << text << "\033[K" << (progress.finished ? "\n" : "") << std::flush;
    return;
  }
  auto now = std::chrono::steady_clock::now();
  if (!progress.finished && now - last_line_ < kPlainLineInterval) return;
  last_line_ = now;
  console_.line(text);
}

std::string progressText(const ProgressEvent& progress) {
  std::string text = progress.subject + ": " + std::to_string(progress.parts_done) + "/" +
                     std::to_string(progress.total_parts) + " segments, " +
                     std::to_string(progress.scanned) + " scanned, " +
                     std::to_string(progress.written) + " written, " +
                     std::to_string(progress.skipped) + " skipped, " +
                     std::to_string(static_cast<long long>(progress.items_per_second)) + " items/s";
  if (progress.estimated_time_left && !progress.finished) {
    text += ", ~" + std::to_string(progress.estimated_time_left->count()) + " s left";
  }
  return text;
}

std::string checkpointText(const ProgressRecord& record) {
  return "table " + record.subject + ": " + std::to_string(record.parts_done) + "/" +
         std::to_string(record.total_parts) + " segments done, " + countsText(record.totals) +
         (record.complete ? ", complete" : "") + " (checkpoint by " + record.runner_id + " at " +
         record.updated_at + ")";
}

nlohmann::json checkpointJson(const ProgressRecord& record) {
  nlohmann::json json = {{"phase", toString(record.key.phase)},
                         {"index", record.key.index},
                         {"table", record.subject},
                         {"segmentsDone", record.parts_done},
                         {"totalSegments", record.total_parts},
                         {"complete", record.complete},
                         {"runner", record.runner_id},
                         {"updatedAt", record.updated_at}};
  addCountsJson(json, record.totals);
  return json;
}

void addCheckpointsJson(nlohmann::json& object, const std::vector<ProgressRecord>& records) {
  if (records.empty()) return;
  nlohmann::json all = nlohmann::json::array();
  for (const auto& record : records) all.push_back(checkpointJson(record));
  // ISO-8601 times of one format compare as text.
  auto last = std::max_element(records.begin(), records.end(), [](const auto& a, const auto& b) {
    return a.updated_at < b.updated_at;
  });
  object["migration"] = checkpointJson(*last);
  object["migrations"] = std::move(all);
}

void printMigrationCheckpoints(Console& console, const MigrationStatus& checkpoints) {
  if (checkpoints.empty()) return;
  console.line("Migration checkpoints:");
  for (const auto& [change, records] : checkpoints) {
    for (const auto& record : records) {
      console.line("  " + change + "  " + toString(record.key.phase) + " #" +
                   std::to_string(record.key.index) + "  " + checkpointText(record));
    }
  }
}

}  // namespace flamingock::cli::detail
