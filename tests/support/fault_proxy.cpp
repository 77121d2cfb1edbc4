#include "support/fault_proxy.h"

#include <strings.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "dynamodb/client/crc32.h"
#include "dynamodb/client/curl_transport.h"

namespace flamingock::test {
namespace {

using Response = LoopbackHttpServer::Response;
// Keeps the order of members, so the writes sent on are the client's own objects as it wrote them.
using Json = nlohmann::ordered_json;

Response awsError(int status, const std::string& type, const std::string& message) {
  return {.status = status,
          .headers = {{"Content-Type", "application/x-amz-json-1.0"}},
          .body = R"({"__type":"com.amazonaws.dynamodb.v20120810#)" + type + R"(","message":")" +
                  message + R"("})"};
}

// The DynamoDB operation `request` asks for, as its X-Amz-Target names it ("Scan").
std::string operationOf(const LoopbackHttpServer::Request& request) {
  const std::string* target = request.header("X-Amz-Target");
  return target ? target->substr(target->find('.') + 1) : "";
}

// Headers that belong to one hop; the next hop sets its own.
bool isHopHeader(const std::string& name) {
  static constexpr std::array<const char*, 5> kHop = {"Host", "Content-Length", "Connection",
                                                      "Transfer-Encoding", "Expect"};
  for (const char* hop : kHop) {
    if (strcasecmp(name.c_str(), hop) == 0) return true;
  }
  return false;
}

// Gives `response` the x-amz-crc32 of its body as it is now, in place of any it had.
void setCrc32(Response& response) {
  std::string crc32 = std::to_string(flamingock::dynamodb::detail::crc32Of(response.body));
  for (auto& header : response.headers) {
    if (strcasecmp(header.first.c_str(), "x-amz-crc32") == 0) {
      header.second = crc32;
      return;
    }
  }
  response.headers.emplace_back("x-amz-crc32", crc32);
}

// Leaves the first half (rounded up) of each table's writes in `request_items` (a BatchWriteItem's
// RequestItems) and returns the others by table, as UnprocessedItems holds them.
Json holdBackHalf(Json& request_items) {
  Json held_back = Json::object();
  for (auto& entry : request_items.items()) {
    Json& writes = entry.value();
    std::size_t kept = (writes.size() + 1) / 2;
    if (kept == writes.size()) continue;
    auto first_held_back = writes.begin() + static_cast<std::ptrdiff_t>(kept);
    held_back[entry.key()] = Json(first_held_back, writes.end());
    writes.erase(first_held_back, writes.end());
  }
  return held_back;
}

// The BatchWriteItem answer `body` with `held_back` added to its UnprocessedItems.
std::string withUnprocessed(const std::string& body, const Json& held_back) {
  Json answer = Json::parse(body);
  Json& unprocessed = answer["UnprocessedItems"];
  for (const auto& entry : held_back.items()) {
    for (const Json& write : entry.value()) unprocessed[entry.key()].push_back(write);
  }
  return answer.dump();
}

// Whether `request` is of the operation and matches the table and text `aim` asks for.
bool aims(const FaultProxy::Aim& aim, const LoopbackHttpServer::Request& request) {
  const std::string& body = request.body;
  if (operationOf(request) != aim.operation) return false;
  if (!aim.table.empty() && body.find("\"TableName\":\"" + aim.table + "\"") == std::string::npos) {
    return false;
  }
  return aim.body_contains.empty() || body.find(aim.body_contains) != std::string::npos;
}

}  // namespace

FaultProxy::FaultProxy(std::string upstream, std::chrono::milliseconds slow_delay)
    : upstream_(std::move(upstream)),
      slow_delay_(slow_delay),
      transport_(flamingock::dynamodb::detail::makeCurlTransport({})),
      server_(std::make_unique<LoopbackHttpServer>(
          [this](const LoopbackHttpServer::Request& request) { return handle(request); })) {}

FaultProxy::~FaultProxy() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  late_delivered_.notify_all();
}

void FaultProxy::inject(Fault fault, int count) {
  std::lock_guard lock(mutex_);
  for (int i = 0; i < count; ++i) faults_.push_back(fault);
}

void FaultProxy::injectAtRandom(double rate, std::vector<Fault> faults, std::uint64_t seed) {
  std::lock_guard lock(mutex_);
  random_rate_ = faults.empty() ? 0 : rate;
  random_faults_ = std::move(faults);
  random_.seed(seed);
}

void FaultProxy::injectOn(Aim aim, Fault fault, std::optional<int> count) {
  if (count && *count < 1) {
    throw std::invalid_argument("FaultProxy::injectOn(" + aim.operation + "): count " +
                                std::to_string(*count) + " is not positive");
  }
  std::lock_guard lock(mutex_);
  aimed_faults_.push_back({std::move(aim), fault, count});
}

void FaultProxy::injectOnOperation(std::string operation, Fault fault) {
  injectOn({std::move(operation)}, fault);
}

void FaultProxy::deliverLate(Aim late, Aim after) {
  std::lock_guard lock(mutex_);
  late_deliveries_.push_back({std::move(late), std::move(after)});
}

int FaultProxy::deliveredLateCount() const {
  std::lock_guard lock(mutex_);
  return delivered_late_;
}

int FaultProxy::requestCount(std::string_view operation, std::string_view body_contains) const {
  std::vector<LoopbackHttpServer::Request> requests = server_->requests();
  return static_cast<int>(std::count_if(requests.begin(), requests.end(), [&](const auto& request) {
    return operationOf(request) == operation &&
           request.body.find(body_contains) != std::string::npos;
  }));
}

