#include "profiles.h"

#include <algorithm>
#include <cctype>

#include "flamingock/builder.h"
#include "flamingock/error.h"

namespace flamingock::detail {
namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace

std::optional<std::string> profileNameProblem(std::string_view name) {
  bool valid = !name.empty() && std::ranges::all_of(name, [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '.' || c == '-';
  });
  if (valid) return std::nullopt;
  return "'" + std::string(name) + "' is not a profile name (letters, digits, _ . -)";
}

std::optional<std::string> profileExpressionProblem(std::string_view expression) {
  std::string_view name = expression.starts_with('!') ? expression.substr(1) : expression;
  if (!profileNameProblem(name)) return std::nullopt;
  return "'" + std::string(expression) +
         "' is not a profile expression: write a profile name, or !name for 'not active'";
}

bool admits(const std::vector<std::string>& expressions, const std::vector<std::string>& active) {
  if (expressions.empty()) return true;
  return std::ranges::any_of(expressions, [&](const std::string& expression) {
    bool negated = expression.starts_with('!');
    std::string_view name = std::string_view(expression).substr(negated ? 1 : 0);
    return (std::ranges::find(active, name) != active.end()) != negated;
  });
}

std::string exclusionReason(const std::vector<std::string>& expressions,
                            const std::vector<std::string>& active) {
  return "profiles [" + joined(expressions) +
         "] do not hold (active: " + (active.empty() ? std::string("none") : joined(active)) + ")";
}

}  // namespace flamingock::detail

namespace flamingock {

std::vector<std::string> parseProfileList(std::string_view list) {
  std::vector<std::string> names;
  if (list.empty()) return names;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = list.find(',', start);
    std::string_view name =
        list.substr(start, comma == std::string_view::npos ? comma : comma - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (auto problem = detail::profileNameProblem(name)) {
      throw OptionError("active profiles '" + std::string(list) + "': " + *problem);
    }
    names.emplace_back(name);
    if (comma == std::string_view::npos) return names;
    start = comma + 1;
  }
}

}  // namespace flamingock
