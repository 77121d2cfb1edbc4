#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "dynamodb/client/credentials/providers.h"
#include "dynamodb/client/sigv4.h"
#include "flamingock/dynamodb/credentials.h"
#include "flamingock/error.h"
#include "support/loopback_http_server.h"
#include "support/scoped_environment.h"

namespace flamingock::dynamodb {
namespace {

using test::LoopbackHttpServer;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using Clock = std::chrono::system_clock;

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr const char* kToken = "FwoGZXIvYXdzEXAMPLETOKEN//+session==";

// 2024-05-01T12:00:00Z, the fake "now" of the refresh tests.
Clock::time_point startOfTests() {
  using namespace std::chrono;
  return sys_days(year(2024) / May / 1) + hours(12);
}

// "2024-05-01T12:00:00Z" from the compact form of X-Amz-Date.
std::string iso8601(Clock::time_point time) {
  std::string compact = detail::amzDate(time);
  return compact.substr(0, 4) + "-" + compact.substr(4, 2) + "-" + compact.substr(6, 5) + ":" +
         compact.substr(11, 2) + ":" + compact.substr(13);
}

LoopbackHttpServer::Response jsonResponse(const nlohmann::json& body, int status = 200) {
  LoopbackHttpServer::Response response;
  response.status = status;
  response.headers = {{"Content-Type", "application/json"}};
  response.body = body.dump();
  return response;
}

nlohmann::json credentialsDocument(const std::string& key_id, Clock::time_point expiration) {
  return {{"Code", "Success"},
          {"AccessKeyId", key_id},
          {"SecretAccessKey", kSecret},
          {"Token", kToken},
          {"Expiration", iso8601(expiration)}};
}

std::string errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const ConfigurationError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected a ConfigurationError";
  return "";
}

class CredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override { environment_.clearAws(); }

  test::ScopedEnvironment environment_;
  test::TemporaryDirectory directory_;
};

// ---- static and environment ----

TEST_F(CredentialsTest, StaticProviderReturnsWhatItWasGiven) {
  Credentials given{"AKID", kSecret, kToken, std::nullopt};

  Credentials got = staticCredentials(given)->credentials();

  EXPECT_EQ(got.access_key_id, "AKID");
  EXPECT_EQ(got.session_token, kToken);
}

TEST_F(CredentialsTest, StaticProviderRejectsAMissingKey) {
  EXPECT_THROW(staticCredentials({"", kSecret, "", std::nullopt}), ConfigurationError);
}

TEST_F(CredentialsTest, EnvironmentProviderReadsKeysAndSessionToken) {
  environment_.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  environment_.set("AWS_SECRET_ACCESS_KEY", kSecret);
  environment_.set("AWS_SESSION_TOKEN", kToken);

  Credentials got = environmentCredentials()->credentials();

  EXPECT_EQ(got.access_key_id, "AKIDENV");
  EXPECT_EQ(got.secret_access_key, kSecret);
  EXPECT_EQ(got.session_token, kToken);
  EXPECT_FALSE(got.expiration.has_value());
}

TEST_F(CredentialsTest, EnvironmentProviderNamesTheMissingVariable) {
  environment_.set("AWS_ACCESS_KEY_ID", "AKIDENV");

  std::string message = errorOf([] { environmentCredentials()->credentials(); });

  EXPECT_THAT(message, HasSubstr("AWS_SECRET_ACCESS_KEY"));
  EXPECT_THAT(message, Not(HasSubstr("AWS_ACCESS_KEY_ID")));
}

// ---- profile ----

TEST_F(CredentialsTest, ProfileProviderReadsTheDefaultProfileOfTheCredentialsFile) {
  environment_.set("AWS_SHARED_CREDENTIALS_FILE",
                   directory_.write("credentials",
                                    "[default]\naws_access_key_id = AKIDFILE\n"
                                    "aws_secret_access_key = " +
                                        std::string(kSecret) + "\n"));

  Credentials got = profileCredentials()->credentials();

  EXPECT_EQ(got.access_key_id, "AKIDFILE");
  EXPECT_EQ(got.secret_access_key, kSecret);
  EXPECT_EQ(got.session_token, "");
}

TEST_F(CredentialsTest, ProfileProviderFollowsAwsProfileIntoTheConfigFile) {
  environment_.set("AWS_PROFILE", "dev");
  environment_.set("AWS_SHARED_CREDENTIALS_FILE",
                   directory_.write("credentials",
                                    "[default]\naws_access_key_id = WRONG\n"
                                    "aws_secret_access_key = WRONG\n"));
  environment_.set("AWS_CONFIG_FILE",
                   directory_.write("config",
                                    "[profile dev]\naws_access_key_id = AKIDCONFIG\n"
                                    "aws_secret_access_key = s\n"
                                    "aws_session_token = t\n"));

  Credentials got = profileCredentials()->credentials();

  EXPECT_EQ(got.access_key_id, "AKIDCONFIG");
  EXPECT_EQ(got.session_token, "t");
}

