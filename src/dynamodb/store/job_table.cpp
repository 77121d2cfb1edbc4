#include "dynamodb/store/job_table.h"

#include "core/job_steering.h"
#include "dynamodb/store/audit_item.h"
#include "dynamodb/store/fenced_write.h"
#include "dynamodb/store/job_item.h"
#include "dynamodb/store/lock_item.h"
#include "dynamodb/store/store_schema.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

constexpr char kConditionalCheckFailed[] = "ConditionalCheckFailed";

std::string now() { return formatCreatedAt(std::chrono::system_clock::now()); }

bool refused(const DynamoDBError& e, std::size_t action) {
  const auto& reasons = e.cancellationReasons();
  return e.code() == ErrorCode::kTransactionCanceled && reasons.size() > action &&
         reasons[action].code == kConditionalCheckFailed;
}

LockLostError partLost(const JobRecord& job, const JobPart& part) {
  return LockLostError("part " + std::to_string(part.index) + " of the job of change '" +
                       job.change_id + "' is no longer held by '" + part.owner + "' at version " +
                       std::to_string(part.version) + ": another worker took it over");
}

// Both unfinished states, for conditions on the job's state.
const ExpressionAttributeValues kUnfinished{
    {":running", AttributeValue::string(toString(JobState::kRunning))},
    {":paused", AttributeValue::string(toString(JobState::kPaused))}};

// The update of `job`'s item in `table` that ends it in state `end` if it is still that
// execution's unfinished job.
Update ending(const std::string& table, const JobRecord& job, JobState end) {
  Update update{
      .table_name = table,
      .key = lockItemKey(jobKey(job.change_id)),
      .update_expression = "SET #state = :end, updatedAt = :now",
      .condition_expression = "#state IN (:running, :paused) AND executionId = :execution",
      .expression_attribute_names = {{"#state", "state"}},
      .expression_attribute_values = kUnfinished};
  update.expression_attribute_values.insert(
      {{":end", AttributeValue::string(toString(end))},
       {":now", AttributeValue::string(now())},
       {":execution", AttributeValue::string(job.execution_id)}});
  return update;
}

// The update of `job`'s item in `table` that adds one to its count `attribute`, if it is still of
// that execution: sent with the write of what it counts.
Update countedOnJob(const std::string& table, const JobRecord& job, const char* attribute) {
  return {
      .table_name = table,
      .key = lockItemKey(jobKey(job.change_id)),
      .update_expression = "ADD " + std::string(attribute) + " :one",
      .condition_expression = "executionId = :execution",
      .expression_attribute_values = {{":one", AttributeValue::number(1)},
                                      {":execution", AttributeValue::string(job.execution_id)}}};
}

PutItemRequest alone(Put put) {
  return {.table_name = std::move(put.table_name),
          .item = std::move(put.item),
          .condition_expression = std::move(put.condition_expression),
          .expression_attribute_names = std::move(put.expression_attribute_names),
          .expression_attribute_values = std::move(put.expression_attribute_values)};
}

}  // namespace

JobTable::JobTable(Client client, AuditStoreOptions options)
    : client_(std::move(client)), options_(std::move(options)) {}

void JobTable::start(const JobRecord& job, const AuditEntry& started, const Fence& fence) {
  Put job_item{
      .table_name = options_.lock_table_name,
      .item = toJobItem(job),
      .condition_expression = "attribute_not_exists(#key) OR NOT (#state IN (:running, :paused))",
      .expression_attribute_names = {{"#key", kPartitionKey}, {"#state", "state"}},
      .expression_attribute_values = kUnfinished};
  std::string subject = "the job of change '" + job.change_id + "' and its STARTED entry";
  try {
    FencedWrite(client_, options_, started, fence)
        .send({std::move(job_item)}, "J" + checksumOf(started.partitionKey() + fence.owner),
              subject);
  } catch (const LockLostError&) {
    throw;
  } catch (const Error& e) {
    throw Error(std::string(e.what()) + " (a job of change '" + job.change_id +
                "' that is RUNNING or PAUSED refuses a new one)");
  }
}

