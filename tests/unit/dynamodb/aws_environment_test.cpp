#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dynamodb/client/aws_config_files.h"
#include "dynamodb/client/aws_environment.h"
#include "flamingock/error.h"
#include "support/scoped_environment.h"

namespace flamingock::dynamodb::detail {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

class AwsEnvironmentTest : public ::testing::Test {
 protected:
  void SetUp() override { environment_.clearAws(); }

  // Writes the config file and points AWS_CONFIG_FILE at it.
  std::string useConfig(const std::string& text) {
    std::string path = directory_.write("config", text);
    environment_.set("AWS_CONFIG_FILE", path);
    return path;
  }

  std::string resolveError() {
    try {
      resolveAwsEnvironment();
    } catch (const ConfigurationError& error) {
      return error.what();
    }
    ADD_FAILURE() << "expected a ConfigurationError";
    return "";
  }

  test::ScopedEnvironment environment_;
  test::TemporaryDirectory directory_;
};

TEST_F(AwsEnvironmentTest, AwsRegionWinsOverDefaultRegionAndConfig) {
  useConfig("[default]\nregion = ap-south-1\n");
  environment_.set("AWS_DEFAULT_REGION", "us-west-2");
  environment_.set("AWS_REGION", "eu-west-1");

  EXPECT_EQ(resolveAwsEnvironment().region, "eu-west-1");
}

TEST_F(AwsEnvironmentTest, CaBundleComesFromTheProfileUnlessAwsCaBundleIsSet) {
  useConfig("[profile dev]\nregion = eu-north-1\nca_bundle = /etc/profile-ca.pem\n");
  environment_.set("AWS_PROFILE", "dev");

  EXPECT_EQ(resolveAwsEnvironment().ca_bundle, "/etc/profile-ca.pem");
  environment_.set("AWS_CA_BUNDLE", "/etc/env-ca.pem");
  EXPECT_EQ(resolveAwsEnvironment().ca_bundle, "/etc/env-ca.pem");
}

TEST_F(AwsEnvironmentTest, NoCaBundleMeansTheSystemAuthorities) {
  useConfig("[default]\nregion = eu-north-1\n");

  EXPECT_EQ(resolveAwsEnvironment().ca_bundle, "");
}

TEST_F(AwsEnvironmentTest, DefaultRegionWinsOverConfig) {
  useConfig("[default]\nregion = ap-south-1\n");
  environment_.set("AWS_DEFAULT_REGION", "us-west-2");

  EXPECT_EQ(resolveAwsEnvironment().region, "us-west-2");
}

TEST_F(AwsEnvironmentTest, RegionAndEndpointComeFromTheActiveProfileOfTheConfigFile) {
  useConfig(
      "# comment\n[default]\nregion = ap-south-1\n\n[profile dev]\n"
      "region = eu-north-1\ns3 =\n  region = ignored-nested\nendpoint_url = "
      "http://localhost:8000\n");
  environment_.set("AWS_PROFILE", "dev");

  AwsEnvironment resolved = resolveAwsEnvironment();

  EXPECT_EQ(resolved.profile, "dev");
  EXPECT_EQ(resolved.region, "eu-north-1");
  EXPECT_EQ(resolved.endpoint, "http://localhost:8000");
}

TEST_F(AwsEnvironmentTest, ProfileIsDefaultWithoutAwsProfile) {
  environment_.set("AWS_REGION", "eu-west-1");

  EXPECT_EQ(resolveAwsEnvironment().profile, "default");
}

TEST_F(AwsEnvironmentTest, EndpointForDynamoDbWinsOverGeneralEndpointAndConfig) {
  useConfig("[default]\nregion = eu-west-1\nendpoint_url = http://config:1\n");
  environment_.set("AWS_ENDPOINT_URL", "http://general:2");
  environment_.set("AWS_ENDPOINT_URL_DYNAMODB", "https://dynamo:3");

  EXPECT_EQ(resolveAwsEnvironment().endpoint, "https://dynamo:3");
}

TEST_F(AwsEnvironmentTest, GeneralEndpointWinsOverConfig) {
  useConfig("[default]\nregion = eu-west-1\nendpoint_url = http://config:1\n");
  environment_.set("AWS_ENDPOINT_URL", "http://general:2");

  EXPECT_EQ(resolveAwsEnvironment().endpoint, "http://general:2");
}

TEST_F(AwsEnvironmentTest, NoEndpointMeansTheRegionalOne) {
  environment_.set("AWS_REGION", "eu-west-1");

  EXPECT_EQ(resolveAwsEnvironment().endpoint, "");
}

TEST_F(AwsEnvironmentTest, MissingRegionNamesTheVariablesAndTheConfigFile) {
  std::string path = useConfig("[profile other]\nregion = eu-west-1\n");

  EXPECT_THAT(resolveError(), AllOf(HasSubstr("AWS_REGION"), HasSubstr("AWS_DEFAULT_REGION"),
                                    HasSubstr(path), HasSubstr("'default'")));
}

TEST_F(AwsEnvironmentTest, MissingRegionSaysWhenTheConfigFileDoesNotExist) {
  EXPECT_THAT(resolveError(),
              AllOf(HasSubstr("/nonexistent/flamingock-test/config"), HasSubstr("does not exist")));
}

TEST_F(AwsEnvironmentTest, EndpointWithoutSchemeIsRejectedNamingValueAndOrigin) {
  environment_.set("AWS_REGION", "eu-west-1");
  environment_.set("AWS_ENDPOINT_URL_DYNAMODB", "localhost:8000");

  EXPECT_THAT(resolveError(),
              AllOf(HasSubstr("'localhost:8000'"), HasSubstr("AWS_ENDPOINT_URL_DYNAMODB")));
}

TEST_F(AwsEnvironmentTest, EndpointWithoutHostIsRejected) {
  std::string path = useConfig("[default]\nregion = eu-west-1\nendpoint_url = http:///x\n");

  EXPECT_THAT(resolveError(), AllOf(HasSubstr("'http:///x'"), HasSubstr(path)));
}

TEST_F(AwsEnvironmentTest, RegionWithOddCharactersIsRejectedNamingIt) {
  environment_.set("AWS_REGION", "eu-west-1/../x");

  EXPECT_THAT(resolveError(), AllOf(HasSubstr("'eu-west-1/../x'"), HasSubstr("AWS_REGION")));
}

TEST(ValidateEndpointTest, AcceptsHttpAndHttpsWithHost) {
  EXPECT_NO_THROW(validateEndpoint("http://127.0.0.1:8000", "test"));
  EXPECT_NO_THROW(validateEndpoint("https://dynamodb.eu-west-1.amazonaws.com", "test"));
  EXPECT_THROW(validateEndpoint("ftp://host", "test"), ConfigurationError);
  EXPECT_THROW(validateEndpoint("https://", "test"), ConfigurationError);
  EXPECT_THROW(validateEndpoint("http://:8000", "test"), ConfigurationError);
}

TEST(ParseIniTest, ReadsSectionsKeysAndSkipsCommentsAndNestedBlocks) {
  IniSections sections = parseIni(
      "ignored = before any section\n"
      "[default]\r\n"
      "  ; indented comment\n"
      "Region=eu-west-1 \n"
      "# comment\n"
      "s3 =\n"
      "    max_concurrent_requests = 10\n"
      "[ profile dev ]\n"
      "aws_secret_access_key = a=b\n");

  EXPECT_EQ(sections.size(), 2u);
  EXPECT_EQ(sections["default"]["region"], "eu-west-1");
  EXPECT_EQ(sections["default"]["s3"], "");
  EXPECT_FALSE(sections["default"].contains("max_concurrent_requests"));
  EXPECT_EQ(sections["profile dev"]["aws_secret_access_key"], "a=b");
}

}  // namespace
}  // namespace flamingock::dynamodb::detail
