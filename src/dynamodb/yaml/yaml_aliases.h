// Guards what walks a loaded YAML document (the change reader, YAML to JSON) from its aliases.
// yaml-cpp loads an alias as the very node of its anchor: an alias inside its own anchor makes a
// node that contains itself, on which any walk recurses until the stack overflows, and aliases
// of aliases (a "billion laughs") make a small text that walks as billions of values. Both are
// refused from the parser's events, before the document is loaded, at the alias's line.
//
//   class Events : public AliasGuard { ... };  // the other events of interest
//   YAML::Parser parser(in);
//   Events events;
//   parser.HandleNextDocument(events);  // throws AliasRefused
//
// Aliases are kept, not refused: they repeat a key or an item across operations, which is what
// anchors are for. The bound counts what aliases add to the document once expanded (an alias
// adds its anchor's whole value, aliases within it expanded too): at most kMaxAliasedValues
// values and kMaxAliasedTextBytes bytes of scalar text, far beyond what any request to DynamoDB
// can hold and small enough that walking them takes milliseconds.
#pragma once

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace flamingock::dynamodb::detail {

inline constexpr std::size_t kMaxAliasedValues = 100000;
inline constexpr std::size_t kMaxAliasedTextBytes = 1 << 20;

// An alias that the document may not have; its mark is the alias's.
class AliasRefused : public YAML::Exception {
 public:
  using YAML::Exception::Exception;
};

// Follows the parser's events and throws AliasRefused at the first alias inside its own anchor
// or past the bound. Derived handlers that override an event call this class's version too.
class AliasGuard : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override;
  void OnDocumentEnd() override {}
  void OnAnchor(const YAML::Mark& mark, const std::string& name) override;
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override;
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override;
  void OnSequenceEnd() override;
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override;
  void OnMapEnd() override;

 private:
  // The expanded size of a value: how many values (itself included) and bytes of scalar text.
  struct Size {
    std::size_t values = 0;
    std::size_t text_bytes = 0;
    Size& operator+=(const Size& other);
  };
  // An anchor of the current document, by yaml-cpp's number for it.
  struct Anchor {
    std::string name;
    std::optional<Size> size;  // none while its value is still being read
  };
  // A sequence or mapping being read.
  struct Open {
    YAML::anchor_t anchor;
    Size size;
  };

  Anchor& anchorAt(YAML::anchor_t anchor);
  void leaf(YAML::anchor_t anchor, std::size_t text_bytes);
  void open(YAML::anchor_t anchor);
  void close();
  // Adds a finished value to the collection that holds it, and to its anchor if it has one.
  void finish(YAML::anchor_t anchor, const Size& size);

  std::vector<Anchor> anchors_;  // index: yaml-cpp's anchor number, from 1 in each document
  std::string pending_name_;     // the name of the anchor the next value starts
  std::vector<Open> open_;
  Size aliased_;  // what the aliases read so far add
};

}  // namespace flamingock::dynamodb::detail
