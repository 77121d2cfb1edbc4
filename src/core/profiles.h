// Which changes the active profiles admit (docs/yaml-reference.md#profiles): a change runs when it
// names no profile or when any of its expressions holds, `dev` when dev is active and `!prod` when
// prod is not.
//
//   std::vector<std::string> active = parseProfileList("dev,eu");   // flamingock/builder.h
//   admits({"!prod"}, active);                                       // true
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flamingock::detail {

// The environment variable that names the active profiles when the builder was given none.
inline constexpr char kActiveProfilesVariable[] = "FLAMINGOCK_ACTIVE_PROFILES";

// Why `name` is not a profile name (letters, digits, `_`, `.`, `-`), quoting it; nullopt if it is.
std::optional<std::string> profileNameProblem(std::string_view name);

// Why `expression` is neither `name` nor `!name`, quoting it; nullopt if it is one.
std::optional<std::string> profileExpressionProblem(std::string_view expression);

// Whether a change with `expressions` runs under the `active` profiles.
bool admits(const std::vector<std::string>& expressions, const std::vector<std::string>& active);

// "profiles [dev, !prod] do not hold (active: none)": why a change is left out.
std::string exclusionReason(const std::vector<std::string>& expressions,
                            const std::vector<std::string>& active);

}  // namespace flamingock::detail
