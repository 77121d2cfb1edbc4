#include "identity.h"

#include <unistd.h>

#include <cstdio>
#include <random>

namespace flamingock::detail {
namespace {

std::uint64_t randomBits() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine();
}

}  // namespace

std::string newExecutionId() {
  std::uint64_t high = (randomBits() & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
  std::uint64_t low = (randomBits() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
  char text[37];
  std::snprintf(text, sizeof text, "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(high >> 32),
                static_cast<unsigned long long>((high >> 16) & 0xFFFF),
                static_cast<unsigned long long>(high & 0xFFFF),
                static_cast<unsigned long long>(low >> 48),
                static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
  return text;
}

std::string hostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "unknown-host";
  return name;
}

std::string newRunnerId(const std::string& host) {
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, "-%ld-%08llx", static_cast<long>(getpid()),
                static_cast<unsigned long long>(randomBits() & 0xFFFFFFFFULL));
  return host + suffix;
}

}  // namespace flamingock::detail
