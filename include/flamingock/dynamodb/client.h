// The DynamoDB client: one method per DynamoDB operation, each taking a typed request and
// returning a typed result, signed with SigV4 and retried according to the config's RetryPolicy.
//
//   using namespace flamingock::dynamodb;
//   Client client = Client::fromEnvironment();  // region, endpoint and credentials as the AWS CLI
//   client.putItem({.table_name = "orders",
//                   .item = {{"pk", AttributeValue::string("o#1")},
//                            {"total", AttributeValue::number("12.50")}}});
//   GetItemResult got = client.getItem({.table_name = "orders",
//                                       .key = {{"pk", AttributeValue::string("o#1")}},
//                                       .consistent_read = true});
//
// Every method throws DynamoDBError when DynamoDB refuses the request (after retries, for
// retryable errors), NetworkError or TimeoutError when no answer came in the last attempt, and
// flamingock::ConfigurationError when no credentials can be found.
//
// Thread safety: a Client is a cheap handle to a shared connection pool; copies share it, and all
// methods may be called from several threads at once. Client(client.config()) makes an
// independent handle with its own connections (or, when the config sets a transport, that same
// transport).
//
// Tests, and users who record or disturb the traffic, set ClientConfig's transport, clock and
// jitter (client_config.h, http_transport.h): the client reaches the network and time only through
// them.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "flamingock/dynamodb/attribute_value.h"
#include "flamingock/dynamodb/batch_model.h"
#include "flamingock/dynamodb/client_config.h"
#include "flamingock/dynamodb/common_model.h"
#include "flamingock/dynamodb/error.h"
#include "flamingock/dynamodb/item_model.h"
#include "flamingock/dynamodb/query_model.h"
#include "flamingock/dynamodb/retry_policy.h"
#include "flamingock/dynamodb/table_model.h"
#include "flamingock/dynamodb/transaction_model.h"

namespace flamingock::dynamodb {

namespace detail {
class ClientCore;
}  // namespace detail

class Client {
 public:
  // Throws flamingock::ConfigurationError naming the setting when the region is empty, the
  // credentials provider is missing, the endpoint is not an http(s) URL, or a number is out of
  // range.
  explicit Client(ClientConfig config);

  // A config from the environment and the shared AWS files: region (AWS_REGION,
  // AWS_DEFAULT_REGION, the profile's region), endpoint (AWS_ENDPOINT_URL_DYNAMODB,
  // AWS_ENDPOINT_URL, the profile's endpoint_url), the CA bundle (AWS_CA_BUNDLE, the profile's
  // ca_bundle) and the default credentials chain. Throws
  // flamingock::ConfigurationError naming what was looked at when no region is found.
  static ClientConfig configFromEnvironment();
  // Client(configFromEnvironment()).
  static Client fromEnvironment();

  // The settings this client was made with; Client(config()) is a new, independent handle.
  const ClientConfig& config() const;

  // Tables.
  CreateTableResult createTable(const CreateTableRequest& request) const;
  DescribeTableResult describeTable(const DescribeTableRequest& request) const;
  DeleteTableResult deleteTable(const DeleteTableRequest& request) const;
  UpdateTimeToLiveResult updateTimeToLive(const UpdateTimeToLiveRequest& request) const;
  ListTablesResult listTables(const ListTablesRequest& request = {}) const;

  // Polls DescribeTable until the table is ACTIVE and returns its description. Throws
  // TimeoutError naming the table and its last status when `timeout` passes first, and
  // DynamoDBError (ResourceNotFound) when the table does not exist.
  TableDescription waitForTableActive(
      const std::string& table_name, std::chrono::milliseconds timeout = std::chrono::minutes(5),
      std::chrono::milliseconds poll_interval = std::chrono::milliseconds(200)) const;

  // Items.
  PutItemResult putItem(const PutItemRequest& request) const;
  GetItemResult getItem(const GetItemRequest& request) const;
  UpdateItemResult updateItem(const UpdateItemRequest& request) const;
  DeleteItemResult deleteItem(const DeleteItemRequest& request) const;

  // One page of a Query or a Scan.
  QueryResult query(const QueryRequest& request) const;
  ScanResult scan(const ScanRequest& request) const;
  // Every page, in order, following last_evaluated_key from request.exclusive_start_key on; the
  // callback may move the items out of the page. Returns the number of pages.
  int queryAll(QueryRequest request, const std::function<void(ItemPage&)>& on_page) const;
  int scanAll(ScanRequest request, const std::function<void(ItemPage&)>& on_page) const;
  // Every page of a parallel Scan: segments 0 to total_segments - 1 (1 to 64), each read by its
  // own thread and connection, so a large table reads in about the time of its largest segment.
  // on_page is called by one thread at a time, the pages in no particular order; after the first
  // failure no more pages are handed over, and once every segment has stopped that failure is
  // rethrown. The request sets no segment, total_segments or exclusive_start_key: they are set
  // per worker (total_segments 1: scanAll on the calling thread). Returns the number of pages.
  int parallelScanAll(ScanRequest request, int total_segments,
                      const std::function<void(ItemPage&)>& on_page) const;

  // One BatchWriteItem / BatchGetItem call (at most 25 writes / 100 keys); what DynamoDB left
  // unprocessed comes back in the result.
  BatchWriteItemResult batchWriteItem(const BatchWriteItemRequest& request) const;
  BatchGetItemResult batchGetItem(const BatchGetItemRequest& request) const;
  // Any number of writes: sent in chunks of 25, unprocessed items resubmitted with the retry
  // policy's backoff. Throws DynamoDBError (code ProvisionedThroughputExceeded) naming the number
  // of writes left when they are still unprocessed after the policy's attempts.
  void batchWriteAll(const BatchWriteItemRequest& request) const;
  // Any number of keys: sent in chunks of 100, unprocessed keys resubmitted likewise. Returns the
  // items found by table name.
  std::map<std::string, std::vector<Item>> batchGetAll(const BatchGetItemRequest& request) const;

  // Transactions.
  TransactWriteItemsResult transactWriteItems(const TransactWriteItemsRequest& request) const;
  TransactGetItemsResult transactGetItems(const TransactGetItemsRequest& request) const;

  // Any operation as DynamoDB's own JSON: `operation` is the API name ("UpdateTable"),
  // `request_json` the request body; returns the response body. Signed, checked and retried like
  // the typed methods; errors are the same DynamoDBError.
  std::string invoke(std::string_view operation, std::string_view request_json) const;

 private:
  std::shared_ptr<const detail::ClientCore> core_;
};

}  // namespace flamingock::dynamodb
