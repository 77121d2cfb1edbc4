// A migration's checkpoint as the progress record it keeps through its change's ChangeProgress,
// both ways (docs/tables.md#migration-progress-items): the generic members say how far it came
// (table, segments done and in all, totals, complete), its state where each segment is
// (scanFingerprint, doneSegments, finished, inProgress).
#pragma once

#include <string>

#include "dynamodb/migration/checkpoint.h"
#include "flamingock/progress_store.h"

namespace flamingock::dynamodb::detail {

// The record of `checkpoint`, of the migration `key` of `table_name`.
ProgressRecord checkpointRecord(const ProgressKey& key, const std::string& table_name,
                                const Checkpoint& checkpoint);

// The checkpoint `record` keeps. Throws Error naming the member when it keeps none: a state
// without the checkpoint's members, a segment count out of 1 to 1,000,000.
Checkpoint checkpointOf(const ProgressRecord& record);

}  // namespace flamingock::dynamodb::detail
