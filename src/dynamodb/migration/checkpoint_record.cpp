#include "dynamodb/migration/checkpoint_record.h"

#include "dynamodb/client/json_codec.h"
#include "dynamodb/store/progress_table.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

const AttributeValue& required(const Item& item, const std::string& name) {
  auto found = item.find(name);
  if (found == item.end()) {
    throw Error("migration checkpoint has no member '" + name + "'");
  }
  return found->second;
}

std::string stateOf(const Checkpoint& checkpoint) {
  AttributeValue::List in_progress;
  for (const auto& [segment, position] : checkpoint.inProgress()) {
    Item entry = toCountsItem(position.counts);
    entry.emplace("segment", AttributeValue::number(segment));
    entry.emplace("lastKey", AttributeValue::map(position.last_key));
    in_progress.push_back(AttributeValue::map(std::move(entry)));
  }
  Item state{{"scanFingerprint", AttributeValue::string(checkpoint.fingerprint())},
             {"finished", AttributeValue::map(toCountsItem(checkpoint.finishedCounts()))},
             {"inProgress", AttributeValue::list(std::move(in_progress))}};
  // An empty string is refused in older servers' items: no finished segment, no attribute.
  std::string done = checkpoint.doneRanges();
  if (!done.empty()) state.emplace("doneSegments", AttributeValue::string(std::move(done)));
  JsonWriter json;
  writeItem(json, state);
  return std::move(json).take();
}

Item stateItem(const ProgressRecord& record) {
  try {
    return readItem(Json::parse(record.state.empty() ? "{}" : record.state));
  } catch (const std::exception& e) {
    throw Error("migration checkpoint of change '" + record.key.change_id +
                "' has a state that is not a JSON object of typed values: " + e.what());
  }
}

}  // namespace

ProgressRecord checkpointRecord(const ProgressKey& key, const std::string& table_name,
                                const Checkpoint& checkpoint) {
  return {.key = key,
          .subject = table_name,
          .parts_done = checkpoint.segmentsDone(),
          .total_parts = checkpoint.totalSegments(),
          .totals = checkpoint.totals(),
          .complete = checkpoint.complete(),
          .state = stateOf(checkpoint)};
}

Checkpoint checkpointOf(const ProgressRecord& record) {
  if (record.total_parts < 1 || record.total_parts > kMaxSegments) {
    throw Error("migration checkpoint has totalSegments " + std::to_string(record.total_parts));
  }
  Item state = stateItem(record);
  Checkpoint checkpoint(required(state, "scanFingerprint").asString(), record.total_parts);
  auto done = state.find("doneSegments");
  checkpoint.restoreDone(done == state.end() ? "" : done->second.asString(),
                         fromCountsItem(required(state, "finished").asMap()));
  for (const AttributeValue& value : required(state, "inProgress").asList()) {
    const Item& entry = value.asMap();
    checkpoint.restoreInProgress(static_cast<int>(required(entry, "segment").asInt64()),
                                 {required(entry, "lastKey").asMap(), fromCountsItem(entry)});
  }
  return checkpoint;
}

}  // namespace flamingock::dynamodb::detail