std::optional<JobRecord> JobTable::read(const std::string& change_id) {
  GetItemResult got;
  try {
    got = client_.getItem({.table_name = options_.lock_table_name,
                           .key = lockItemKey(jobKey(change_id)),
                           .consistent_read = true});
  } catch (const DynamoDBError& e) {
    // A store never initialised has no job.
    if (e.code() != ErrorCode::kResourceNotFound) throw;
  }
  if (!got.item) return std::nullopt;
  return fromJobItem(*got.item);
}

template <class Record>
std::vector<Record> JobTable::scanKeyed(const std::string& prefix, const std::string& filter,
                                        ExpressionAttributeValues values,
                                        Record (*decode)(const Item&)) const {
  values[":prefix"] = AttributeValue::string(prefix);
  ScanRequest scan{.table_name = options_.lock_table_name,
                   .filter_expression = "begins_with(#key, :prefix) AND " + filter,
                   .expression_attribute_names = {{"#key", kPartitionKey}, {"#segment", kSegment}},
                   .expression_attribute_values = std::move(values),
                   .consistent_read = true};
  std::vector<Record> records;
  try {
    client_.scanAll(scan, [&](ItemPage& page) {
      for (const Item& item : page.items) records.push_back(decode(item));
    });
  } catch (const DynamoDBError& e) {
    if (e.code() != ErrorCode::kResourceNotFound) throw;
  }
  return records;
}

std::vector<JobRecord> JobTable::list() {
  return scanKeyed<JobRecord>(
      kJobPrefix,
      "attribute_not_exists(#segment) AND attribute_not_exists(" + std::string(kFailedKey) + ")",
      {}, &fromJobItem);
}

std::vector<JobPart> JobTable::parts(const JobRecord& job) {
  // Another change whose id begins with this one's "<id>#" has other execution ids.
  return scanKeyed<JobPart>(
      jobKey(job.change_id) + "#", "attribute_exists(#segment) AND executionId = :execution",
      {{":execution", AttributeValue::string(job.execution_id)}}, &fromPartItem);
}

std::optional<JobPart> JobTable::claim(const JobRecord& job, int index, const JobPart* seen,
                                       const std::string& owner) {
  JobPart part = seen != nullptr ? *seen : JobPart{.index = index};
  part.owner = owner;
  ++part.version;
  part.updated_at = now();
  Put put{
      .table_name = options_.lock_table_name,
      .item = toPartItem(job, part),
      .expression_attribute_values = {{":execution", AttributeValue::string(job.execution_id)}}};
  bool first = seen == nullptr;
  if (first) {
    put.condition_expression = "attribute_not_exists(#key) OR executionId <> :execution";
    put.expression_attribute_names["#key"] = kPartitionKey;
  } else {
    put.condition_expression =
        "executionId = :execution AND #owner = :owner AND version = :version AND beat = :beat "
        "AND done = :false";
    put.expression_attribute_names["#owner"] = "owner";
    put.expression_attribute_values.insert({{":owner", AttributeValue::string(seen->owner)},
                                            {":version", AttributeValue::number(seen->version)},
                                            {":beat", AttributeValue::number(seen->beat)},
                                            {":false", AttributeValue::boolean(false)}});
  }
  try {
    if (first && job.parts_started) {
      // The part and the job's count together: the count is of parts really claimed, and the
      // job still unfinished.
      Update count = countedOnJob(options_.lock_table_name, job, kSegmentsStarted);
      count.condition_expression += " AND #state IN (:running, :paused)";
      count.expression_attribute_names["#state"] = "state";
      count.expression_attribute_values.insert(kUnfinished.begin(), kUnfinished.end());
      client_.transactWriteItems(
          {.transact_items = {std::move(put), std::move(count)},
           .client_request_token =
               "C" + checksumOf(partKey(job.change_id, index) + job.execution_id + owner)});
    } else {
      client_.putItem(alone(std::move(put)));
    }
  } catch (const DynamoDBError& e) {
    // Another worker was first (the part), or the job ended or was started again (its count).
    if (e.code() == ErrorCode::kConditionalCheckFailed || refused(e, 0) || refused(e, 1)) {
      return std::nullopt;
    }
    throw;
  }
  return part;
}

