#include "cli/migration_view.h"

#include <unistd.h>

#include <iostream>

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

MigrationCheckpoints migrationCheckpoints(const std::optional<dynamodb::LockTable>& locks) {
  MigrationCheckpoints checkpoints;
  if (!locks) return checkpoints;
  dynamodb::ScanRequest scan{
      .table_name = locks->tableName(),
      .filter_expression = "begins_with(#key, :progress)",
      .expression_attribute_names = {{"#key", dynamodb::detail::kPartitionKey}},
      .expression_attribute_values = {{":progress", dynamodb::AttributeValue::string(
                                                        dynamodb::detail::progressKey(""))}},
      .consistent_read = true};
  try {
    locks->client().scanAll(scan, [&](dynamodb::ItemPage& page) {
      for (const dynamodb::Item& item : page.items) {
        dynamodb::detail::ProgressRecord record = dynamodb::detail::fromProgressItem(item);
        std::string change_id = record.change_id;
        checkpoints.emplace(std::move(change_id), std::move(record));
      }
    });
  } catch (const dynamodb::DynamoDBError& e) {
    if (e.code() != dynamodb::ErrorCode::kResourceNotFound) throw;
  }
  return checkpoints;
}

std::optional<dynamodb::detail::ProgressRecord> migrationCheckpoint(
    const std::optional<dynamodb::LockTable>& locks, const std::string& change_id) {
  if (!locks) return std::nullopt;
  try {
    return dynamodb::detail::ProgressStore(locks->client(), locks->tableName(), change_id).load();
  } catch (const dynamodb::DynamoDBError& e) {
    if (e.code() != dynamodb::ErrorCode::kResourceNotFound) throw;
    return std::nullopt;
  }
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
  return {{"table", record.table_name},
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

void printMigrationCheckpoints(Console& console, const MigrationCheckpoints& checkpoints) {
  if (checkpoints.empty()) return;
  console.line("Migration checkpoints:");
  for (const auto& [change, record] : checkpoints) {
    console.line("  " + change + "  " + checkpointText(record));
  }
}

}  // namespace flamingock::cli::detail
