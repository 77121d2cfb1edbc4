#include "flamingock/change.h"

#include <cxxabi.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "flamingock/error.h"

namespace flamingock {

const char* toString(ChangePhase phase) {
  return phase == ChangePhase::kApply ? "apply" : "rollback";
}

void Change::rollback(ChangeContext&) { throw Error("change '" + info().id + "' has no rollback"); }

bool Change::hasRollback() const { return overrides_rollback_; }

std::string Change::checksum() const {
  ChangeInfo change = info();
  // Separators keep ("ab","c") and ("a","bc") apart; a missing version differs from "".
  std::string text = change.id + '\n' + change.order;
  if (change.version) text += '\n' + *change.version;
  return checksumOf(text);
}

ChangeOrigin Change::origin() const { return ChangeOrigin{}; }

std::string checksumOf(std::string_view text) {
  constexpr std::uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ULL;
  constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;
  std::uint64_t hash = kFnvOffsetBasis;
  for (unsigned char byte : text) {
    hash ^= byte;
    hash *= kFnvPrime;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

namespace detail {

std::string typeName(const std::type_info& type) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> demangled(
      abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), std::free);
  return status == 0 && demangled ? demangled.get() : type.name();
}

}  // namespace detail
}  // namespace flamingock
