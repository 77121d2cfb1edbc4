// One attempt of a migration: the segments' threads, and, on the caller's thread, checkpoints
// every interval, progress events and the lock watch, until every segment ended or one failed.
#pragma once

#include <functional>
#include <string>
#include <thread>

#include "dynamodb/migration/migration_control.h"
#include "flamingock/change_progress.h"
#include "flamingock/dynamodb/client.h"
#include "flamingock/dynamodb/item_migration.h"

namespace flamingock::dynamodb::detail {

// Starts a thread running `work`; throws std::system_error when the system has none to give.
using ThreadStarter = std::function<std::thread(std::function<void()> work)>;

inline std::thread startThread(std::function<void()> work) { return std::thread(std::move(work)); }

struct MigrationSetup {
  const ItemMigrationOptions& options;
  const ItemMigration::Callback& callback;
  const Client& data;             // the target's client; each segment makes its own handle
  const TableDescription& table;  // key schema and approximate item count
  ChangeProgress& progress;       // where checkpoints go, and progress events
  ProgressKey key;                // the migration's
  Checkpoint start;               // to continue from
  ThreadStarter start_thread = startThread;  // tests make it fail
  // Non-null for a worker on a background change's job: the segments are the parts it claims,
  // and `key` and `start` only name the migration.
  JobParts* parts = nullptr;
};

// At most this many segments run at once; the others wait for a free thread.
inline constexpr int kMaxSegmentThreads = 64;
// A worker on a job runs at most this many of its parts at once, leaving the others to the fleet.
inline constexpr int kMaxPartsPerWorker = 4;

// Stores `setup.start` as the checkpoint, runs the segments left in it and returns the totals.
// Throws the first failure (a thread that could not be started is one: the others stop), after a
// last checkpoint of what was done (none when the lock was lost). With `setup.parts`, runs the
// parts it claims until none is left to claim, and returns what they counted; a part taken over
// by another worker stops alone.
MigrationTotals runMigration(MigrationSetup setup);

}  // namespace flamingock::dynamodb::detail
