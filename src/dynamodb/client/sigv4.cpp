#include "dynamodb/client/sigv4.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "dynamodb/client/http_syntax.h"

namespace flamingock::dynamodb::detail {
namespace {

using Digest = std::array<unsigned char, 32>;

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kUnsignedHeaders[] = {"expect", "user-agent", "x-amzn-trace-id"};

// OpenSSL 3 looks algorithms up by name on every implicit fetch; fetching once and keeping the
// contexts per thread keeps a signature to a few hundred nanoseconds of hashing.
const EVP_MD* sha256Algorithm() {
  static const EVP_MD* const algorithm = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) throw std::runtime_error("OpenSSL has no SHA256");
    return fetched;
  }();
  return algorithm;
}

EVP_MAC* hmacAlgorithm() {
  static EVP_MAC* const algorithm = [] {
    EVP_MAC* fetched = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (fetched == nullptr) throw std::runtime_error("OpenSSL has no HMAC");
    return fetched;
  }();
  return algorithm;
}

Digest sha256(std::string_view data) {
  struct Deleter {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
  };
  thread_local std::unique_ptr<EVP_MD_CTX, Deleter> context(EVP_MD_CTX_new());
  Digest digest;
  if (!context || EVP_DigestInit_ex(context.get(), sha256Algorithm(), nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), digest.data(), nullptr) != 1) {
    throw std::runtime_error("SHA256 failed in OpenSSL");
  }
  return digest;
}