void JobTable::save(const JobRecord& job, JobPart& part) {
  JobPart saved = part;
  ++saved.beat;
  saved.updated_at = now();
  Put put{.table_name = options_.lock_table_name,
          .item = toPartItem(job, saved),
          .condition_expression = "#owner = :owner AND version = :version AND done = :false",
          .expression_attribute_names = {{"#owner", "owner"}},
          .expression_attribute_values = {{":owner", AttributeValue::string(part.owner)},
                                          {":version", AttributeValue::number(part.version)},
                                          {":false", AttributeValue::boolean(false)}}};
  try {
    if (!part.done) {
      client_.putItem(alone(std::move(put)));
    } else {
      // The part and the job's count together: the count is of parts really done.
      Update count = countedOnJob(options_.lock_table_name, job, "segmentsDone");
      count.update_expression += " SET updatedAt = :now";
      count.expression_attribute_values[":now"] = AttributeValue::string(saved.updated_at);
      client_.transactWriteItems(
          {.transact_items = {std::move(put), std::move(count)},
           .client_request_token =
               "P" + checksumOf(partKey(job.change_id, part.index) + job.execution_id +
                                std::to_string(part.version) + part.owner)});
    }
  } catch (const DynamoDBError& e) {
    if (e.code() == ErrorCode::kConditionalCheckFailed || refused(e, 0) || refused(e, 1)) {
      throw partLost(job, part);
    }
    throw;
  }
  part = std::move(saved);
}

bool JobTable::finish(const JobRecord& job, const AuditEntry& entry) {
  bool applied = entry.state == AuditState::kApplied;
  Update end = ending(options_.lock_table_name, job, applied ? JobState::kDone : JobState::kFailed);
  if (applied) end.condition_expression += " AND segmentsDone = totalSegments";
  Put audit{.table_name = options_.audit_table_name,
            .item = toAuditItem(entry),
            .condition_expression = "attribute_not_exists(partitionKey)"};
  try {
    client_.transactWriteItems(
        {.transact_items = {std::move(end), std::move(audit)},
         .client_request_token = "F" + checksumOf(entry.partitionKey() + entry.runner_id)});
    return true;
  } catch (const DynamoDBError& e) {
    if (e.code() == ErrorCode::kTransactionCanceled) return false;
    throw;
  }
}

bool JobTable::acceptFailed(const JobRecord& job, const AuditEntry& applied, const Fence& fence) {
  Update accept{
      .table_name = options_.lock_table_name,
      .key = lockItemKey(jobKey(job.change_id)),
      .update_expression =
          "SET #state = :done, " + std::string(kFailuresAccepted) + " = :true, updatedAt = :now",
      .condition_expression =
          "#state = :failed AND executionId = :execution AND segmentsDone = totalSegments",
      .expression_attribute_names = {{"#state", "state"}},
      .expression_attribute_values = {
          {":done", AttributeValue::string(toString(JobState::kDone))},
          {":failed", AttributeValue::string(toString(JobState::kFailed))},
          {":true", AttributeValue::boolean(true)},
          {":now", AttributeValue::string(now())},
          {":execution", AttributeValue::string(job.execution_id)}}};
  return endUnderFence(job, std::move(accept), applied, fence,
                       &flamingock::detail::failedWithEveryPartDone);
}

bool JobTable::cancel(const JobRecord& job, const AuditEntry& failed, const Fence& fence) {
  return endUnderFence(job, ending(options_.lock_table_name, job, JobState::kCancelled), failed,
                       fence, &flamingock::detail::stillUnfinished);
}

