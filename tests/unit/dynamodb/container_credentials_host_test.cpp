// Where container credentials may be fetched from over plain http: the request carries the
// authorization token, so only to a host whose every address is loopback or an ECS/EKS agent's,
// read from the URI as libcurl reads it, and reached at exactly the addresses checked.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dynamodb/client/credentials/providers.h"
#include "flamingock/error.h"
#include "support/loopback_http_server.h"
#include "support/scoped_environment.h"

namespace flamingock::dynamodb::detail {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr const char* kAuthorization = "Bearer container-secret-token";
constexpr const char* kCredentials = R"({"AccessKeyId":"AKIDCONTAINER","SecretAccessKey":"secret",)"
                                     R"("Token":"token","Expiration":"2099-01-01T00:00:00Z"})";

// Answers every request with credentials, remembering the URLs, so no test leaves the process.
class RecordingTransport final : public HttpTransport {
 public:
  HttpResponse send(const HttpRequest& request) override {
    std::lock_guard lock(mutex_);
    urls_.push_back(request.url);
    return {.status = 200, .headers = {}, .body = kCredentials};
  }

  std::vector<std::string> urls() const {
    std::lock_guard lock(mutex_);
    return urls_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> urls_;
};

using ResolvedHosts = std::map<std::string, std::vector<std::string>>;

class ContainerCredentialsHostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    environment_.clearAws();
    environment_.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", kAuthorization);
  }

  // What fetching from the full URI says: "" when the credentials came, else the error. Host
  // names resolve as `resolved` says, or by the system's resolver when it is empty.
  std::string fetchFrom(const std::string& uri, const ResolvedHosts& resolved = {}) {
    environment_.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri);
    RemoteCredentialsOptions options;
    options.transport = transport_;
    if (!resolved.empty()) {
      options.resolve = [resolved](const std::string& host) { return resolved.at(host); };
    }
    try {
      makeContainerCredentials(options)->credentials();
      return "";
    } catch (const ConfigurationError& error) {
      return error.what();
    }
  }

  test::ScopedEnvironment environment_;
  std::shared_ptr<RecordingTransport> transport_ = std::make_shared<RecordingTransport>();
};

TEST_F(ContainerCredentialsHostTest, RefusesAHostThatOnlyLooksLikeLoopback) {
  std::string error =
      fetchFrom("http://127.evil.example/creds", {{"127.evil.example", {"203.0.113.7"}}});

  EXPECT_THAT(error, AllOf(HasSubstr("host '127.evil.example'"), HasSubstr("203.0.113.7"),
                           HasSubstr("use https"), Not(HasSubstr(kAuthorization))));
  EXPECT_THAT(transport_->urls(), IsEmpty());
}

TEST_F(ContainerCredentialsHostTest, RefusesAHostWithAnyAddressBeyondLoopback) {
  std::string error =
      fetchFrom("http://localhost:8080/creds", {{"localhost", {"127.0.0.1", "192.0.2.1"}}});

  EXPECT_THAT(error, AllOf(HasSubstr("host 'localhost'"), HasSubstr("192.0.2.1")));
  EXPECT_THAT(transport_->urls(), IsEmpty());
}

TEST_F(ContainerCredentialsHostTest, AcceptsHostsThatResolveOnlyToLoopbackOrAContainerAgent) {
  ResolvedHosts resolved = {{"localhost", {"127.0.0.1", "::1"}},
                            {"loopback.internal", {"127.8.9.10", "::ffff:127.0.0.1"}},
                            {"ecs.internal", {"169.254.170.2"}},
                            {"eks.internal", {"169.254.170.23", "fd00:ec2::23"}}};

  for (const auto& [host, addresses] : resolved) {
    EXPECT_EQ(fetchFrom("http://" + host + ":8080/creds", resolved), "") << host;
  }
  EXPECT_EQ(transport_->urls().size(), resolved.size());
}

