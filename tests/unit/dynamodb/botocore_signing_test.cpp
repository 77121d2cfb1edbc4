// Our SigV4 against botocore's (Debian python3-botocore, run by /usr/bin/python3 through
// botocore_sign.py) on a few hundred generated DynamoDB-like requests: odd header values, repeated
// headers, unicode bodies, empty bodies, session tokens, many regions, times and query strings.
// Failures print the canonical requests (fake keys only), never a signature.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "dynamodb/client/sigv4.h"
#include "support/local_dynamodb.h"

namespace flamingock::dynamodb::detail {
namespace {

using nlohmann::json;

struct SignedCase {
  HttpRequest request;
  Credentials credentials;
  SigningScope scope;
  std::chrono::system_clock::time_point time;
};

// Deterministic choices: the same seed gives the same requests on every machine.
class Chooser {
 public:
  explicit Chooser(uint32_t seed) : engine_(seed) {}
  size_t below(size_t bound) { return engine_() % bound; }
  bool oneIn(size_t n) { return below(n) == 0; }
  template <typename T, size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(N)];
  }

 private:
  std::mt19937 engine_;
};

constexpr const char* kRegions[] = {"us-east-1",  "eu-west-1",    "ap-southeast-2", "us-gov-west-1",
                                    "cn-north-1", "eu-central-2", "sa-east-1",      "me-south-1"};
constexpr const char* kEndpoints[] = {"https://dynamodb.{region}.amazonaws.com",
                                      "https://dynamodb.{region}.amazonaws.com:443",
                                      "http://localhost:8000",
                                      "http://127.0.0.1:4566",
                                      "https://DynamoDB.Example.COM:8443",
                                      "http://[::1]:8000"};
constexpr const char* kPaths[] = {"/",
                                  "/",
                                  "/",
                                  "",
                                  "/a/b",
                                  "/a/./b/../c",
                                  "//x//y//",
                                  "/with%20space",
                                  "/caf\xc3\xa9/",
                                  "/~user/-_.",
                                  "/a/.."};
constexpr const char* kQueries[] = {"",
                                    "",
                                    "a=1",
                                    "b=2&a=1",
                                    "flag",
                                    "x=a%20b&x=a",
                                    "empty=",
                                    "%E1%88%B4=bar",
                                    "Z=1&a=2&_=3",
                                    "k=%2F%3D%26"};
constexpr const char* kOperations[] = {
    "GetItem", "PutItem", "UpdateItem", "Query", "TransactWriteItems", "DescribeTable"};
constexpr const char* kOddValues[] = {"plain",     "  leading and trailing  ", "inner    spaces",
                                      "tab\there", "\"quoted   text\"",        "",
                                      "a,b,c",     "UPPER lower 123",          "x=y; z=w"};
constexpr const char* kBodyTexts[] = {"plain",
                                      "caf\xc3\xa9",
                                      "\xe2\x9c\x93 ok",
                                      "\xf0\x9f\xa6\xa9 flamingo",
                                      "quote \" back\\slash",
                                      "new\nline\ttab",
                                      "\xe4\xb8\xad\xe6\x96\x87"};

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  if (size_t at = text.find(from); at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string randomBody(Chooser& choose, const std::string& operation) {
  if (choose.oneIn(6)) return "";
  json body = {{"TableName", "table_" + std::to_string(choose.below(1000))}};
  size_t attributes = choose.below(8);
  for (size_t i = 0; i < attributes; ++i) {
    body["Item"]["attr" + std::to_string(i)] = {{"S", choose.pick(kBodyTexts)}};
  }
  if (operation == "TransactWriteItems")
    body["ClientRequestToken"] = std::to_string(choose.below(1u << 30));
  return body.dump();
}

SignedCase randomCase(Chooser& choose) {
  SignedCase signed_case;
  std::string region = choose.pick(kRegions);
  std::string operation = choose.pick(kOperations);
  HttpRequest& request = signed_case.request;
  request.method = choose.oneIn(5) ? (choose.oneIn(2) ? "GET" : "PUT") : "POST";
  request.url = replaced(choose.pick(kEndpoints), "{region}", region) + choose.pick(kPaths);
  if (std::string query = choose.pick(kQueries); !query.empty()) {
    request.url += (request.url.find('/', 8) == std::string::npos ? "/?" : "?") + query;
  }
  request.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                     {"X-Amz-Target", "DynamoDB_20120810." + operation}};
  size_t extra_headers = choose.below(4);
  for (size_t i = 0; i < extra_headers; ++i) {
    std::string name = choose.oneIn(3) ? "x-Custom-Header" : "X-Odd-" + std::to_string(i);
    request.headers.emplace_back(name, choose.pick(kOddValues));
  }
  if (choose.oneIn(4)) request.headers.emplace_back("User-Agent", "flamingock-cpp/0.1 test");
  request.body = randomBody(choose, operation);

  Credentials& credentials = signed_case.credentials;
  credentials.access_key_id = "AKIDTEST" + std::to_string(choose.below(100000));
  credentials.secret_access_key = "secret/+" + std::to_string(choose.below(1u << 30)) + "=key";
  if (choose.oneIn(2)) {
    credentials.session_token =
        "FwoGZXIvYXdzE//+token" + std::to_string(choose.below(1u << 30)) + "==";
  }
  signed_case.scope.region = region;
  signed_case.scope.service = choose.oneIn(8) ? "streams.dynamodb" : "dynamodb";
  using namespace std::chrono;
  signed_case.time = sys_days(year(2015) / January / 1) + seconds(choose.below(20u * 365 * 86400));
  return signed_case;
}

