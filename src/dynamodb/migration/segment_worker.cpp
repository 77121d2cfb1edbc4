#include "dynamodb/migration/segment_worker.h"

#include <sstream>

#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

constexpr std::size_t kMaxBatchWrites = 25;
constexpr int kDefaultPageLimit = 250;

std::string describeKey(const Item& key) {
  std::ostringstream text;
  text << AttributeValue::map(key);
  return text.str();
}

// A segment stopped because another one failed: that failure is the migration's.
struct Stopped {};

[[noreturn]] void failAt(int segment, const Item& item, const std::string& cause,
                         const SegmentWriter& writer, const MigrationShared& shared) {
  shared.checkpoint.recordFailure(segment);
  throw Error("migration of table '" + shared.options.scan.table_name + "' failed at item " +
              describeKey(writer.keyOf(item)) + ": " + cause);
}

// Whether `failure` of `item`'s migration is one no retry cures, which a job quarantines (when it
// allows): the callback's own exception or a ValidationException (arithmetic on a string, an item
// too large). A lost lock or part, a configuration error and any other DynamoDB error are not:
// they stop or fail the migration as they would without quarantine.
bool quarantined(const Item& item, const std::exception& failure, SegmentWriter& writer,
                 const MigrationShared& shared) {
  if (dynamic_cast<const LockLostError*>(&failure) != nullptr ||
      dynamic_cast<const ConfigurationError*>(&failure) != nullptr) {
    return false;
  }
  if (const auto* dynamodb = dynamic_cast<const DynamoDBError*>(&failure);
      dynamodb != nullptr && dynamodb->code() != ErrorCode::kValidation) {
    return false;
  }
  if (!shared.source.quarantine(writer.keyOf(item), failure.what())) return false;
  writer.countFailed();
  return true;
}

}  // namespace

template <class Request>
auto SegmentWriter::unthrottled(const Request& request) -> decltype(request()) {
  for (int attempt = 1;; ++attempt) {
    if (shared_.control.stopped()) throw Stopped{};
    try {
      return request();
    } catch (const DynamoDBError& e) {
      if (!isThrottling(e)) throw;
      slowDown(attempt);
    }
  }
}

void SegmentWriter::slowDown(int attempt) {
  Clock::system().sleepFor(shared_.rate.throttled(attempt));
}

SegmentWriter::SegmentWriter(const Client& client, const MigrationShared& shared)
    : client_(client), shared_(shared), writes_(*this) {}

bool SegmentWriter::update(UpdateItemRequest request) {
  if (request.update_expression.empty()) {
    throw ConfigurationError("migration of table '" + shared_.options.scan.table_name +
                             "': the update of item " + describeKey(request.key) +
                             " has no update_expression");
  }
  if (request.table_name.empty()) request.table_name = shared_.options.scan.table_name;
  try {
    if (shared_.capacity.limits())
      request.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
    UpdateItemResult result = unthrottled([&] { return client_.updateItem(request); });
    if (result.consumed_capacity) {
      shared_.capacity.consumedWrite(result.consumed_capacity->capacity_units);
    }
  } catch (const DynamoDBError& e) {
    if (e.code() != ErrorCode::kConditionalCheckFailed) throw;
    ++counts_.skipped;
    return false;
  }
  ++counts_.written;
  return true;
}

void SegmentWriter::put(Item item) { batch(WriteRequest::put(std::move(item))); }

void SegmentWriter::remove(Item key) { batch(WriteRequest::deleteKey(std::move(key))); }

Item SegmentWriter::keyOf(const Item& item) const {
  Item key;
  for (const std::string& name : shared_.key_names) {
    auto found = item.find(name);
    if (found == item.end()) {
      throw Error("migration of table '" + shared_.options.scan.table_name +
                  "': the item has no key attribute '" + name +
                  "' (a projection must keep the key attributes)");
    }
    key.insert(*found);
  }
  return key;
}

void SegmentWriter::batch(WriteRequest write) {
  batch_.push_back(std::move(write));
  if (batch_.size() == kMaxBatchWrites) flush();
}

void SegmentWriter::flush() {
  if (batch_.empty()) return;
  auto written = static_cast<std::int64_t>(batch_.size());
  BatchWriteItemRequest request{
      .request_items = {{shared_.options.scan.table_name, std::move(batch_)}}};
  if (shared_.capacity.limits()) request.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  batch_.clear();  // moved from: empty again, ready for the next page
  // Items left unprocessed are how DynamoDB throttles part of a batch: the migration slows down
  // as at a throttling answer, then sends them again.
  for (int attempt = 1;; ++attempt) {
    BatchWriteItemResult result = unthrottled([&] { return client_.batchWriteItem(request); });
    for (const ConsumedCapacity& consumed : result.consumed_capacity) {
      shared_.capacity.consumedWrite(consumed.capacity_units);
    }
    request.request_items = std::move(result.unprocessed_items);
    if (request.request_items.empty()) break;
    slowDown(attempt);
  }
  counts_.written += written;
}

MigrationTotals SegmentWriter::takeCounts() { return std::exchange(counts_, {}); }

void runSegment(const Client& client, int segment, const MigrationShared& shared) {
  ScanRequest request = shared.options.scan;
  request.segment = segment;
  request.total_segments = shared.options.segments;
  // A full 1 MB page costs several times that once decoded: a smaller one keeps memory flat.
  if (!request.limit) request.limit = kDefaultPageLimit;
  if (shared.capacity.limits()) request.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  Checkpoint start = shared.checkpoint.snapshot();
  if (const Item* key = start.startKey(segment)) request.exclusive_start_key = *key;
  SegmentWriter writer(client, shared);
  try {
    do {
      // A lost lock (or part) stops the segment before its next page: nothing more is read or
      // written.
      shared.source.ensureHeld(segment);
      ItemPage page = writer.unthrottled([&] { return client.scan(request); });
      if (page.consumed_capacity)
        shared.capacity.consumedRead(page.consumed_capacity->capacity_units);
      for (const Item& item : page.items) {
        // A paused job holds the segment before the item: nothing more is written until it is
        // resumed, or the migration stops.
        bool go_on = shared.pace.pass([&] {
          shared.source.ensureHeld(segment);
          return !shared.control.stopped();
        });
        if (!go_on) throw Stopped{};
        shared.rate.admit(1);
        try {
          shared.callback(item, writer.writes());
        } catch (const Stopped&) {
          throw;  // another segment failed while this item was being written
        } catch (const std::exception& e) {
          if (!quarantined(item, e, writer, shared))
            failAt(segment, item, e.what(), writer, shared);
        } catch (...) {
          failAt(segment, item, "unknown exception", writer, shared);
        }
      }
      writer.flush();
      MigrationTotals counts = writer.takeCounts();
      counts.scanned = page.scanned_count;
      request.exclusive_start_key = std::move(page.last_evaluated_key);
      shared.checkpoint.record(segment, request.exclusive_start_key, counts);
    } while (!request.exclusive_start_key.empty() && !shared.control.stopped());
  } catch (const Stopped&) {
  }
}

}  // namespace flamingock::dynamodb::detail

namespace flamingock::dynamodb {

bool MigrationWrites::update(UpdateItemRequest request) {
  return writer_.update(std::move(request));
}
void MigrationWrites::put(Item item) { writer_.put(std::move(item)); }
void MigrationWrites::remove(Item key) { writer_.remove(std::move(key)); }
Item MigrationWrites::keyOf(const Item& item) const { return writer_.keyOf(item); }

}  // namespace flamingock::dynamodb