Digest hmacSha256(std::string_view key, std::string_view data) {
  struct Deleter {
    void operator()(EVP_MAC_CTX* context) const { EVP_MAC_CTX_free(context); }
  };
  // The digest is chosen once per context: naming it on every init costs another fetch.
  thread_local std::unique_ptr<EVP_MAC_CTX, Deleter> context = [] {
    std::unique_ptr<EVP_MAC_CTX, Deleter> created(EVP_MAC_CTX_new(hmacAlgorithm()));
    char digest_name[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
                           OSSL_PARAM_END};
    if (created && EVP_MAC_CTX_set_params(created.get(), params) != 1) created.reset();
    return created;
  }();
  // Initialising with a null key reuses the padded key state of the previous call, which saves
  // two block computations when a thread signs again with the same derived key.
  thread_local std::string last_key;
  bool same_key = key == last_key;
  if (!context ||
      EVP_MAC_init(context.get(),
                   same_key ? nullptr : reinterpret_cast<const unsigned char*>(key.data()),
                   same_key ? 0 : key.size(), nullptr) != 1) {
    last_key.clear();
    throw std::runtime_error("HMAC-SHA256 failed in OpenSSL");
  }
  if (!same_key) last_key.assign(key);
  Digest digest;
  size_t length = 0;
  if (EVP_MAC_update(context.get(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size()) != 1 ||
      EVP_MAC_final(context.get(), digest.data(), &length, digest.size()) != 1) {
    throw std::runtime_error("HMAC-SHA256 failed in OpenSSL");
  }
  return digest;
}

std::string_view asText(const Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

void appendHex(std::string& out, const Digest& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t at = out.size();
  out.resize(at + 2 * digest.size());
  for (unsigned char byte : digest) {
    out[at++] = kHex[byte >> 4];
    out[at++] = kHex[byte & 0xf];
  }
}

char asciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

// The derived key changes once a day, and deriving it costs four HMACs, so a few are kept.
class SigningKeyCache {
 public:
  Digest key(const std::string& secret, std::string_view date, const SigningScope& scope) {
    std::lock_guard lock(mutex_);
    for (const Entry& entry : entries_) {
      if (entry.date == date && entry.secret == secret && entry.region == scope.region &&
          entry.service == scope.service) {
        return entry.key;
      }
    }
    Digest derived = hmacSha256("AWS4" + secret, date);
    derived = hmacSha256(asText(derived), scope.region);
    derived = hmacSha256(asText(derived), scope.service);
    derived = hmacSha256(asText(derived), "aws4_request");
    Entry entry{secret, std::string(date), scope.region, scope.service, derived};
    if (entries_.size() < kCapacity) {
      entries_.push_back(std::move(entry));
    } else {
      entries_[next_victim_] = std::move(entry);
      next_victim_ = (next_victim_ + 1) % kCapacity;
    }
    return derived;
  }

 private:
  struct Entry {
    std::string secret, date, region, service;
    Digest key;
  };
  static constexpr size_t kCapacity = 8;
  std::mutex mutex_;
  std::vector<Entry> entries_;
  size_t next_victim_ = 0;
};

SigningKeyCache& signingKeyCache() {
  static SigningKeyCache cache;
  return cache;
}

bool isUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

void appendUriEncoded(std::string& out, std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : text) {
    if (isUnreserved(c) || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percentDecoded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    int high = i + 2 < text.size() && text[i] == '%' ? hexValue(text[i + 1]) : -1;
    int low = high >= 0 ? hexValue(text[i + 2]) : -1;
    if (low >= 0) {
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// First position of `a` or `b`; string_view::find_first_of calls memchr for every character,
// which shows in the cost of a signature.
size_t findEither(std::string_view text, char a, char b) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == a || text[i] == b) return i;
  }
  return std::string_view::npos;
}

struct UrlParts {
  std::string_view scheme, authority, path, query;
};

UrlParts splitUrl(std::string_view url) {
  UrlParts parts;
  size_t scheme_end = url.find("://");
  if (scheme_end != std::string_view::npos) {
    parts.scheme = url.substr(0, scheme_end);
    url.remove_prefix(scheme_end + 3);
  }
  url = url.substr(0, url.find('#'));
  size_t authority_end = findEither(url, '/', '?');
  parts.authority = url.substr(0, authority_end);
  if (authority_end == std::string_view::npos) return parts;
  url.remove_prefix(authority_end);
  size_t query_begin = url.find('?');
  parts.path = url.substr(0, query_begin);
  if (query_begin != std::string_view::npos) parts.query = url.substr(query_begin + 1);
  return parts;
}

// The Host header a client sends: lower case, without user info or the scheme's default port.
std::string hostHeader(const UrlParts& url) {
  std::string_view authority = url.authority;
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  size_t bracket = authority.rfind(']');
  size_t colon = authority.find(':', bracket == std::string_view::npos ? 0 : bracket);
  std::string host(authority.substr(0, colon));
  std::transform(host.begin(), host.end(), host.begin(), asciiLower);
  if (colon == std::string_view::npos) return host;
  std::string_view port = authority.substr(colon + 1);
  bool default_port = (port == "80" && url.scheme == "http") ||
                      (port == "443" && url.scheme == "https") || port.empty();
  return default_port ? host : host + ":" + std::string(port);
}

// RFC 3986 dot-segment removal, also dropping empty segments as AWS services expect.
void appendCanonicalPath(std::string& out, std::string_view path) {
  std::vector<std::string_view> segments;
  for (size_t begin = 0; begin <= path.size();) {
    size_t end = std::min(path.find('/', begin), path.size());
    std::string_view segment = path.substr(begin, end - begin);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    begin = end + 1;
  }
  out += '/';
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out += '/';
    appendUriEncoded(out, segments[i], true);
  }
  if (!segments.empty() && path.back() == '/') out += '/';
}

void appendCanonicalQuery(std::string& out, std::string_view query) {
  if (query.empty()) return;
  std::vector<std::pair<std::string, std::string>> parameters;
  while (true) {
    size_t end = query.find('&');
    std::string_view pair = query.substr(0, end);
    size_t equals = pair.find('=');
    std::string key, value;
    appendUriEncoded(key, percentDecoded(pair.substr(0, equals)), false);
    if (equals != std::string_view::npos) {
      appendUriEncoded(value, percentDecoded(pair.substr(equals + 1)), false);
    }
    parameters.emplace_back(std::move(key), std::move(value));
    if (end == std::string_view::npos) break;
    query.remove_prefix(end + 1);
  }
  std::sort(parameters.begin(), parameters.end());
  for (size_t i = 0; i < parameters.size(); ++i) {
    if (i > 0) out += '&';
    out += parameters[i].first;
    out += '=';
    out += parameters[i].second;
  }
}

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

void appendTrimmedValue(std::string& out, std::string_view value) {
  bool already_trimmed = value.empty() || (!isSpace(value.front()) && !isSpace(value.back()));
  for (size_t i = 0; already_trimmed && i < value.size(); ++i) {
    already_trimmed = value[i] == ' ' ? !isSpace(value[i + 1]) : !isSpace(value[i]);
  }
  if (already_trimmed) {
    out += value;
    return;
  }
  bool pending_space = false;
  bool started = false;
  for (char c : value) {
    if (isSpace(c)) {
      pending_space = started;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    started = true;
    out += c;
  }
}

std::string lowerCase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), asciiLower);
  return lower;
}

struct CanonicalHeaders {
  std::string canonical;       // "name:value\n" lines
  std::string signed_headers;  // "name;name"
};