TEST_F(CredentialsTest, ProfileProviderPrefersTheCredentialsFileAndTheExplicitProfile) {
  environment_.set("AWS_PROFILE", "ignored");
  environment_.set("AWS_SHARED_CREDENTIALS_FILE",
                   directory_.write("credentials",
                                    "[ops]\naws_access_key_id = AKIDCREDS\n"
                                    "aws_secret_access_key = s\n"));
  environment_.set("AWS_CONFIG_FILE",
                   directory_.write("config",
                                    "[profile ops]\naws_access_key_id = AKIDCONFIG\n"
                                    "aws_secret_access_key = s\n"));

  EXPECT_EQ(profileCredentials("ops")->credentials().access_key_id, "AKIDCREDS");
}

TEST_F(CredentialsTest, MissingProfileNamesTheProfileAndBothFiles) {
  std::string credentials_path = directory_.write("credentials", "[other]\n");
  environment_.set("AWS_SHARED_CREDENTIALS_FILE", credentials_path);

  std::string message = errorOf([] { profileCredentials("dev")->credentials(); });

  EXPECT_THAT(message, AllOf(HasSubstr("'dev'"), HasSubstr(credentials_path),
                             HasSubstr("/nonexistent/flamingock-test/config")));
}

TEST_F(CredentialsTest, ProfileThatAssumesARoleIsNamedAsUnsupported) {
  environment_.set("AWS_CONFIG_FILE",
                   directory_.write("config",
                                    "[default]\nrole_arn = arn:aws:iam::1:role/x\n"
                                    "source_profile = base\n"));

  EXPECT_THAT(errorOf([] { profileCredentials()->credentials(); }),
              AllOf(HasSubstr("role_arn"), HasSubstr("not supported")));
}

// ---- container ----

LoopbackHttpServer::Handler containerEndpoint(std::atomic<int>& calls, std::string expected_token) {
  return [&calls, expected_token](const LoopbackHttpServer::Request& request) {
    ++calls;
    const std::string* authorization = request.header("Authorization");
    if (request.method != "GET" || request.path != "/creds" || !authorization ||
        *authorization != expected_token) {
      return jsonResponse({{"message", "denied"}}, 403);
    }
    return jsonResponse(
        credentialsDocument("AKIDCONTAINER", startOfTests() + std::chrono::hours(6)));
  };
}

TEST_F(CredentialsTest, ContainerProviderSendsTheAuthorizationTokenToTheFullUri) {
  std::atomic<int> calls{0};
  LoopbackHttpServer server(containerEndpoint(calls, "Bearer abc"));
  environment_.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/creds");
  environment_.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer abc");

  Credentials got = containerCredentials()->credentials();

  EXPECT_EQ(got.access_key_id, "AKIDCONTAINER");
  EXPECT_EQ(got.session_token, kToken);
  EXPECT_EQ(got.expiration, startOfTests() + std::chrono::hours(6));
}

TEST_F(CredentialsTest, ContainerTokenFileWinsOverTheTokenVariable) {
  std::atomic<int> calls{0};
  LoopbackHttpServer server(containerEndpoint(calls, "from-file"));
  environment_.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/creds");
  environment_.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "from-variable");
  environment_.set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                   directory_.write("token", "from-file\n"));

  EXPECT_EQ(containerCredentials()->credentials().access_key_id, "AKIDCONTAINER");
}

TEST_F(CredentialsTest, ContainerRefusalNamesTheUrlAndStatus) {
  std::atomic<int> calls{0};
  LoopbackHttpServer server(containerEndpoint(calls, "right"));
  environment_.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/creds");
  environment_.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong");

  EXPECT_THAT(errorOf([] { containerCredentials()->credentials(); }),
              AllOf(HasSubstr(server.url() + "/creds"), HasSubstr("403")));
}

TEST_F(CredentialsTest, ContainerFullUriOverPlainHttpMustStayOnLoopback) {
  environment_.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://192.0.2.10/creds");

  EXPECT_THAT(errorOf([] { containerCredentials()->credentials(); }),
              HasSubstr("host '192.0.2.10'"));
}

// ---- instance metadata (IMDSv2) ----

class InstanceMetadataServer {
 public:
  InstanceMetadataServer()
      : server_([this](const LoopbackHttpServer::Request& request) { return answer(request); }) {}

  std::string url() const { return server_.url(); }
  std::vector<LoopbackHttpServer::Request> requests() const { return server_.requests(); }
  int credentialFetches() const { return credential_fetches_.load(); }
  void setExpiration(Clock::time_point expiration) { expiration_ = expiration; }
  void setFailing(bool failing) { failing_ = failing; }

