#include "dynamodb/yaml/yaml_change_file.h"

#include <algorithm>
#include <array>
#include <map>
#include <sstream>
#include <vector>

#include <yaml-cpp/parser.h>

#include "dynamodb/yaml/yaml_aliases.h"
#include "flamingock/audit_entry.h"

namespace flamingock::dynamodb::detail {
namespace {

constexpr std::array<std::string_view, 12> kKeys = {
    "id",    "order",    "author",  "transactional", "targetSystem", "recovery",
    "apply", "rollback", "enabled", "profiles",      "background",   "requires"};

// One top-level key: where it is written, for messages about its value, and the value.
struct Member {
  YAML::Mark mark;
  YAML::Node value;
};
using Members = std::map<std::string, Member, std::less<>>;

std::string keyList() {
  std::string list;
  for (std::string_view key : kKeys) {
    if (!list.empty()) list += ", ";
    list += key;
  }
  return list;
}

// Reads the top-level mapping of a change file, field by field, into the problems of its file.
class ChangeReader {
 public:
  ChangeReader(const YAML::Node& root, YamlProblems& problems)
      : root_mark_(root.Mark()), problems_(problems) {
    for (const auto& member : root) {
      const YAML::Node& key = member.first;
      if (!key.IsScalar()) {
        problems_.add(key.Mark(), "a key must be a plain name");
      } else if (std::ranges::find(kKeys, key.Scalar()) == kKeys.end()) {
        problems_.add(key.Mark(),
                      "unknown key '" + key.Scalar() + "' (expected one of " + keyList() + ")");
      } else if (!members_.emplace(key.Scalar(), Member{key.Mark(), member.second}).second) {
        problems_.add(key.Mark(), "duplicate key '" + key.Scalar() + "'");
      }
    }
  }

  int lineOf(std::string_view key) const {
    auto found = members_.find(key);
    return (found == members_.end() ? root_mark_ : found->second.mark).line + 1;
  }

  // The non-empty scalar text of `key`; nullopt when it is absent or not such text.
  std::optional<std::string> text(std::string_view key, bool required) {
    const Member* member = find(key, required);
    if (member == nullptr) return std::nullopt;
    if (!member->value.IsScalar() || member->value.Scalar().empty()) {
      problems_.add(member->mark, "'" + std::string(key) + "' must be a non-empty text");
      return std::nullopt;
    }
    return member->value.Scalar();
  }

  bool flag(std::string_view key, bool absent) {
    const Member* member = find(key, false);
    if (member == nullptr) return absent;
    const YAML::Node& value = member->value;
    if (value.IsScalar() && (value.Scalar() == "true" || value.Scalar() == "false")) {
      return value.Scalar() == "true";
    }
    problems_.add(member->mark, "'" + std::string(key) + "' must be true or false");
    return absent;
  }

  // `profiles: [dev, "!prod"]` (the expressions' syntax is checked with the pipeline's), or
  // `requires: [backfill-orders]`: a list of names, such as `example` shows.
  std::vector<std::string> names(const char* key, const char* example) {
    const Member* member = find(key, false);
    if (member == nullptr) return {};
    std::vector<std::string> names;
    if (member->value.IsSequence()) {
      for (const YAML::Node& element : member->value) {
        if (!element.IsScalar()) break;
        names.push_back(element.Scalar());
      }
      if (names.size() == member->value.size()) return names;
    }
    problems_.add(member->mark, "'" + std::string(key) + "' must be a list of " + example);
    return {};
  }

  RecoveryStrategy recovery() {
    const Member* member = find("recovery", false);
    if (member == nullptr) return RecoveryStrategy::kManualIntervention;
    if (member->value.IsScalar()) {
      if (auto strategy = parseRecoveryStrategy(member->value.Scalar())) return *strategy;
    }
    problems_.add(member->mark, "'recovery' must be MANUAL_INTERVENTION or ALWAYS_RETRY");
    return RecoveryStrategy::kManualIntervention;
  }

  // The operations listed under `key`; nullopt when absent or wrong. `apply` must list some.
  std::optional<std::vector<YamlOperation>> operations(std::string_view key, bool required,
                                                       OperationMode mode) {
    const Member* member = find(key, required);
    if (member == nullptr) return std::nullopt;
    if (!member->value.IsSequence()) {
      problems_.add(member->mark, "'" + std::string(key) + "' must be a list of operations");
      return std::nullopt;
    }
    if (required && member->value.size() == 0) {
      problems_.add(member->mark, "'" + std::string(key) + "' lists no operation");
    }
    std::vector<YamlOperation> operations;
    for (const YAML::Node& element : member->value) {
      if (auto operation = readOperation(element, mode, problems_)) {
        operations.push_back(std::move(*operation));
      }
    }
    return operations;
  }

