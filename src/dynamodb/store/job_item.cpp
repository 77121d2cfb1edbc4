#include "dynamodb/store/job_item.h"

#include <array>
#include <charconv>
#include <climits>

#include "core/job_steering.h"
#include "dynamodb/client/json_codec.h"
#include "dynamodb/store/progress_table.h"
#include "dynamodb/store/store_schema.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

const AttributeValue& required(const Item& item, const std::string& name, const char* what) {
  auto found = item.find(name);
  if (found == item.end()) {
    throw Error(std::string(what) + " item has no attribute '" + name + "'");
  }
  return found->second;
}

int whole(const Item& item, const std::string& name, const char* what) {
  std::int64_t value = required(item, name, what).asInt64();
  if (value < 0 || value > INT_MAX) {
    throw Error(std::string(what) + " item has " + name + " " + std::to_string(value));
  }
  return static_cast<int>(value);
}

JobState stateOf(const std::string& text) {
  std::optional<JobState> state = flamingock::detail::jobStateNamed(text);
  if (!state) {
    throw Error("job item has state '" + text +
                "' (not RUNNING, PAUSED, DONE, FAILED or CANCELLED)");
  }
  return *state;
}

}  // namespace

std::string jobKey(const std::string& change_id) { return kJobPrefix + change_id; }

std::string partKey(const std::string& change_id, int index) {
  return jobKey(change_id) + "#" + std::to_string(index);
}

// A failed item of the job: keyed by its key's checksum, so that a repeated failure is one item.
std::string failedPrefix(const std::string& change_id) { return jobKey(change_id) + "#failed#"; }

// `value` as DynamoDB's decimal text: the shortest that reads back as the same double.
std::string decimal(double value) {
  std::array<char, 32> text{};
  auto [end, error] = std::to_chars(text.data(), text.data() + text.size(), value);
  return std::string(text.data(), end);
}

Item toJobItem(const JobRecord& job) {
  Item metadata;
  for (const auto& [name, value] : job.definition.applied_metadata) {
    metadata.emplace(name, AttributeValue::string(value));
  }
  Item item{{kPartitionKey, AttributeValue::string(jobKey(job.change_id))},
            {"changeId", AttributeValue::string(job.change_id)},
            {"executionId", AttributeValue::string(job.execution_id)},
            {"state", AttributeValue::string(toString(job.state))},
            {"tableName", AttributeValue::string(job.definition.subject)},
            {"totalSegments", AttributeValue::number(job.definition.total_parts)},
            {"fingerprint", AttributeValue::string(job.definition.fingerprint)},
            {"leaseMs", AttributeValue::number(job.definition.lease.count())},
            {"appliedMetadata", AttributeValue::map(std::move(metadata))},
            {"segmentsDone", AttributeValue::number(job.parts_done)},
            {"createdAt", AttributeValue::string(job.created_at)},
            {"updatedAt", AttributeValue::string(job.updated_at)}};
  // An empty string is refused in older servers' items: no checksum, no attribute.
  if (!job.definition.change_checksum.empty()) {
    item.emplace("changeChecksum", AttributeValue::string(job.definition.change_checksum));
  }
  if (job.parts_started) {
    item.emplace(kSegmentsStarted, AttributeValue::number(*job.parts_started));
  }
  if (job.rate) item.emplace(kRate, AttributeValue::number(decimal(*job.rate)));
  if (job.failed_items > 0) item.emplace(kFailedItems, AttributeValue::number(job.failed_items));
  if (job.failures_accepted) item.emplace(kFailuresAccepted, AttributeValue::boolean(true));
  return item;
}

JobRecord fromJobItem(const Item& item) {
  const char* what = "job";
  JobRecord job{.change_id = required(item, "changeId", what).asString(),
                .execution_id = required(item, "executionId", what).asString(),
                .state = stateOf(required(item, "state", what).asString()),
                .parts_done = whole(item, "segmentsDone", what),
                .created_at = required(item, "createdAt", what).asString(),
                .updated_at = required(item, "updatedAt", what).asString()};
  if (auto rate = item.find(kRate); rate != item.end())
    job.rate = std::stod(rate->second.asNumber());
  // A job item of an earlier version has no count of segments started.
  job.parts_started = item.contains(kSegmentsStarted)
                          ? std::optional(whole(item, kSegmentsStarted, what))
                          : std::nullopt;
  if (item.contains(kFailedItems)) job.failed_items = whole(item, kFailedItems, what);
  if (auto accepted = item.find(kFailuresAccepted); accepted != item.end()) {
    job.failures_accepted = accepted->second.asBool();
  }
  job.definition = {.subject = required(item, "tableName", what).asString(),
                    .total_parts = whole(item, "totalSegments", what),
                    .fingerprint = required(item, "fingerprint", what).asString(),
                    .lease = std::chrono::milliseconds(required(item, "leaseMs", what).asInt64())};
  for (const auto& [name, value] : required(item, "appliedMetadata", what).asMap()) {
    job.definition.applied_metadata[name] = value.asString();
  }
  if (auto checksum = item.find("changeChecksum"); checksum != item.end()) {
    job.definition.change_checksum = checksum->second.asString();
  }
  return job;
}

Item toPartItem(const JobRecord& job, const JobPart& part) {
  Item state;
  if (!part.state.empty()) {
    try {
      state = readItem(Json::parse(part.state));
    } catch (const std::exception& e) {
      throw Error("part " + std::to_string(part.index) + " of the job of change '" + job.change_id +
                  "' has a state that is not a JSON object of typed values: " + e.what());
    }
  }
  Item item{{kPartitionKey, AttributeValue::string(partKey(job.change_id, part.index))}};
  item.insert({{"changeId", AttributeValue::string(job.change_id)},
               {"executionId", AttributeValue::string(job.execution_id)},
               {kSegment, AttributeValue::number(part.index)},
               {"owner", AttributeValue::string(part.owner)},
               {"version", AttributeValue::number(part.version)},
               {"beat", AttributeValue::number(part.beat)},
               {"done", AttributeValue::boolean(part.done)},
               {"totals", AttributeValue::map(toCountsItem(part.counts))},
               {"state", AttributeValue::map(std::move(state))},
               {"updatedAt", AttributeValue::string(part.updated_at)}});
  return item;
}

JobPart fromPartItem(const Item& item) {
  const char* what = "job part";
  JsonWriter state;
  writeItem(state, required(item, "state", what).asMap());
  return {.index = whole(item, kSegment, what),
          .owner = required(item, "owner", what).asString(),
          .version = required(item, "version", what).asInt64(),
          .beat = required(item, "beat", what).asInt64(),
          .done = required(item, "done", what).asBool(),
          .counts = fromCountsItem(required(item, "totals", what).asMap()),
          .state = std::move(state).take(),
          .updated_at = required(item, "updatedAt", what).asString()};
}

FailedItem fromFailedItem(const Item& item) {
  const char* what = "failed item";
  return {.key = required(item, kFailedKey, what).asString(),
          .error = required(item, "error", what).asString(),
          .worker = required(item, "worker", what).asString(),
          .failed_at = required(item, "failedAt", what).asString()};
}

}  // namespace flamingock::dynamodb::detail