 private:
  LoopbackHttpServer::Response answer(const LoopbackHttpServer::Request& request) {
    if (failing_) return jsonResponse({}, 500);
    if (request.method == "PUT" && request.path == "/latest/api/token") {
      if (!request.header("X-aws-ec2-metadata-token-ttl-seconds")) return jsonResponse({}, 400);
      LoopbackHttpServer::Response response;
      response.body = "imds-session-" + std::to_string(++tokens_);
      return response;
    }
    const std::string* token = request.header("X-aws-ec2-metadata-token");
    if (request.method != "GET" || !token || token->rfind("imds-session-", 0) != 0) {
      return jsonResponse({}, 401);
    }
    if (request.path == "/latest/meta-data/iam/security-credentials/") {
      LoopbackHttpServer::Response response;
      response.body = "app-role\n";
      return response;
    }
    if (request.path == "/latest/meta-data/iam/security-credentials/app-role") {
      int fetch = ++credential_fetches_;
      return jsonResponse(credentialsDocument("AKIDIMDS" + std::to_string(fetch), expiration_));
    }
    return jsonResponse({}, 404);
  }

  std::atomic<int> tokens_{0};
  std::atomic<int> credential_fetches_{0};
  std::atomic<bool> failing_{false};
  std::atomic<Clock::time_point> expiration_{startOfTests() + std::chrono::hours(1)};
  LoopbackHttpServer server_;
};

class InstanceMetadataTest : public CredentialsTest {
 protected:
  void SetUp() override {
    CredentialsTest::SetUp();
    environment_.unset("AWS_EC2_METADATA_DISABLED");
    environment_.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds_.url());
  }

  std::shared_ptr<CredentialsProvider> provider() {
    detail::RemoteCredentialsOptions options;
    options.now = [this] { return now_; };
    return detail::makeInstanceMetadataCredentials(options);
  }

  InstanceMetadataServer imds_;
  Clock::time_point now_ = startOfTests();
};

TEST_F(InstanceMetadataTest, GetsASessionTokenBeforeTheRoleAndItsCredentials) {
  Credentials got = provider()->credentials();

  EXPECT_EQ(got.access_key_id, "AKIDIMDS1");
  EXPECT_EQ(got.secret_access_key, kSecret);
  std::vector<LoopbackHttpServer::Request> requests = imds_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].path, "/latest/api/token");
  EXPECT_EQ(requests[1].path, "/latest/meta-data/iam/security-credentials/");
  EXPECT_EQ(requests[2].path, "/latest/meta-data/iam/security-credentials/app-role");
  EXPECT_EQ(*requests[2].header("X-aws-ec2-metadata-token"), "imds-session-1");
}

TEST_F(InstanceMetadataTest, KeepsCredentialsUntilFiveMinutesBeforeExpiry) {
  auto provider = this->provider();
  provider->credentials();

  now_ = startOfTests() + std::chrono::minutes(54);
  std::string before_window = provider->credentials().access_key_id;
  now_ = startOfTests() + std::chrono::minutes(56);
  std::string inside_window = provider->credentials().access_key_id;

  EXPECT_EQ(before_window, "AKIDIMDS1");
  EXPECT_EQ(inside_window, "AKIDIMDS2");
  EXPECT_EQ(imds_.credentialFetches(), 2);
}

TEST_F(InstanceMetadataTest, FailedRefreshKeepsCredentialsThatStillWorkThenReports) {
  auto provider = this->provider();
  provider->credentials();
  imds_.setFailing(true);

  now_ = startOfTests() + std::chrono::minutes(58);
  std::string still_valid = provider->credentials().access_key_id;
  now_ = startOfTests() + std::chrono::minutes(61);

  EXPECT_EQ(still_valid, "AKIDIMDS1");
  EXPECT_THAT(errorOf([&] { provider->credentials(); }), HasSubstr("500"));
}

TEST_F(InstanceMetadataTest, DisabledByTheEnvironment) {
  environment_.set("AWS_EC2_METADATA_DISABLED", "TRUE");

  EXPECT_THAT(errorOf([&] { provider()->credentials(); }), HasSubstr("AWS_EC2_METADATA_DISABLED"));
  EXPECT_TRUE(imds_.requests().empty());
}

TEST_F(InstanceMetadataTest, SharesOneFetchBetweenThreads) {
  auto provider = this->provider();
  std::vector<std::thread> threads;
  std::atomic<int> served{0};

  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      if (provider->credentials().access_key_id == "AKIDIMDS1") ++served;
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(served.load(), 4);
  EXPECT_EQ(imds_.credentialFetches(), 1);
}

// ---- the default chain ----

