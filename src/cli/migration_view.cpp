#include "cli/migration_view.h"

#include <unistd.h>

#include <iostream>

#include "dynamodb/migration/progress_item.h"
#include "dynamodb/store/store_schema.h"
#include "flamingock/dynamodb/audit_store.h"

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

std::map<std::string, std::string> migrationCheckpoints(AuditStore& store) {
  std::map<std::string, std::string> lines;
  auto* dynamodb_store = dynamic_cast<dynamodb::DynamoDBAuditStore*>(&store);
  if (dynamodb_store == nullptr) return lines;
  dynamodb::ScanRequest scan{
      .table_name = dynamodb_store->options().lock_table_name,
      .filter_expression = "begins_with(#key, :progress)",
      .expression_attribute_names = {{"#key", dynamodb::detail::kPartitionKey}},
      .expression_attribute_values = {{":progress", dynamodb::AttributeValue::string(
                                                        dynamodb::detail::progressKey(""))}},
      .consistent_read = true};
  try {
    dynamodb_store->client().scanAll(scan, [&](dynamodb::ItemPage& page) {
      for (const dynamodb::Item& item : page.items) {
        dynamodb::detail::ProgressRecord record = dynamodb::detail::fromProgressItem(item);
        const auto& checkpoint = record.checkpoint;
        lines[record.change_id] =
            "table " + record.table_name + ": " + std::to_string(checkpoint.segmentsDone()) + "/" +
            std::to_string(checkpoint.totalSegments()) + " segments done, " +
            counts(checkpoint.totals()) + (checkpoint.complete() ? ", complete" : "") +
            " (checkpoint by " + record.runner_id + " at " + record.updated_at + ")";
      }
    });
  } catch (const dynamodb::DynamoDBError& e) {
    if (e.code() != dynamodb::ErrorCode::kResourceNotFound) throw;
  }
  return lines;
}

void printMigrationCheckpoints(Console& console, AuditStore& store, const std::string& change_id) {
  std::map<std::string, std::string> lines = migrationCheckpoints(store);
  if (!change_id.empty())
    std::erase_if(lines, [&](const auto& line) { return line.first != change_id; });
  if (lines.empty()) return;
  console.line("Migration checkpoints:");
  for (const auto& [change, line] : lines) console.line("  " + change + "  " + line);
}

}  // namespace flamingock::cli::detail
