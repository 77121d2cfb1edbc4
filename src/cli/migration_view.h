// How the CLI shows data migrations (SPEC §11): a live progress line while one runs, and the
// checkpoint a migration left in the lock table, for `audit list --extended` and `issue get`.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "cli/console.h"
#include "dynamodb/migration/progress_item.h"
#include "flamingock/dynamodb/lock_table.h"
#include "flamingock/listener.h"

namespace flamingock::cli::detail {

// Prints migration progress: on a terminal one line rewritten in place at every event; otherwise
// a plain line every 10 seconds, and the last one.
class MigrationProgressLine {
 public:
  explicit MigrationProgressLine(Console& console);
  void show(const MigrationProgress& progress);

 private:
  Console& console_;
  bool live_;
  std::chrono::steady_clock::time_point last_line_{};
};

// "orders: 3/8 segments, 1200 scanned, 1100 written, 100 skipped, 850 items/s, ~42 s left".
std::string progressText(const MigrationProgress& progress);

// The checkpoints of the migrations recorded in `locks` (none: the store is not on DynamoDB), by
// change id. Empty when there is no lock table or the lock table does not exist.
using MigrationCheckpoints = std::map<std::string, dynamodb::detail::ProgressRecord>;
MigrationCheckpoints migrationCheckpoints(const std::optional<dynamodb::LockTable>& locks);

// The checkpoint of `change_id`'s migration in `locks`, if any (a consistent read of its item).
std::optional<dynamodb::detail::ProgressRecord> migrationCheckpoint(
    const std::optional<dynamodb::LockTable>& locks, const std::string& change_id);

// "table orders: 3/8 segments done, 1200 scanned, ... (checkpoint by r at
// 2026-11-30T15:00:00.000)".
std::string checkpointText(const dynamodb::detail::ProgressRecord& record);

// {"table", "segmentsDone", "totalSegments", "scanned", "written", "skipped", "failed",
// "complete", "runner", "updatedAt"}: the counts are of every segment, finished or under way.
nlohmann::json checkpointJson(const dynamodb::detail::ProgressRecord& record);

// "Migration checkpoints:" and a line per change; nothing when there is none.
void printMigrationCheckpoints(Console& console, const MigrationCheckpoints& checkpoints);

}  // namespace flamingock::cli::detail