 private:
  const Member* find(std::string_view key, bool required) {
    auto found = members_.find(key);
    if (found != members_.end()) return &found->second;
    if (required) problems_.add(root_mark_, "missing key '" + std::string(key) + "'");
    return nullptr;
  }

  YAML::Mark root_mark_;
  YamlProblems& problems_;
  Members members_;
};

// Where each document of a stream starts; of the events within a document only aliases are of
// interest (AliasGuard).
class DocumentStarts : public AliasGuard {
 public:
  std::vector<YAML::Mark> starts;

  void OnDocumentStart(const YAML::Mark& mark) override {
    AliasGuard::OnDocumentStart(mark);
    starts.push_back(mark);
  }
};

// The documents' starts, at most two, their aliases checked. yaml-cpp 0.7's LoadAll never returns
// on a stray token such as a lone `,` (yaml-cpp issue 1040): the parser yields empty documents
// without moving on, so a document that starts where the previous one did is a syntax error here.
std::vector<YAML::Mark> documentStarts(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts documents;
  while (documents.starts.size() < 2 && parser.HandleNextDocument(documents)) {
    const auto& starts = documents.starts;
    if (starts.size() == 2 && starts[0].pos == starts[1].pos) {
      throw YAML::ParserException(starts[1], "unexpected content that starts no value");
    }
  }
  return documents.starts;
}

// The single document of a file, or nullopt after reporting why there is none that fits.
std::optional<YAML::Node> loadDocument(std::string_view text, YamlProblems& problems) {
  std::string source(text);
  std::vector<YAML::Mark> starts;
  YAML::Node document;
  try {
    starts = documentStarts(source);
    if (!starts.empty()) document = YAML::Load(source);
  } catch (const AliasRefused& e) {
    problems.add(e.mark, e.msg);
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    problems.add(e.mark, "YAML syntax error: " + e.msg);
    return std::nullopt;
  }
  if (starts.size() > 1) {
    problems.add(starts[1],
                 "a file holds one change, but this one has more than one YAML document");
  }
  if (starts.empty() || !document.IsMap()) {
    problems.add(starts.empty() ? YAML::Mark() : document.Mark(),
                 "expected a mapping with the keys id, order, author and apply");
    return std::nullopt;
  }
  return document;
}

}  // namespace

std::optional<YamlChangeDefinition> readYamlChangeFile(std::string_view text,
                                                       const std::string& source_file,
                                                       YamlProblems& problems) {
  const std::size_t problems_before = problems.size();
  std::optional<YAML::Node> root = loadDocument(text, problems);
  if (!root) return std::nullopt;

  ChangeReader reader(*root, problems);
  YamlChangeDefinition definition{
      .info = {.id = reader.text("id", true).value_or(""),
               .order = reader.text("order", true).value_or(""),
               .author = reader.text("author", false).value_or(""),
               .transactional = reader.flag("transactional", false),
               .recovery = reader.recovery(),
               .target_system_id = reader.text("targetSystem", false).value_or(""),
               .enabled = reader.flag("enabled", true),
               .profiles = reader.names("profiles", "profile names, such as [dev, \"!prod\"]"),
               .background = reader.flag("background", false),
               .needs = reader.names("requires", "change ids, such as [backfill-orders]")},
      .source_file = source_file,
      .checksum = checksumOf(text),
      .id_line = reader.lineOf("id"),
      .order_line = reader.lineOf("order"),
  };
  const OperationMode apply_mode =
      definition.info.transactional ? OperationMode::kTransactional : OperationMode::kSent;
  definition.apply =
      reader.operations("apply", true, apply_mode).value_or(std::vector<YamlOperation>{});
  // A non-transactional rollback runs after a failure or in `undo`; a transactional one only in
  // `undo`, where its writes commit with the ROLLED_BACK entry.
  definition.rollback = reader.operations("rollback", false, apply_mode);
  if (definition.info.background &&
      (definition.apply.size() != 1 || !definition.apply.front().migration)) {
    problems.add(reader.lineOf("background"),
                 "a change with 'background: true' must have exactly one apply operation, a "
                 "migrateItems");
  }
  if (problems.size() != problems_before) return std::nullopt;
  return definition;
}

}  // namespace flamingock::dynamodb::detail
