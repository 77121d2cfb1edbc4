// Fuzzes the loading of a YAML change file: parseYamlChange (YAML syntax, the change's keys, the
// operations, YAML to DynamoDB JSON, and for a transactional change JSON to TransactWriteItems
// actions), then what the engine and the first request read from a loaded change.
//
// The input is the file's text. Expected outcomes are a change or a flamingock::Error (a
// YamlChangeError listing the problems). Findings: a crash, a sanitizer report, any other
// exception (it escapes and aborts), or a loaded change whose requests are not JSON: the loader
// promises to report at load time whatever it can check without DynamoDB.
//
// A known finding is stepped around so that fuzzing goes on past it: see expectJson().
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "dynamodb/client/json_codec.h"
#include "dynamodb/yaml/yaml_change.h"
#include "flamingock/dynamodb/yaml_changes.h"
#include "flamingock/error.h"

namespace {

using namespace flamingock::dynamodb;

// A finding that is not a crash: print it and abort, as a sanitizer would.
[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "yaml_loader_fuzzer: %s\n", what.c_str());
  std::abort();
}

// Whether `text` is JSON. nlohmann refuses numbers beyond a double's range (error 406) that the
// JSON grammar, and DynamoDB, accept: those count as JSON.
bool isJson(const std::string& text) {
  try {
    [[maybe_unused]] const detail::Json parsed = detail::Json::parse(text);
    return true;
  } catch (const detail::Json::out_of_range& e) {
    return e.id == 406;
  } catch (const detail::Json::exception&) {
    return false;
  }
}

// The length of the UTF-8 sequence that `lead` starts; 0 when it starts none.
int sequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xe0) == 0xc0) return 2;
  if ((lead & 0xf0) == 0xe0) return 3;
  if ((lead & 0xf8) == 0xf0) return 4;
  return 0;
}

// Whether `text` is UTF-8 as JSON wants it (RFC 3629: shortest forms, no surrogates).
bool isUtf8(std::string_view text) {
  constexpr std::uint32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};  // by sequence length
  for (std::size_t at = 0; at < text.size();) {
    const auto lead = static_cast<unsigned char>(text[at]);
    const int length = sequenceLength(lead);
    if (length == 0 || text.size() - at < static_cast<std::size_t>(length)) return false;
    // The lead byte carries 7, 5, 4 or 3 bits of the code point.
    std::uint32_t code = lead & (0xff >> (length + (length > 1)));
    for (int i = 1; i < length; ++i) {
      const auto next = static_cast<unsigned char>(text[at + i]);
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < kShortest[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return false;
    }
    at += length;
  }
  return true;
}

void expectJson(const std::string& text, std::string_view what) {
  // Finding 4 (README.md): the loader copies text that is not UTF-8 (yaml-cpp passes it through)
  // into the requests it sends one by one, which DynamoDB then refuses at apply time. Not checked
  // until the loader reports it; the input is kept in findings/yaml_loader.
  if (!isUtf8(text)) return;
  if (!isJson(text)) fail("the loaded change's " + std::string(what) + " is not JSON: " + text);
}

void checkLoadedChange(const flamingock::Change& change) {
  // What the engine reads of every change before running it.
  (void)change.info();
  (void)change.checksum();
  (void)change.origin();

  const auto* yaml_change = dynamic_cast<const detail::YamlChange*>(&change);
  if (yaml_change == nullptr) fail("parseYamlChange returned a change that is not a YamlChange");
  const detail::YamlChangeDefinition& definition = yaml_change->definition();
  if (definition.info.transactional) {
    // The apply commits as one TransactWriteItems: the request its actions make must be JSON.
    TransactWriteItemsRequest request;
    for (const detail::YamlOperation& operation : definition.apply) {
      if (!operation.transact_item) fail("a transactional operation without its action");
      request.transact_items.push_back(*operation.transact_item);
    }
    expectJson(detail::encodeRequest(request), "TransactWriteItems request");
  } else {
    for (const detail::YamlOperation& operation : definition.apply) {
      expectJson(operation.request_json, operation.name + " request");
    }
  }
  if (definition.rollback) {
    for (const detail::YamlOperation& operation : *definition.rollback) {
      expectJson(operation.request_json, operation.name + " rollback request");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::unique_ptr<flamingock::Change> change;
  try {
    change = parseYamlChange(text, "fuzz.yaml");
  } catch (const flamingock::Error&) {
    return 0;  // a YamlChangeError: the file is wrong and says why
  }
  checkLoadedChange(*change);
  return 0;
}
