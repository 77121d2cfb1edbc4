#include "dynamodb/store/progress_table.h"

#include <algorithm>
#include <climits>

#include "dynamodb/client/json_codec.h"
#include "dynamodb/store/lock_item.h"
#include "dynamodb/store/store_schema.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

constexpr char kProgressPrefix[] = "progress#";

// The attributes of the generic members; every other attribute is a member of the state.
constexpr const char* kRecordAttributes[] = {
    kPartitionKey, "changeId",  "phase",        "migrationIndex", "attemptChain", "runnerId",
    "updatedAt",   "tableName", "segmentsDone", "totalSegments",  "totals",       "complete"};

bool isRecordAttribute(const std::string& name) {
  return std::any_of(std::begin(kRecordAttributes), std::end(kRecordAttributes),
                     [&](const char* attribute) { return name == attribute; });
}

// What the keys of the progress items of `change_id` start with; of every change when empty.
std::string progressKeyPrefix(const std::string& change_id) {
  return change_id.empty() ? kProgressPrefix : kProgressPrefix + change_id + "#";
}

const AttributeValue& required(const Item& item, const std::string& name) {
  auto found = item.find(name);
  if (found == item.end()) {
    throw Error("migration progress item has no attribute '" + name + "'");
  }
  return found->second;
}

// An optional string attribute: items written before it existed have none.
std::string optionalString(const Item& item, const std::string& name) {
  auto found = item.find(name);
  return found == item.end() ? "" : found->second.asString();
}

int count(const Item& item, const std::string& name) {
  std::int64_t value = required(item, name).asInt64();
  if (value < 0 || value > INT_MAX) {
    throw Error("migration progress item has " + name + " " + std::to_string(value));
  }
  return static_cast<int>(value);
}

ChangePhase phaseOf(const Item& item) {
  std::string phase = optionalString(item, "phase");
  if (phase.empty() || phase == toString(ChangePhase::kApply)) return ChangePhase::kApply;
  if (phase == toString(ChangePhase::kRollback)) return ChangePhase::kRollback;
  throw Error("migration progress item has phase '" + phase + "' (not apply or rollback)");
}

// The attributes `record.state` names.
Item stateAttributes(const ProgressRecord& record) {
  if (record.state.empty()) return {};
  Item state;
  try {
    state = readItem(Json::parse(record.state));
  } catch (const std::exception& e) {
    throw Error("the progress of change '" + record.key.change_id +
                "' has a state that is not a JSON object of typed values: " + e.what());
  }
  for (const auto& [name, value] : state) {
    if (isRecordAttribute(name)) {
      throw Error("the progress of change '" + record.key.change_id + "' has a state member '" +
                  name + "', which is an attribute of the record itself");
    }
  }
  return state;
}

}  // namespace

Item toCountsItem(const ItemCounts& counts) {
  return {{"scanned", AttributeValue::number(counts.scanned)},
          {"written", AttributeValue::number(counts.written)},
          {"skipped", AttributeValue::number(counts.skipped)},
          {"failed", AttributeValue::number(counts.failed)}};
}

ItemCounts fromCountsItem(const Item& counts) {
  return {required(counts, "scanned").asInt64(), required(counts, "written").asInt64(),
          required(counts, "skipped").asInt64(), required(counts, "failed").asInt64()};
}

std::string progressKey(const ProgressKey& key) {
  return progressKeyPrefix(key.change_id) + toString(key.phase) + "#" + std::to_string(key.index);
}

Item toProgressItem(const ProgressRecord& record) {
  Item item = stateAttributes(record);
  const ProgressKey& key = record.key;
  item.insert({{kPartitionKey, AttributeValue::string(progressKey(key))},
               {"changeId", AttributeValue::string(key.change_id)},
               {"phase", AttributeValue::string(toString(key.phase))},
               {"migrationIndex", AttributeValue::number(key.index)},
               {"attemptChain", AttributeValue::string(record.attempt_chain)},
               {"tableName", AttributeValue::string(record.subject)},
               {"totalSegments", AttributeValue::number(record.total_parts)},
               {"segmentsDone", AttributeValue::number(record.parts_done)},
               {"totals", AttributeValue::map(toCountsItem(record.totals))},
               {"complete", AttributeValue::boolean(record.complete)},
               {"runnerId", AttributeValue::string(record.runner_id)},
               {"updatedAt", AttributeValue::string(record.updated_at)}});
  return item;
}

ProgressRecord fromProgressItem(const Item& item) {
  auto index = item.find("migrationIndex");
  ProgressRecord record{
      .key = {required(item, "changeId").asString(), phaseOf(item),
              index == item.end() ? 0 : static_cast<int>(index->second.asInt64())},
      .attempt_chain = optionalString(item, "attemptChain"),
      .runner_id = required(item, "runnerId").asString(),
      .updated_at = required(item, "updatedAt").asString(),
      .subject = required(item, "tableName").asString(),
      .parts_done = count(item, "segmentsDone"),
      .total_parts = count(item, "totalSegments"),
      .totals = fromCountsItem(required(item, "totals").asMap()),
      .complete = required(item, "complete").asBool()};
  Item state;
  for (const auto& [name, value] : item) {
    if (!isRecordAttribute(name)) state.emplace(name, value);
  }
  JsonWriter json;
  writeItem(json, state);
  record.state = std::move(json).take();
  return record;
}

ProgressTable::ProgressTable(Client client, std::string lock_table)
    : client_(std::move(client)), lock_table_(std::move(lock_table)) {}

std::optional<ProgressRecord> ProgressTable::read(const ProgressKey& key) {
  GetItemResult got = client_.getItem(
      {.table_name = lock_table_, .key = lockItemKey(progressKey(key)), .consistent_read = true});
  if (!got.item) return std::nullopt;
  return fromProgressItem(*got.item);
}

void ProgressTable::write(const ProgressRecord& record, const Fence& fence) {
  try {
    client_.transactWriteItems({.transact_items = {
                                    Put{.table_name = lock_table_, .item = toProgressItem(record)},
                                    fenceCheck(lock_table_, fence),
                                }});
  } catch (const DynamoDBError& e) {
    const auto& reasons = e.cancellationReasons();
    if (e.code() == ErrorCode::kTransactionCanceled && reasons.size() == 2 &&
        reasons[1].code == "ConditionalCheckFailed") {
      throw LockLostError("lock '" + fence.lock_key + "' in table '" + lock_table_ +
                          "' is no longer held by '" + fence.owner +
                          "': refused to checkpoint the migration of change '" +
                          record.key.change_id + "'");
    }
    throw;
  }
}

std::vector<ProgressRecord> ProgressTable::list(const std::string& change_id) {
  ScanRequest scan{
      .table_name = lock_table_,
      .filter_expression = "begins_with(#key, :progress)",
      .expression_attribute_names = {{"#key", kPartitionKey}},
      .expression_attribute_values = {{":progress",
                                       AttributeValue::string(progressKeyPrefix(change_id))}},
      .consistent_read = true};
  std::vector<ProgressRecord> records;
  try {
    client_.scanAll(scan, [&](ItemPage& page) {
      for (const Item& item : page.items) {
        ProgressRecord record = fromProgressItem(item);
        // Another change whose id begins with this one's.
        if (change_id.empty() || record.key.change_id == change_id) {
          records.push_back(std::move(record));
        }
      }
    });
  } catch (const DynamoDBError& e) {
    if (e.code() != ErrorCode::kResourceNotFound) throw;
  }
  return records;
}

}  // namespace flamingock::dynamodb::detail
