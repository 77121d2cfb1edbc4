// An enum and its wire names in one constexpr table, read in both directions, so a name is
// written once for the encoder and the decoder:
//
//   constexpr NameTable<KeyType, 2> kKeyTypeNames{{{KeyType::kHash, "HASH"},
//                                                  {KeyType::kRange, "RANGE"}}};
//   std::string_view name = nameOf(kKeyTypeNames, KeyType::kRange);   // "RANGE"
//   std::optional<KeyType> type = valueOf(kKeyTypeNames, "HASH");     // KeyType::kHash
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace flamingock::detail {

template <class Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

// The name of `value`; nullopt for a value the table does not list (such as a "none" that the
// wire expresses by leaving the field out).
template <class Enum, std::size_t N>
constexpr std::optional<std::string_view> findName(const NameTable<Enum, N>& names, Enum value) {
  for (const auto& [known, name] : names) {
    if (known == value) return name;
  }
  return std::nullopt;
}

// The name of `value`; `missing` for a value the table does not list.
template <class Enum, std::size_t N>
constexpr std::string_view nameOf(const NameTable<Enum, N>& names, Enum value,
                                  std::string_view missing = "UNKNOWN") {
  return findName(names, value).value_or(missing);
}

// The value named `text` exactly; nullopt for a name the table does not list.
template <class Enum, std::size_t N>
constexpr std::optional<Enum> valueOf(const NameTable<Enum, N>& names, std::string_view text) {
  for (const auto& [known, name] : names) {
    if (name == text) return known;
  }
  return std::nullopt;
}

}  // namespace flamingock::detail