CanonicalHeaders canonicalHeaders(const HttpRequest& request, const UrlParts& url) {
  // (lower-case name, index into request.headers); index -1 stands for the Host taken from the URL.
  std::vector<std::pair<std::string, int>> names;
  names.reserve(request.headers.size() + 1);
  bool has_host = false;
  for (size_t i = 0; i < request.headers.size(); ++i) {
    std::string name = lowerCase(request.headers[i].first);
    if (std::find(std::begin(kUnsignedHeaders), std::end(kUnsignedHeaders), name) !=
        std::end(kUnsignedHeaders)) {
      continue;
    }
    has_host = has_host || name == "host";
    names.emplace_back(std::move(name), static_cast<int>(i));
  }
  std::string url_host;
  if (!has_host) {
    url_host = hostHeader(url);
    names.emplace_back("host", -1);
  }
  // Ties broken by position, so repeated headers keep the order in which they were given; the
  // URL's Host (-1) has no duplicate to be ordered with.
  std::sort(names.begin(), names.end());
  CanonicalHeaders result;
  for (size_t i = 0; i < names.size(); ++i) {
    bool continues = i > 0 && names[i].first == names[i - 1].first;
    if (continues) {
      result.canonical.back() = ',';
    } else {
      if (i > 0) result.signed_headers += ';';
      result.signed_headers += names[i].first;
      result.canonical += names[i].first;
      result.canonical += ':';
    }
    appendTrimmedValue(result.canonical,
                       names[i].second < 0 ? url_host : request.headers[names[i].second].second);
    result.canonical += '\n';
  }
  return result;
}

void removeHeaders(HttpHeaders& headers, std::initializer_list<std::string_view> names) {
  std::erase_if(headers, [&](const auto& header) {
    return std::any_of(names.begin(), names.end(), [&](std::string_view name) {
      return equalsIgnoringCase(header.first, name);
    });
  });
}

bool hasHeader(const HttpHeaders& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& header) { return equalsIgnoringCase(header.first, name); });
}

}  // namespace

std::string amzDate(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  auto seconds = floor<std::chrono::seconds>(time);
  auto day = floor<days>(seconds);
  year_month_day date(day);
  hh_mm_ss clock(seconds - day);
  std::string text = "00000000T000000Z";
  auto put = [&text](size_t end, long value) {
    for (size_t at = end; value > 0; value /= 10) text[--at] = static_cast<char>('0' + value % 10);
  };
  put(4, static_cast<int>(date.year()));
  put(6, static_cast<unsigned>(date.month()));
  put(8, static_cast<unsigned>(date.day()));
  put(11, clock.hours().count());
  put(13, clock.minutes().count());
  put(15, clock.seconds().count());
  return text;
}

SignatureParts signatureParts(const HttpRequest& request, const Credentials& credentials,
                              const SigningScope& scope, std::string_view amz_date) {
  UrlParts url = splitUrl(request.url);
  CanonicalHeaders headers = canonicalHeaders(request, url);
  SignatureParts parts;
  std::string& canonical = parts.canonical_request;
  canonical.reserve(256 + headers.canonical.size() + url.path.size() + url.query.size());
  canonical += request.method;
  canonical += '\n';
  appendCanonicalPath(canonical, url.path);
  canonical += '\n';
  appendCanonicalQuery(canonical, url.query);
  canonical += '\n';
  canonical += headers.canonical;
  canonical += '\n';
  canonical += headers.signed_headers;
  canonical += '\n';
  appendHex(canonical, sha256(request.body));

  std::string_view date = amz_date.substr(0, 8);
  std::string credential_scope;
  credential_scope.reserve(64);
  credential_scope.append(date).append("/").append(scope.region).append("/");
  credential_scope.append(scope.service).append("/aws4_request");

  std::string& to_sign = parts.string_to_sign;
  to_sign.reserve(160);
  to_sign.append(kAlgorithm).append("\n").append(amz_date).append("\n");
  to_sign.append(credential_scope).append("\n");
  appendHex(to_sign, sha256(canonical));

  Digest key = signingKeyCache().key(credentials.secret_access_key, date, scope);
  std::string& authorization = parts.authorization;
  authorization.reserve(256);
  authorization.append(kAlgorithm).append(" Credential=").append(credentials.access_key_id);
  authorization.append("/").append(credential_scope);
  authorization.append(", SignedHeaders=").append(headers.signed_headers);
  authorization.append(", Signature=");
  appendHex(authorization, hmacSha256(asText(key), to_sign));
  return parts;
}

void signRequest(HttpRequest& request, const Credentials& credentials, const SigningScope& scope,
                 std::chrono::system_clock::time_point now) {
  removeHeaders(request.headers, {"Authorization", "X-Amz-Date", "X-Amz-Security-Token"});
  if (!hasHeader(request.headers, "Host")) {
    request.headers.emplace_back("Host", hostHeader(splitUrl(request.url)));
  }
  std::string date = amzDate(now);
  request.headers.emplace_back("X-Amz-Date", date);
  if (!credentials.session_token.empty()) {
    request.headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  std::string authorization = signatureParts(request, credentials, scope, date).authorization;
  request.headers.emplace_back("Authorization", std::move(authorization));
}

}  // namespace flamingock::dynamodb::detail
