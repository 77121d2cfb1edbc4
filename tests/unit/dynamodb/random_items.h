// Random items for the codec's differential tests: every attribute type, maps and lists nested a
// few levels, empty strings, maps, lists and sets, and names and strings full of what JSON must
// escape or carry as UTF-8. The same seed gives the same items.
//
//   RandomItems random(42);
//   Item item = random.item();
#pragma once

#include <array>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "flamingock/dynamodb/attribute_value.h"

namespace flamingock::dynamodb::testing {

class RandomItems {
 public:
  explicit RandomItems(unsigned seed) : engine_(seed) {}

  Item item(int depth = 0) {
    Item item;
    int attributes = below(depth == 0 ? 8 : 4);
    for (int i = 0; i < attributes; ++i) item.insert_or_assign(text(), value(depth + 1));
    return item;
  }

  AttributeValue value(int depth) {
    using Type = AttributeValue::Type;
    // Deeper down, scalars only: the items stay small and the nesting ends.
    auto type = static_cast<Type>(below(depth < kMaxDepth ? 10 : 5));
    switch (type) {
      case Type::kString:
        return AttributeValue::string(text());
      case Type::kNumber:
        return AttributeValue::number(number());
      case Type::kBinary:
        return AttributeValue::binary(bytes());
      case Type::kBool:
        return AttributeValue::boolean(below(2) == 1);
      case Type::kNull:
        return AttributeValue::null();
      case Type::kMap:
        return AttributeValue::map(item(depth));
      case Type::kList: {
        AttributeValue::List list;
        for (int i = below(4); i > 0; --i) list.push_back(value(depth + 1));
        return AttributeValue::list(std::move(list));
      }
      case Type::kStringSet:
        return AttributeValue::stringSet(several([this] { return text(); }));
      case Type::kNumberSet:
        return AttributeValue::numberSet(several([this] { return number(); }));
      case Type::kBinarySet:
        return AttributeValue::binarySet(several([this] { return bytes(); }));
    }
    return AttributeValue::null();
  }

  // An attribute name or string: up to four pieces, each plain, escaped or multi-byte UTF-8.
  std::string text() {
    static const std::array<std::string_view, 22> kPieces = {
        "",
        "pk",
        "a",
        "\"",
        "\\",
        "/",
        "\n",
        "\t",
        "\x01",
        "\x1f",
        " ",
        "{",
        "}]:,",
        "S",
        "M",
        "\xc3\xa9",
        "日本",
        "😀",
        "\xe2\x80\xa8",
        "\x7f",
        "Item",
        "plain text of a typical length, as an audit entry holds"};
    std::string text;
    for (int i = below(5); i > 0; --i) text += kPieces[below(kPieces.size())];
    if (below(50) == 0) text += std::string(300, 'x');
    return text;
  }

 private:
  static constexpr int kMaxDepth = 5;

  int below(std::size_t bound) {
    return std::uniform_int_distribution<int>(0, static_cast<int>(bound) - 1)(engine_);
  }

  std::string number() {
    static const std::array<std::string_view, 8> kNumbers = {
        "0",          "-12",  "3.25",    "1e-130", "12345678901234567890123456789012345678",
        "-9.99E+125", "4711", "0.000001"};
    if (below(2) == 0) return std::string(kNumbers[below(kNumbers.size())]);
    return std::to_string(std::uniform_int_distribution<long long>()(engine_));
  }

  std::string bytes() {
    std::string bytes;
    for (int i = below(24); i > 0; --i) bytes.push_back(static_cast<char>(below(256)));
    return bytes;
  }

  template <typename Make>
  std::vector<std::string> several(Make make) {
    std::vector<std::string> values;
    for (int i = below(4); i > 0; --i) values.push_back(make());
    return values;
  }

  std::mt19937 engine_;
};

}  // namespace flamingock::dynamodb::testing
