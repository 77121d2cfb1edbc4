// AWS Signature Version 4 for requests sent through HttpTransport.
//
//   HttpRequest request = ...;  // url, Content-Type, X-Amz-Target, body
//   signRequest(request, provider->credentials(), {.region = "eu-west-1"},
//               std::chrono::system_clock::now());
//   transport->send(request);
//
// The canonical request follows AWS's rules for services other than S3, as botocore does: the URL
// path has its dot segments and empty segments removed and is then URI-encoded (so an already
// percent-encoded path is encoded twice); query parameters are decoded, re-encoded and sorted;
// header values are trimmed with inner runs of white space collapsed, and repeated headers are
// joined by commas. Checked against AWS's SigV4 test suite and against botocore.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "flamingock/dynamodb/credentials.h"
#include "flamingock/dynamodb/http_transport.h"

namespace flamingock::dynamodb::detail {

struct SigningScope {
  std::string region;
  std::string service = "dynamodb";
};

// Signs `request` in place: adds Host (when absent), X-Amz-Date, X-Amz-Security-Token (for a
// session token) and Authorization, replacing any X-Amz-Date, X-Amz-Security-Token and
// Authorization left by an earlier signing, so a retried request can be signed again. The
// signature covers every header on the request except User-Agent, Expect and X-Amzn-Trace-Id,
// which proxies may change (botocore leaves the same three out). Safe to call from several
// threads; derived signing keys are cached per secret, day, region and service.
void signRequest(HttpRequest& request, const Credentials& credentials, const SigningScope& scope,
                 std::chrono::system_clock::time_point now);

// The intermediate texts of a signature, for tests against AWS's published vectors.
struct SignatureParts {
  std::string canonical_request;
  std::string string_to_sign;
  std::string authorization;  // the value of the Authorization header
};

// Computes the signature of `request` as it stands: the request must already carry X-Amz-Date
// (equal to `amz_date`, "YYYYMMDDTHHMMSSZ") and every header to sign; Host is taken from the URL
// when the request has none.
SignatureParts signatureParts(const HttpRequest& request, const Credentials& credentials,
                              const SigningScope& scope, std::string_view amz_date);

// "YYYYMMDDTHHMMSSZ" in UTC, the form of X-Amz-Date.
std::string amzDate(std::chrono::system_clock::time_point time);

}  // namespace flamingock::dynamodb::detail
