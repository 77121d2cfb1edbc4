// How the CLI shows data migrations (SPEC §11): a live progress line while one runs, and the
// checkpoint a migration left in the lock table, for `audit list --extended` and `issue get`.
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "cli/console.h"
#include "flamingock/audit_store.h"
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

// The checkpoints of the migrations recorded in `store`'s lock table, by change id, each as one
// line ("table orders: 3/8 segments done, 1200 scanned, ... (runner r, 2026-11-30T15:00:00.000)").
// Empty for a store that is not on DynamoDB or whose lock table does not exist.
std::map<std::string, std::string> migrationCheckpoints(AuditStore& store);

// "Migration checkpoints:" and a line per change with one (of `change_id` alone when given);
// nothing when there is none.
void printMigrationCheckpoints(Console& console, AuditStore& store,
                               const std::string& change_id = "");

}  // namespace flamingock::cli::detail