json specOf(const SignedCase& signed_case) {
  json headers = json::array();
  for (const auto& [name, value] : signed_case.request.headers) headers.push_back({name, value});
  return {{"method", signed_case.request.method},
          {"url", signed_case.request.url},
          {"headers", headers},
          {"body", signed_case.request.body},
          {"access_key", signed_case.credentials.access_key_id},
          {"secret_key", signed_case.credentials.secret_access_key},
          {"token", signed_case.credentials.session_token},
          {"region", signed_case.scope.region},
          {"service", signed_case.scope.service},
          {"time", amzDate(signed_case.time)}};
}

// botocore's answers, one a case, in order.
std::vector<json> signWithBotocore(const std::vector<SignedCase>& cases) {
  std::string input_path = std::string(FLAMINGOCK_BINARY_DIR) + "/botocore_sign_input_" +
                           std::to_string(getpid()) + ".jsonl";
  {
    std::ofstream input(input_path);
    for (const SignedCase& signed_case : cases) input << specOf(signed_case).dump() << "\n";
  }
  std::string script = std::string(FLAMINGOCK_SOURCE_DIR) + "/tests/unit/dynamodb/botocore_sign.py";
  std::string output = test::runCommand("/usr/bin/python3 '" + script + "' < '" + input_path + "'");
  std::remove(input_path.c_str());
  std::vector<json> answers;
  size_t begin = 0;
  for (size_t end; (end = output.find('\n', begin)) != std::string::npos; begin = end + 1) {
    answers.push_back(json::parse(output.substr(begin, end - begin)));
  }
  return answers;
}

const std::string* headerNamed(const HttpRequest& request, const std::string& name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return &value;
  }
  return nullptr;
}

TEST(BotocoreSigningTest, AuthorizationMatchesBotocoreOnGeneratedRequests) {
  constexpr int kCases = 400;
  Chooser choose(20240229);
  std::vector<SignedCase> cases;
  for (int i = 0; i < kCases; ++i) cases.push_back(randomCase(choose));

  std::vector<json> expected = signWithBotocore(cases);

  ASSERT_EQ(expected.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    SignedCase& signed_case = cases[i];
    std::string date = amzDate(signed_case.time);
    HttpRequest signed_request = signed_case.request;
    signRequest(signed_request, signed_case.credentials, signed_case.scope, signed_case.time);
    HttpRequest unsigned_copy = signed_request;
    std::erase_if(unsigned_copy.headers, [](const auto& h) { return h.first == "Authorization"; });
    SignatureParts parts =
        signatureParts(unsigned_copy, signed_case.credentials, signed_case.scope, date);

    EXPECT_EQ(parts.canonical_request, expected[i]["canonical_request"].get<std::string>())
        << "case " << i << ": " << signed_case.request.url;
    const std::string* authorization = headerNamed(signed_request, "Authorization");
    ASSERT_NE(authorization, nullptr);
    EXPECT_TRUE(*authorization == expected[i]["authorization"].get<std::string>())
        << "case " << i << " (" << signed_case.request.url << "): Authorization differs";
  }
}

}  // namespace
}  // namespace flamingock::dynamodb::detail