bool JobTable::endUnderFence(const JobRecord& job, Update update, const AuditEntry& entry,
                             const Fence& fence,
                             bool (*still)(const JobRecord& stored, const JobRecord&)) {
  std::string state(toString(entry.state));
  std::string subject = "the " + state + " entry of change '" + job.change_id + "' and its job";
  try {
    FencedWrite(client_, options_, entry, fence)
        .send({std::move(update)}, state + checksumOf(entry.partitionKey() + fence.owner), subject);
    return true;
  } catch (const LockError&) {
    throw;
  } catch (const OutcomeUnknownError&) {
    throw;
  } catch (const Error&) {
    // Refused: by the job's condition only if the job is no longer so.
    std::optional<JobRecord> stored = read(job.change_id);
    if (!stored || !still(*stored, job)) return false;
    throw;
  }
}

JobRecord JobTable::steer(const std::string& change_id, const JobSteering& steering) {
  UpdateItemRequest update{.table_name = options_.lock_table_name,
                           .key = lockItemKey(jobKey(change_id)),
                           .update_expression = "SET updatedAt = :now",
                           .condition_expression = "#state IN (:running, :paused)",
                           .expression_attribute_names = {{"#state", "state"}},
                           .expression_attribute_values = kUnfinished,
                           .return_values = ReturnValues::kAllNew};
  update.expression_attribute_values[":now"] = AttributeValue::string(now());
  if (steering.paused) {
    update.update_expression +=
        ", #state = " + std::string(*steering.paused ? ":paused" : ":running");
  }
  if (steering.accept_failures) {
    update.update_expression += ", " + std::string(kFailuresAccepted) + " = :true";
    update.expression_attribute_values[":true"] = AttributeValue::boolean(true);
  }
  if (steering.rate) {
    update.update_expression += ", #rate = :rate";
    update.expression_attribute_names["#rate"] = kRate;
    update.expression_attribute_values[":rate"] = AttributeValue::number(decimal(*steering.rate));
  }
  try {
    return fromJobItem(client_.updateItem(update).attributes);
  } catch (const DynamoDBError& e) {
    if (e.code() != ErrorCode::kConditionalCheckFailed) throw;
  }
  std::optional<JobRecord> job = read(change_id);
  throw Error(
      flamingock::detail::notSteerable(change_id, job ? std::optional(job->state) : std::nullopt));
}

int JobTable::quarantine(const JobRecord& job, const FailedItem& failed) {
  Put item{
      .table_name = options_.lock_table_name,
      .item = {{kPartitionKey,
                AttributeValue::string(failedPrefix(job.change_id) + checksumOf(failed.key))},
               {"changeId", AttributeValue::string(job.change_id)},
               {"executionId", AttributeValue::string(job.execution_id)},
               {kFailedKey, AttributeValue::string(failed.key)},
               {"error", AttributeValue::string(failed.error)},
               {"worker", AttributeValue::string(failed.worker)},
               {"failedAt", AttributeValue::string(failed.failed_at)}},
      .condition_expression = "attribute_not_exists(#key) OR executionId <> :execution",
      .expression_attribute_names = {{"#key", kPartitionKey}},
      .expression_attribute_values = {{":execution", AttributeValue::string(job.execution_id)}}};
  // The item and the job's count together: the count is of items really recorded.
  try {
    client_.transactWriteItems(
        {.transact_items = {std::move(item),
                            countedOnJob(options_.lock_table_name, job, kFailedItems)}});
  } catch (const DynamoDBError& e) {
    // Recorded already (a page repeated after a crash): counted then.
    if (!refused(e, 0)) throw;
  }
  std::optional<JobRecord> now = read(job.change_id);
  return now ? now->failed_items : 0;
}

std::vector<FailedItem> JobTable::failedItems(const JobRecord& job) {
  return scanKeyed<FailedItem>(
      failedPrefix(job.change_id), "attribute_not_exists(#segment) AND executionId = :execution",
      {{":execution", AttributeValue::string(job.execution_id)}}, &fromFailedItem);
}

}  // namespace flamingock::dynamodb::detail
