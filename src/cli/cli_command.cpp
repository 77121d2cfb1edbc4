#include "cli/cli_command.h"

namespace flamingock::cli::detail {
namespace {

// A shell word: quoted unless it is made only of characters the shell leaves alone.
std::string shellWord(const std::string& word) {
  bool plain = !word.empty() && word.find_first_not_of(
                                    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                    "-_.,:/=@+%") == std::string::npos;
  if (plain) return word;
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// "<program> <words...> <options...>": `words` are already shell text.
std::string commandWith(const CommandTarget& target, const std::string& words) {
  std::string line = target.program + words;
  for (const auto& [name, value] : target.options) {
    if (!value.empty()) line += " " + name + " " + shellWord(value);
  }
  return line;
}

}  // namespace

std::string cliCommand(const CommandTarget& target, const std::vector<std::string>& args) {
  std::string words;
  for (const std::string& arg : args) words += " " + shellWord(arg);
  return commandWith(target, words);
}

std::string fixCommand(const CommandTarget& target, const std::string& change_id,
                       const std::string& resolution) {
  // Not quoted: "applied|rolled-back" is a choice for the reader, not a word to paste.
  return commandWith(target, " audit fix " + shellWord(change_id) + " --resolution " + resolution);
}

}  // namespace flamingock::cli::detail
