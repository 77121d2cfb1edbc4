#include "cli/migration_view.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "dynamodb/migration/attempt_chain.h"
#include "dynamodb/store/store_schema.h"

namespace flamingock::cli::detail {
namespace {

constexpr std::chrono::seconds kPlainLineInterval{10};

std::string counts(const dynamodb::MigrationTotals& totals) {
  return std::to_string(totals.scanned) + " scanned, " + std::to_string(totals.written) +
         " written, " + std::to_string(totals.skipped) + " skipped, " +
         std::to_string(totals.failed) + " failed";
}

}  // namespace

MigrationProgressLine::MigrationProgressLine(Console& console)
    : console_(console), live_(isatty(STDOUT_FILENO) == 1) {}

void MigrationProgressLine::show(const MigrationProgress& progress) {
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

std::string progressText(const MigrationProgress& progress) {
  std::string text = progress.table_name + ": " + std::to_string(progress.segments_done) + "/" +
                     std::to_string(progress.total_segments) + " segments, " +
                     std::to_string(progress.scanned) + " scanned, " +
                     std::to_string(progress.written) + " written, " +
                     std::to_string(progress.skipped) + " skipped, " +
                     std::to_string(static_cast<long long>(progress.items_per_second)) + " items/s";
  if (progress.estimated_time_left && !progress.finished) {
    text += ", ~" + std::to_string(progress.estimated_time_left->count()) + " s left";
  }
  return text;
}

MigrationCheckpoints migrationCheckpoints(const std::optional<dynamodb::LockTable>& locks,
                                          const AuditHistory& history,
                                          const std::string& change_id) {
  MigrationCheckpoints checkpoints;
  if (!locks) return checkpoints;
  dynamodb::ScanRequest scan{
      .table_name = locks->tableName(),
      .filter_expression = "begins_with(#key, :progress)",
      .expression_attribute_names = {{"#key", dynamodb::detail::kPartitionKey}},
      .expression_attribute_values = {{":progress",
                                       dynamodb::AttributeValue::string(
                                           dynamodb::detail::progressKeyPrefix(change_id))}},
      .consistent_read = true};
  std::map<std::string, dynamodb::detail::AttemptChain> chains;
  auto chainOf = [&](const std::string& id) -> const dynamodb::detail::AttemptChain& {
    auto found = chains.find(id);
    if (found == chains.end()) {
      found = chains.emplace(id, dynamodb::detail::attemptChainOf(history.entries(), id)).first;
    }
    return found->second;
  };
  try {
    locks->client().scanAll(scan, [&](dynamodb::ItemPage& page) {
      for (const dynamodb::Item& item : page.items) {
        dynamodb::detail::ProgressRecord record = dynamodb::detail::fromProgressItem(item);
        const std::string& id = record.migration.change_id;
        // Another change whose id begins with this one's, or a void checkpoint.
        if (!change_id.empty() && id != change_id) continue;
        if (record.attempt_chain.empty() || record.attempt_chain != chainOf(id).id) continue;
        checkpoints[id].push_back(std::move(record));
      }
    });
  } catch (const dynamodb::DynamoDBError& e) {
    if (e.code() != dynamodb::ErrorCode::kResourceNotFound) throw;
  }
  for (auto& [id, records] : checkpoints) {
    std::sort(records.begin(), records.end(), [](const auto& a, const auto& b) {
      return std::pair(a.migration.phase, a.migration.index) <
             std::pair(b.migration.phase, b.migration.index);
    });
  }
  return checkpoints;
}

std::string checkpointText(const dynamodb::detail::ProgressRecord& record) {
  const dynamodb::detail::Checkpoint& checkpoint = record.checkpoint;
  return "table " + record.table_name + ": " + std::to_string(checkpoint.segmentsDone()) + "/" +
         std::to_string(checkpoint.totalSegments()) + " segments done, " +
         counts(checkpoint.totals()) + (checkpoint.complete() ? ", complete" : "") +
         " (checkpoint by " + record.runner_id + " at " + record.updated_at + ")";
}

nlohmann::json checkpointJson(const dynamodb::detail::ProgressRecord& record) {
  const dynamodb::detail::Checkpoint& checkpoint = record.checkpoint;
  dynamodb::MigrationTotals totals = checkpoint.totals();
  return {{"phase", toString(record.migration.phase)},
          {"index", record.migration.index},
          {"table", record.table_name},
          {"segmentsDone", checkpoint.segmentsDone()},
          {"totalSegments", checkpoint.totalSegments()},
          {"scanned", totals.scanned},
          {"written", totals.written},
          {"skipped", totals.skipped},
          {"failed", totals.failed},
          {"complete", checkpoint.complete()},
          {"runner", record.runner_id},
          {"updatedAt", record.updated_at}};
}

void addCheckpointsJson(nlohmann::json& object,
                        const std::vector<dynamodb::detail::ProgressRecord>& records) {
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

void printMigrationCheckpoints(Console& console, const MigrationCheckpoints& checkpoints) {
  if (checkpoints.empty()) return;
  console.line("Migration checkpoints:");
  for (const auto& [change, records] : checkpoints) {
    for (const auto& record : records) {
      console.line("  " + change + "  " + toString(record.migration.phase) + " #" +
                   std::to_string(record.migration.index) + "  " + checkpointText(record));
    }
  }
}

}  // namespace flamingock::cli::detail
