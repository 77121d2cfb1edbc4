// The items of background jobs in the lock table (docs/tables.md#background-job-items), both
// ways: `job#<changeId>` is a job, `job#<changeId>#<segment>` one of its parts and
// `job#<changeId>#failed#<checksum of the key>` one of its failed items.
#pragma once

#include <string>

#include "flamingock/dynamodb/attribute_value.h"
#include "flamingock/job_store.h"

namespace flamingock::dynamodb::detail {

inline constexpr char kJobPrefix[] = "job#";
inline constexpr char kSegment[] = "segment";
inline constexpr char kRate[] = "rate";  // the fleet's, set by an operator
inline constexpr char kFailedItems[] = "failedItems";
inline constexpr char kFailuresAccepted[] = "failuresAccepted";
inline constexpr char kFailedKey[] = "failedKey";  // only a failed item has it
inline constexpr char kSegmentsStarted[] = "segmentsStarted";

std::string jobKey(const std::string& change_id);
std::string partKey(const std::string& change_id, int index);
// A failed item of the job: keyed by its key's checksum, so that a repeated failure is one item.
std::string failedPrefix(const std::string& change_id);

// `value` as DynamoDB's decimal text: the shortest that reads back as the same double.
std::string decimal(double value);

// Both ways; throw Error naming the attribute when the item is not a job's (or a part's).
Item toJobItem(const JobRecord& job);
JobRecord fromJobItem(const Item& item);
Item toPartItem(const JobRecord& job, const JobPart& part);
JobPart fromPartItem(const Item& item);
FailedItem fromFailedItem(const Item& item);

}  // namespace flamingock::dynamodb::detail
