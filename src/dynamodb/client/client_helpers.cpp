// Client's helpers built on the operations: pagination, batches of any size, the table waiter.
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "dynamodb/client/client_core.h"
#include "dynamodb/client/wire_names.h"
#include "flamingock/dynamodb/client.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb {
namespace {

constexpr size_t kMaxBatchWrites = 25;
constexpr size_t kMaxBatchKeys = 100;
constexpr int kMaxParallelScanSegments = 64;  // one thread each

template <typename Request, typename Page>
int forEachPage(Request request, const std::function<Page(const Request&)>& fetch,
                const std::function<void(ItemPage&)>& on_page) {
  int pages = 0;
  do {
    ItemPage page = fetch(request);
    ++pages;
    request.exclusive_start_key = std::move(page.last_evaluated_key);
    on_page(page);
  } while (!request.exclusive_start_key.empty());
  return pages;
}

template <typename Map>
size_t countEntries(const Map& by_table, size_t (*count)(const typename Map::mapped_type&)) {
  size_t total = 0;
  for (const auto& [table, entries] : by_table) total += count(entries);
  return total;
}

size_t writeCount(const std::vector<WriteRequest>& writes) { return writes.size(); }
size_t keyCount(const KeysAndAttributes& keys) { return keys.keys.size(); }

// Resubmits what a batch call left unprocessed, with the retry policy's backoff, until nothing is
// left; throws naming how much is left when the policy's attempts are spent.
template <typename Pending>
void untilProcessed(const detail::ClientCore& core, std::string_view operation, Pending pending,
                    const std::function<Pending(const Pending&)>& submit,
                    size_t (*count)(const typename Pending::mapped_type&)) {
  const RetryPolicy& policy = core.config().retry_policy;
  for (int attempt = 1; !pending.empty(); ++attempt) {
    pending = submit(pending);
    if (pending.empty()) return;
    if (!policy.hasAttemptsLeft(attempt)) {
      DynamoDBError::Details details;
      details.operation = std::string(operation);
      details.code = ErrorCode::kProvisionedThroughputExceeded;
      details.type = "UnprocessedItems";
      details.message = std::to_string(countEntries(pending, count)) +
                        " entries still unprocessed after " + std::to_string(attempt) + " attempts";
      details.http_status = 200;
      throw DynamoDBError(std::move(details));
    }
    core.backOff(attempt);
  }
}

// Gathers a batch call's requests, table by table, into chunks of at most `limit` requests, and
// sends each chunk once it is full, the last one at finish(), until processed.
template <typename Pending>
class ChunkedBatches {
 public:
  using Count = size_t (*)(const typename Pending::mapped_type&);

  ChunkedBatches(const detail::ClientCore& core, std::string_view operation, size_t limit,
                 std::function<Pending(const Pending&)> submit, Count count)
      : core_(core),
        operation_(operation),
        limit_(limit),
        submit_(std::move(submit)),
        count_(count) {}

  // The chunk to put the next request into, after sending the current one if it is full.
  Pending& chunkForNext() {
    if (in_chunk_ == limit_) send();
    ++in_chunk_;
    return chunk_;
  }

  void finish() {
    if (in_chunk_ > 0) send();
  }

 private:
  void send() {
    untilProcessed<Pending>(core_, operation_, std::move(chunk_), submit_, count_);
    chunk_.clear();
    in_chunk_ = 0;
  }

  const detail::ClientCore& core_;
  std::string_view operation_;
  size_t limit_;
  std::function<Pending(const Pending&)> submit_;
  Count count_;
  Pending chunk_;
  size_t in_chunk_ = 0;
};

}  // namespace

int Client::queryAll(QueryRequest request, const std::function<void(ItemPage&)>& on_page) const {
  return forEachPage<QueryRequest, QueryResult>(
      std::move(request), [this](const QueryRequest& page) { return query(page); }, on_page);
}

int Client::scanAll(ScanRequest request, const std::function<void(ItemPage&)>& on_page) const {
  return forEachPage<ScanRequest, ScanResult>(
      std::move(request), [this](const ScanRequest& page) { return scan(page); }, on_page);
}

