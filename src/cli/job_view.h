// How the CLI shows background changes' jobs (docs/cli-reference.md#background-migrations), for
// `migrations list` and `migrations status`, `audit list --extended` and `issue get`.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "cli/console.h"
#include "flamingock/administration.h"

namespace flamingock::cli::detail {

// How fast a job goes and how long it has left, from its parts' counts and times.
struct JobPace {
  double items_per_second = 0;  // scanned, from the job's start to its parts' latest save
  // From the items its finished segments held on average; none before one finished, or when
  // nothing is scanned yet.
  std::optional<std::int64_t> seconds_left;
};

JobPace paceOf(const JobStatus& status);

// "RUNNING, table orders: 3/8 segments done, 1200 scanned, 1100 written, 100 skipped, 0 failed,
// 850 items/s, ~42 s left, 2 workers".
std::string jobText(const JobStatus& status);

// The fleet's rate an operator set, or the definition's: "200 items/s (set by an operator)", "no
// limit (set by an operator)", "as the change defines it".
std::string rateText(const JobRecord& job);

// The quarantined items and whether an operator accepted them: "none", "none, accepted",
// "3, not accepted", "3, accepted".
std::string failedItemsText(const JobRecord& job);

// {changeId, executionId, state, table, segmentsDone, totalSegments, scanned, written, skipped,
// failed, itemsPerSecond, estimatedSecondsLeft, rate, failedItemCount, failuresAccepted, workers,
// createdAt, updatedAt}, rate null when no operator set one, and with
// `segments`, "segments": one object per part ever claimed {segment, owner, version, done,
// scanned, written, skipped, failed, updatedAt}.
nlohmann::json jobJson(const JobStatus& status, bool segments = false);

// The job of `change_id` among `jobs`; null when it has none.
const JobStatus* jobOf(const std::vector<JobStatus>& jobs, const std::string& change_id);

// Whether `current`, a change's current entry, is the STARTED entry of its job in `jobs` that is
// unfinished (running or paused): in progress, not a change that needs a person.
bool jobInProgress(const std::vector<JobStatus>& jobs, const AuditEntry& current);

// "Background jobs:" and a line per job (jobText); nothing when there is none.
void printJobs(Console& console, const std::vector<JobStatus>& jobs);

// The segments of a job as a table: SEGMENT, OWNER, DONE, SCANNED, WRITTEN, SKIPPED, FAILED,
// UPDATED AT.
Table segmentTable(const JobStatus& status);

}  // namespace flamingock::cli::detail
