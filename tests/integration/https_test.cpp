// The client over HTTPS, through a TLS front with a CA of its own in front of DynamoDB Local: the
// path every production user takes.
#include <gmock/gmock.h>

#include "client_test_fixture.h"
#include "support/scoped_environment.h"
#include "support/tls_front.h"

namespace flamingock::dynamodb::test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

class HttpsTest : public ClientIntegrationTest {
 protected:
  // DynamoDB Local through the front, trusting `ca_bundle`.
  ClientConfig throughFront(const std::string& ca_bundle) const {
    ClientConfig config = localClientConfig();
    config.endpoint = front_.url();
    config.ca_bundle = ca_bundle;
    return config;
  }

  flamingock::test::TlsFront front_{flamingock::test::localDynamoDbEndpoint()};
};

TEST_F(HttpsTest, WorksThroughAFrontWhoseCaTheBundleHolds) {
  std::string table = createHashTable("https");
  Client client(throughFront(front_.caBundle()));

  client.putItem({.table_name = table, .item = key("a")});
  GetItemResult got = client.getItem({.table_name = table, .key = key("a")});

  EXPECT_EQ(got.item, key("a"));
  EXPECT_GE(front_.handshakes(), 1);
}

TEST_F(HttpsTest, KeepAliveReusesOneTlsConnectionForManyRequests) {
  std::string table = createHashTable("https");
  Client client(throughFront(front_.caBundle()));

  for (int i = 0; i < 10; ++i) {
    client.putItem({.table_name = table, .item = key("item-" + std::to_string(i))});
  }

  EXPECT_EQ(front_.handshakes(), 1);
  EXPECT_EQ(front_.acceptedConnections(), 1);
}

TEST_F(HttpsTest, AnUnknownCaFailsAtOnceNamingTheCertificateProblem) {
  Client client(throughFront(front_.strangerCaBundle()));

  EXPECT_THAT([&] { client.describeTable({"any"}); },
              ThrowsMessage<TlsError>(
                  AllOf(HasSubstr("SSL certificate problem"),
                        HasSubstr(front_.url().substr(std::string("https://").size())))));
  EXPECT_EQ(front_.acceptedConnections(), 1);
  EXPECT_EQ(front_.handshakes(), 0);
}

TEST_F(HttpsTest, FromEnvironmentTrustsAwsCaBundle) {
  flamingock::test::ScopedEnvironment environment;
  environment.clearAws();
  environment.set("AWS_REGION", "us-east-1");
  environment.set("AWS_ACCESS_KEY_ID", "fakeAccessKey");
  environment.set("AWS_SECRET_ACCESS_KEY", "fakeSecretKey");
  environment.set("AWS_ENDPOINT_URL_DYNAMODB", front_.url());
  environment.set("AWS_CA_BUNDLE", front_.caBundle());
  std::string table = createHashTable("https");

  Client::fromEnvironment().putItem({.table_name = table, .item = key("a")});

  EXPECT_EQ(front_.handshakes(), 1);
}

TEST_F(HttpsTest, FromEnvironmentTrustsTheProfilesCaBundle) {
  flamingock::test::ScopedEnvironment environment;
  flamingock::test::TemporaryDirectory directory;
  environment.clearAws();
  environment.set("AWS_ACCESS_KEY_ID", "fakeAccessKey");
  environment.set("AWS_SECRET_ACCESS_KEY", "fakeSecretKey");
  environment.set(
      "AWS_CONFIG_FILE",
      directory.write("config", "[default]\nregion = us-east-1\nendpoint_url = " + front_.url() +
                                    "\nca_bundle = " + front_.caBundle() + "\n"));
  std::string table = createHashTable("https");

  Client::fromEnvironment().putItem({.table_name = table, .item = key("a")});

  EXPECT_EQ(front_.handshakes(), 1);
}

}  // namespace
}  // namespace flamingock::dynamodb::test
