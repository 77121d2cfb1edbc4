// How the CLI shows a background job's quarantined items (docs/operations.md#steering-a-migration):
// the `failedItems` of `migrations status --json`, and the table after its segments.
#pragma once

#include <vector>

#include "cli/console.h"
#include "flamingock/job_store.h"

namespace flamingock::cli::detail {

// An array of objects with key (the item's key, typed values), error, worker and failedAt.
nlohmann::json failedItemsJson(const std::vector<FailedItem>& items);

// When there are none, whether failures are accepted (nothing when not); else how many, whether
// they were accepted, and a table of them.
void printFailedItems(Console& console, const JobRecord& job, const std::vector<FailedItem>& items);

}  // namespace flamingock::cli::detail
