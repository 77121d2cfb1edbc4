// What a user can set on ClientConfig in place of the outside world, seen through public headers
// only: their own transport in front of the default one, and the default one's settings.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "flamingock/dynamodb/client.h"
#include "flamingock/dynamodb/http_transport.h"
#include "support/loopback_http_server.h"

namespace flamingock::dynamodb {
namespace {

using test::LoopbackHttpServer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

// Remembers each request's target, then hands the request on.
class RecordingTransport : public HttpTransport {
 public:
  explicit RecordingTransport(std::shared_ptr<HttpTransport> next) : next_(std::move(next)) {}

  HttpResponse send(const HttpRequest& request) override {
    for (const auto& [name, value] : request.headers) {
      if (name == "X-Amz-Target") {
        std::lock_guard lock(mutex_);
        targets_.push_back(value);
      }
    }
    return next_->send(request);
  }

  std::vector<std::string> targets() const {
    std::lock_guard lock(mutex_);
    return targets_;
  }

 private:
  std::shared_ptr<HttpTransport> next_;
  mutable std::mutex mutex_;
  std::vector<std::string> targets_;
};

ClientConfig configFor(const LoopbackHttpServer& server) {
  ClientConfig config;
  config.region = "us-east-1";
  config.endpoint = server.url();
  config.credentials = staticCredentials({.access_key_id = "AKID", .secret_access_key = "secret"});
  config.retry_policy.max_attempts = 1;
  return config;
}

TEST(ClientSeamsTest, AUsersTransportSeesEveryRequestOnItsWayToTheNetwork) {
  LoopbackHttpServer server([](const auto&) {
    LoopbackHttpServer::Response response;
    response.body = R"({"TableNames":["orders"]})";
    return response;
  });
  ClientConfig config = configFor(server);
  auto recording = std::make_shared<RecordingTransport>(defaultHttpTransport(config));
  config.transport = recording;

  ListTablesResult result = Client(config).listTables();

  EXPECT_THAT(result.table_names, ElementsAre("orders"));
  EXPECT_THAT(recording->targets(), ElementsAre("DynamoDB_20120810.ListTables"));
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(ClientSeamsTest, TheDefaultTransportKeepsTheConfigsRequestTimeout) {
  LoopbackHttpServer server([](const auto&) {
    LoopbackHttpServer::Response response;
    response.delay = std::chrono::milliseconds(1000);
    return response;
  });
  ClientConfig config = configFor(server);
  config.request_timeout = std::chrono::milliseconds(100);
  config.transport = defaultHttpTransport(config);

  EXPECT_THAT([&] { Client(config).listTables(); },
              ThrowsMessage<TimeoutError>(HasSubstr("gave up after 1 attempt")));
}

}  // namespace
}  // namespace flamingock::dynamodb
