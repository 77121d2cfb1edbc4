// Client's operations: encode the typed request, send it through ClientCore, decode the answer.
#include "flamingock/dynamodb/client.h"

#include "dynamodb/client/client_core.h"
#include "dynamodb/client/json_codec.h"
#include "dynamodb/client/response_decoder.h"

namespace flamingock::dynamodb {
namespace {

template <typename Result, typename Request>
Result call(const detail::ClientCore& core, const Request& request) {
  std::string_view operation = detail::operationName(request);
  std::string body = core.send(operation, detail::encodeRequest(request));
  try {
    Result result;
    detail::decodeBody(body, result);
    return result;
  } catch (const std::exception& e) {
    throw detail::malformedResponse(operation, e.what());
  }
}

}  // namespace

Client::Client(ClientConfig config)
    : core_(std::make_shared<const detail::ClientCore>(std::move(config))) {}

const ClientConfig& Client::config() const { return core_->config(); }

CreateTableResult Client::createTable(const CreateTableRequest& request) const {
  return call<CreateTableResult>(*core_, request);
}

DescribeTableResult Client::describeTable(const DescribeTableRequest& request) const {
  return call<DescribeTableResult>(*core_, request);
}

DeleteTableResult Client::deleteTable(const DeleteTableRequest& request) const {
  return call<DeleteTableResult>(*core_, request);
}

UpdateTimeToLiveResult Client::updateTimeToLive(const UpdateTimeToLiveRequest& request) const {
  return call<UpdateTimeToLiveResult>(*core_, request);
}

ListTablesResult Client::listTables(const ListTablesRequest& request) const {
  return call<ListTablesResult>(*core_, request);
}

PutItemResult Client::putItem(const PutItemRequest& request) const {
  return call<PutItemResult>(*core_, request);
}

GetItemResult Client::getItem(const GetItemRequest& request) const {
  return call<GetItemResult>(*core_, request);
}

UpdateItemResult Client::updateItem(const UpdateItemRequest& request) const {
  return call<UpdateItemResult>(*core_, request);
}

DeleteItemResult Client::deleteItem(const DeleteItemRequest& request) const {
  return call<DeleteItemResult>(*core_, request);
}

QueryResult Client::query(const QueryRequest& request) const {
  return call<QueryResult>(*core_, request);
}

ScanResult Client::scan(const ScanRequest& request) const {
  return call<ScanResult>(*core_, request);
}

BatchWriteItemResult Client::batchWriteItem(const BatchWriteItemRequest& request) const {
  return call<BatchWriteItemResult>(*core_, request);
}

BatchGetItemResult Client::batchGetItem(const BatchGetItemRequest& request) const {
  return call<BatchGetItemResult>(*core_, request);
}

TransactWriteItemsResult Client::transactWriteItems(
    const TransactWriteItemsRequest& request) const {
  return call<TransactWriteItemsResult>(*core_, request);
}

TransactGetItemsResult Client::transactGetItems(const TransactGetItemsRequest& request) const {
  return call<TransactGetItemsResult>(*core_, request);
}

std::string Client::invoke(std::string_view operation, std::string_view request_json) const {
  return core_->send(operation, std::string(request_json));
}

}  // namespace flamingock::dynamodb