int Client::parallelScanAll(ScanRequest request, int total_segments,
                            const std::function<void(ItemPage&)>& on_page) const {
  if (total_segments < 1 || total_segments > kMaxParallelScanSegments) {
    throw ConfigurationError("parallelScanAll of table '" + request.table_name +
                             "': total_segments " + std::to_string(total_segments) +
                             " is not between 1 and " + std::to_string(kMaxParallelScanSegments));
  }
  if (!request.exclusive_start_key.empty() || request.segment || request.total_segments) {
    throw ConfigurationError("parallelScanAll of table '" + request.table_name +
                             "' starts every segment from its beginning: the request must set "
                             "no exclusive_start_key, segment or total_segments");
  }
  if (total_segments == 1) return scanAll(std::move(request), on_page);
  std::mutex mutex;  // guards pages, failure and the calls of on_page
  int pages = 0;
  std::exception_ptr failure;
  auto scanSegment = [&](int segment) {
    ScanRequest page_request = request;
    page_request.segment = segment;
    page_request.total_segments = total_segments;
    try {
      do {
        ItemPage page = scan(page_request);
        page_request.exclusive_start_key = std::move(page.last_evaluated_key);
        std::lock_guard lock(mutex);
        if (failure) return;  // another segment failed: its error is the answer
        ++pages;
        on_page(page);
      } while (!page_request.exclusive_start_key.empty());
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!failure) failure = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> workers;
    for (int segment = 1; segment < total_segments; ++segment) {
      workers.emplace_back(scanSegment, segment);
    }
    scanSegment(0);  // the calling thread reads one segment itself
  }                  // joins the workers
  if (failure) std::rethrow_exception(failure);
  return pages;
}

void Client::batchWriteAll(const BatchWriteItemRequest& request) const {
  using Writes = std::map<std::string, std::vector<WriteRequest>>;
  auto submit = [&](const Writes& writes) {
    return batchWriteItem({writes, request.return_consumed_capacity}).unprocessed_items;
  };
  ChunkedBatches<Writes> batches(*core_, "BatchWriteItem", kMaxBatchWrites, submit, writeCount);
  for (const auto& [table, writes] : request.request_items) {
    for (const auto& write : writes) batches.chunkForNext()[table].push_back(write);
  }
  batches.finish();
}

std::map<std::string, std::vector<Item>> Client::batchGetAll(
    const BatchGetItemRequest& request) const {
  using Keys = std::map<std::string, KeysAndAttributes>;
  std::map<std::string, std::vector<Item>> found;
  auto submit = [&](const Keys& keys) {
    BatchGetItemResult result = batchGetItem({keys, request.return_consumed_capacity});
    for (auto& [table, items] : result.responses) {
      auto& into = found[table];
      std::move(items.begin(), items.end(), std::back_inserter(into));
    }
    return std::move(result.unprocessed_keys);
  };
  ChunkedBatches<Keys> batches(*core_, "BatchGetItem", kMaxBatchKeys, submit, keyCount);
  for (const auto& [table, keys] : request.request_items) {
    for (const auto& key : keys.keys) {
      // The table's options, without its keys, when the chunk has none of it yet.
      auto [entry, added] = batches.chunkForNext().try_emplace(
          table, KeysAndAttributes{{},
                                   keys.consistent_read,
                                   keys.projection_expression,
                                   keys.expression_attribute_names});
      entry->second.keys.push_back(key);
    }
  }
  batches.finish();
  return found;
}

TableDescription Client::waitForTableActive(const std::string& table_name,
                                            std::chrono::milliseconds timeout,
                                            std::chrono::milliseconds poll_interval) const {
  Clock& clock = core_->clock();
  const auto deadline = clock.monotonicNow() + timeout;
  for (;;) {
    TableDescription table = describeTable({table_name}).table;
    if (table.table_status == TableStatus::kActive) return table;
    if (clock.monotonicNow() >= deadline) {
      throw TimeoutError(
          "table '" + table_name + "' is still " +
          std::string(detail::nameOf(detail::kTableStatusNames, table.table_status)) +
          " after waiting " + std::to_string(timeout.count()) + " ms for it to become ACTIVE");
    }
    clock.sleepFor(poll_interval);
  }
}

}  // namespace flamingock::dynamodb