int FaultProxy::faultCount() const {
  std::lock_guard lock(mutex_);
  return fault_count_;
}

bool FaultProxy::takeFault(const LoopbackHttpServer::Request& request, Fault& fault) {
  std::lock_guard lock(mutex_);
  auto aimed = std::find_if(aimed_faults_.begin(), aimed_faults_.end(),
                            [&](const auto& rule) { return aims(rule.aim, request); });
  if (aimed != aimed_faults_.end()) {
    fault = aimed->fault;
    if (aimed->left && --*aimed->left == 0) aimed_faults_.erase(aimed);
  } else if (!faults_.empty()) {
    fault = faults_.front();
    faults_.pop_front();
  } else if (random_rate_ > 0 && std::uniform_real_distribution<>(0, 1)(random_) < random_rate_) {
    fault = random_faults_[std::uniform_int_distribution<std::size_t>(
        0, random_faults_.size() - 1)(random_)];
  } else {
    return false;
  }
  ++fault_count_;
  return true;
}

Response FaultProxy::handle(const LoopbackHttpServer::Request& request) {
  if (heldForLateDelivery(request)) return {.drop = true};
  Response response = answer(request);
  deliverHeldAfter(request);
  return response;
}

bool FaultProxy::heldForLateDelivery(const LoopbackHttpServer::Request& request) {
  std::unique_lock lock(mutex_);
  auto taken = std::find_if(late_deliveries_.begin(), late_deliveries_.end(),
                            [&](auto& rule) { return !rule.held && aims(rule.late, request); });
  if (taken == late_deliveries_.end()) return false;
  taken->held = request;
  ++fault_count_;
  late_delivered_.wait(lock, [&] { return taken->delivered || closing_; });
  return true;
}

void FaultProxy::deliverHeldAfter(const LoopbackHttpServer::Request& answered) {
  std::vector<LoopbackHttpServer::Request> due;
  {
    std::lock_guard lock(mutex_);
    for (LateDelivery& rule : late_deliveries_) {
      if (!rule.held || rule.delivered || !aims(rule.after, answered)) continue;
      rule.delivered = true;
      due.push_back(*rule.held);
    }
  }
  for (const auto& request : due) forward(request);
  {
    std::lock_guard lock(mutex_);
    delivered_late_ += static_cast<int>(due.size());
  }
  late_delivered_.notify_all();
}

Response FaultProxy::answer(const LoopbackHttpServer::Request& request) {
  Fault fault;
  if (!takeFault(request, fault)) return forward(request);
  switch (fault) {
    case Fault::InternalErrorHtml:
      return {.status = 500,
              .headers = {{"Content-Type", "text/html"}},
              .body = "<html><body><h1>500 Internal Server Error</h1></body></html>"};
    case Fault::ServiceUnavailableEmpty:
      return {.status = 503};
    case Fault::Throttling:
      return awsError(400, "ThrottlingException",
                      "Rate of requests exceeds the allowed throughput.");
    case Fault::ProvisionedThroughputExceeded:
      return awsError(400, "ProvisionedThroughputExceededException",
                      "The level of configured provisioned throughput for the table was exceeded.");
    case Fault::Drop:
      return {.drop = true};
    case Fault::CorruptBody: {
      Response response = forward(request);
      // The checksum must be of the body as the server sent it, whether or not it sent one.
      setCrc32(response);
      if (!response.body.empty()) response.body[response.body.size() / 2] ^= 0x20;
      return response;
    }
    case Fault::Slow:
    case Fault::Delayed: {
      Response response = forward(request);
      response.delay = fault == Fault::Slow ? slow_delay_ : slow_delay_ / 10;
      return response;
    }
    case Fault::DropAfterForwarding:
      forward(request);
      return {.drop = true};
    case Fault::PartlyUnprocessed:
      return operationOf(request) == "BatchWriteItem" ? forwardHalfOfBatch(request)
                                                      : forward(request);
    case Fault::TransactionInProgress:
      return awsError(400, "TransactionInProgressException",
                      "Another transaction with the same client request token is in progress.");
  }
  return forward(request);
}

Response FaultProxy::forward(const LoopbackHttpServer::Request& request) {
  flamingock::dynamodb::HttpRequest upstream_request{
      .method = request.method, .url = upstream_ + request.target, .body = request.body};
  for (const auto& header : request.headers) {
    if (!isHopHeader(header.first)) upstream_request.headers.push_back(header);
  }
  auto answer = transport_->send(upstream_request);
  Response response{.status = static_cast<int>(answer.status), .body = std::move(answer.body)};
  for (auto& header : answer.headers) {
    if (!isHopHeader(header.first)) response.headers.push_back(std::move(header));
  }
  Rewrite rewrite;
  {
    std::lock_guard lock(mutex_);
    rewrite = rewrite_;
  }
  if (rewrite) {
    rewrite(request, response.body);
    setCrc32(response);
  }
  return response;
}

void FaultProxy::rewriteAnswers(Rewrite rewrite) {
  std::lock_guard lock(mutex_);
  rewrite_ = std::move(rewrite);
}

Response FaultProxy::forwardHalfOfBatch(const LoopbackHttpServer::Request& request) {
  Json body = Json::parse(request.body);
  Json held_back = holdBackHalf(body["RequestItems"]);
  LoopbackHttpServer::Request half = request;
  half.body = body.dump();
  Response response = forward(half);
  if (response.status != 200 || held_back.empty()) return response;
  response.body = withUnprocessed(response.body, held_back);
  setCrc32(response);  // the client checks it against the body it gets
  return response;
}

}  // namespace flamingock::test
