// How the CLI shows data migrations (docs/cli-reference.md#data-migrations): a live progress line
// while one runs, and the checkpoints migrations left (Administration::migrationStatus), for
// `audit list --extended` and `issue get`.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "cli/console.h"
#include "flamingock/administration.h"
#include "flamingock/listener.h"
#include "flamingock/progress_store.h"

namespace flamingock::cli::detail {

// Prints migration progress: on a terminal one line rewritten in place at every event; otherwise
// a plain line every 10 seconds, and the last one.
class MigrationProgressLine {
 public:
  explicit MigrationProgressLine(Console& console);
  void show(const ProgressEvent& progress);

 private:
  Console& console_;
  bool live_;
  std::chrono::steady_clock::time_point last_line_{};
};

// "orders: 3/8 segments, 1200 scanned, 1100 written, 100 skipped, 850 items/s, ~42 s left".
std::string progressText(const ProgressEvent& progress);

// "1200 scanned, 1100 written, 100 skipped, 0 failed".
std::string countsText(const ItemCounts& counts);

// Adds `counts` to `object`: scanned, written, skipped, failed.
void addCountsJson(nlohmann::json& object, const ItemCounts& counts);

// "table orders: 3/8 segments done, 1200 scanned, ... (checkpoint by r at
// 2026-11-30T15:00:00.000)".
std::string checkpointText(const ProgressRecord& record);

// {"phase", "index", "table", "segmentsDone", "totalSegments", "scanned", "written", "skipped",
// "failed", "complete", "runner", "updatedAt"}: the counts are of every segment, finished or
// under way.
nlohmann::json checkpointJson(const ProgressRecord& record);

// Adds to `object` (a change's) "migrations": checkpointJson of each of `records`, and
// "migration": that of the one written last (what a change with one migration shows).
void addCheckpointsJson(nlohmann::json& object, const std::vector<ProgressRecord>& records);

// "Migration checkpoints:" and a line per migration; nothing when there is none.
void printMigrationCheckpoints(Console& console, const MigrationStatus& checkpoints);

}  // namespace flamingock::cli::detail