TEST_F(CredentialsTest, ChainTakesTheEnvironmentFirst) {
  environment_.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  environment_.set("AWS_SECRET_ACCESS_KEY", kSecret);
  environment_.set("AWS_SHARED_CREDENTIALS_FILE",
                   directory_.write("credentials",
                                    "[default]\naws_access_key_id = AKIDFILE\n"
                                    "aws_secret_access_key = s\n"));

  EXPECT_EQ(defaultCredentialsChain()->credentials().access_key_id, "AKIDENV");
}

TEST_F(CredentialsTest, ChainFallsBackToTheProfile) {
  environment_.set("AWS_SHARED_CREDENTIALS_FILE",
                   directory_.write("credentials",
                                    "[default]\naws_access_key_id = AKIDFILE\n"
                                    "aws_secret_access_key = s\n"));

  EXPECT_EQ(defaultCredentialsChain()->credentials().access_key_id, "AKIDFILE");
}

TEST_F(CredentialsTest, ChainFallsBackToTheContainer) {
  std::atomic<int> calls{0};
  LoopbackHttpServer server(containerEndpoint(calls, "t"));
  environment_.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/creds");
  environment_.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "t");

  EXPECT_EQ(defaultCredentialsChain()->credentials().access_key_id, "AKIDCONTAINER");
}

TEST_F(CredentialsTest, ChainWithNothingFoundNamesEveryPlaceLookedAt) {
  std::string message = errorOf([] { defaultCredentialsChain()->credentials(); });

  EXPECT_THAT(message, AllOf(HasSubstr("AWS_ACCESS_KEY_ID"),
                             HasSubstr("/nonexistent/flamingock-test/credentials"),
                             HasSubstr("/nonexistent/flamingock-test/config"),
                             HasSubstr("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
                             HasSubstr("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
                             HasSubstr("AWS_EC2_METADATA_DISABLED")));
}

// The date itself is read by the project's one ISO-8601 codec (IsoDateTimeTest); here, that the
// document goes through it, offset and fraction included.
TEST(CredentialsDocumentTest, ReadsAnExpirationWithAFractionAndAnOffset) {
  nlohmann::json document = {{"AccessKeyId", "AKID"},
                             {"SecretAccessKey", "secret"},
                             {"Expiration", "2024-05-01T14:00:00.250+02:00"}};

  Credentials credentials = detail::parseCredentialsDocument(document.dump(), "a test");

  EXPECT_EQ(credentials.expiration, startOfTests() + std::chrono::milliseconds(250));
}

// ---- secrets stay out of messages ----

// Found by the fuzzer: years far from now overflowed system_clock's nanoseconds.
TEST(CredentialsDocumentTest, RefusesAnExpirationBeyondTheClock) {
  nlohmann::json document = {{"AccessKeyId", "AKID"},
                             {"SecretAccessKey", "secret"},
                             {"Expiration", "1012-01-01T00:00:00Z"}};

  EXPECT_THROW(detail::parseCredentialsDocument(document.dump(), "a test"), ConfigurationError);
}

TEST_F(CredentialsTest, NoErrorMessageContainsTheSecretOrTheSessionToken) {
  nlohmann::json leaky = {{"SecretAccessKey", kSecret}, {"Token", kToken}, {"Code", "Success"}};
  LoopbackHttpServer server([&](const LoopbackHttpServer::Request& request) {
    if (request.path == "/no-key-id") return jsonResponse(leaky);
    if (request.path == "/bad-expiration") {
      nlohmann::json document = leaky;
      document["AccessKeyId"] = "AKID";
      document["Expiration"] = std::string("soon ") + kSecret;
      return jsonResponse(document);
    }
    if (request.path == "/failed-code") {
      nlohmann::json document = leaky;
      document["AccessKeyId"] = "AKID";
      document["Code"] = "Expired";
      return jsonResponse(document);
    }
    return jsonResponse(leaky, 500);
  });
  std::vector<std::function<void()>> failures = {
      [&] {
        environment_.set("AWS_SECRET_ACCESS_KEY", kSecret);
        environment_.set("AWS_SESSION_TOKEN", kToken);
        defaultCredentialsChain()->credentials();
      },
      [&] {
        environment_.set(
            "AWS_SHARED_CREDENTIALS_FILE",
            directory_.write("leaky", "[default]\naws_secret_access_key = " + std::string(kSecret) +
                                          "\naws_session_token = " + kToken + "\n"));
        profileCredentials()->credentials();
      }};
  for (std::string path : {"/no-key-id", "/bad-expiration", "/failed-code", "/500"}) {
    failures.push_back([&, path] {
      environment_.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", kToken);
      environment_.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + path);
      containerCredentials()->credentials();
    });
  }

  for (size_t i = 0; i < failures.size(); ++i) {
    std::string message = errorOf(failures[i]);
    EXPECT_THAT(message, AllOf(Not(HasSubstr(kSecret)), Not(HasSubstr(kToken)))) << "case " << i;
  }
}

}  // namespace
}  // namespace flamingock::dynamodb