TEST_F(ContainerCredentialsHostTest, TakesAddressesWrittenInTheUri) {
  for (std::string uri : {"http://127.0.0.2:1/creds", "http://[::1]:1/creds",
                          "http://169.254.170.23/creds", "http://[fd00:ec2::23]/creds"}) {
    EXPECT_EQ(fetchFrom(uri), "") << uri;
  }
  // Other link-local addresses, the instance metadata service's among them, are not agents.
  for (std::string uri : {"http://10.0.0.1/creds", "http://169.254.169.254/creds",
                          "http://[fd00:ec2::24]/creds", "http://[::2]/creds"}) {
    EXPECT_THAT(fetchFrom(uri), HasSubstr("plain http to host")) << uri;
  }
  EXPECT_EQ(transport_->urls().size(), 4u);
}

TEST_F(ContainerCredentialsHostTest, SendsHttpsToAnyHostWithoutResolvingIt) {
  EXPECT_EQ(fetchFrom("https://creds.example/v1", {{"unused", {}}}), "");

  EXPECT_THAT(transport_->urls(), ElementsAre("https://creds.example/v1"));
}

TEST_F(ContainerCredentialsHostTest, RefusesAUriThatIsNotHttp) {
  EXPECT_THAT(fetchFrom("ftp://127.0.0.1/creds"),
              HasSubstr("'ftp://127.0.0.1/creds' is not an http or https URL"));
}

// libcurl decodes a percent-encoded host before it resolves it, so a split of the text would have
// checked a host that is never connected to.
TEST_F(ContainerCredentialsHostTest, ChecksTheHostLibcurlConnectsTo) {
  std::string error = fetchFrom(
      "http://127.0.0.1%2eevil.example/creds",
      {{"127.0.0.1%2eevil.example", {"127.0.0.1"}}, {"127.0.0.1.evil.example", {"203.0.113.7"}}});

  EXPECT_THAT(error, AllOf(HasSubstr("host '127.0.0.1.evil.example'"), HasSubstr("203.0.113.7")));
  EXPECT_THAT(transport_->urls(), IsEmpty());
}

TEST_F(ContainerCredentialsHostTest, TakesAnIpv6LoopbackWithAZoneIdAsLibcurlDoes) {
  EXPECT_EQ(fetchFrom("http://[::1%25lo]:1/creds"), "");
}

TEST_F(ContainerCredentialsHostTest, RefusesAUriLibcurlRefuses) {
  // Split at its last '@', this would be 127.0.0.1; libcurl finds no valid host in it.
  std::string error = fetchFrom("http://a@evil.example@127.0.0.1/creds");

  EXPECT_THAT(error, AllOf(HasSubstr("'http://a@evil.example@127.0.0.1/creds'"),
                           HasSubstr("is not a URL libcurl accepts")));
  EXPECT_THAT(transport_->urls(), IsEmpty());
}

// The host is resolved once, for the check; libcurl connects to the addresses checked and does
// not ask again, so an answer that changes in between cannot take the token elsewhere. Here only
// the check knows the name: a look-up of libcurl's own would find nothing.
TEST_F(ContainerCredentialsHostTest, FetchesFromExactlyTheAddressesChecked) {
  test::LoopbackHttpServer server([](const test::LoopbackHttpServer::Request&) {
    test::LoopbackHttpServer::Response response;
    response.body = kCredentials;
    return response;
  });
  std::string uri = "http://creds.test:" + std::to_string(server.port()) + "/creds";
  environment_.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri);
  RemoteCredentialsOptions options;  // libcurl
  options.resolve = [](const std::string& host) {
    return host == "creds.test" ? std::vector<std::string>{"127.0.0.1"}
                                : std::vector<std::string>{};
  };

  EXPECT_EQ(makeContainerCredentials(options)->credentials().access_key_id, "AKIDCONTAINER");

  ASSERT_EQ(server.requests().size(), 1u);
  ASSERT_NE(server.requests()[0].header("Authorization"), nullptr);
  EXPECT_EQ(*server.requests()[0].header("Authorization"), kAuthorization);
}

}  // namespace
}  // namespace flamingock::dynamodb::detail
