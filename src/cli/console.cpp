#include "cli/console.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

namespace flamingock::cli::detail {
namespace {

constexpr std::string_view kReset = "\033[0m";

std::string_view colorOf(std::string_view state) {
  if (state == "APPLIED" || state == "MANUAL_MARKED_AS_APPLIED") return "\033[32m";  // green
  if (state == "FAILED" || state == "ROLLBACK_FAILED") return "\033[31m";            // red
  if (state == "STARTED") return "\033[33m";                                         // yellow
  if (state == "ROLLED_BACK" || state == "MANUAL_MARKED_AS_ROLLED_BACK") return "\033[36m";
  return "";
}

std::string padded(std::string_view text, std::size_t width) {
  std::string cell(text);
  cell.resize(std::max(width, text.size()), ' ');
  return cell;
}

}  // namespace

Console::Console(const Settings& settings)
    : out_(std::cout),
      err_(std::cerr),
      json_(settings.output == OutputFormat::kJson),
      quiet_(settings.quiet),
      color_(!settings.no_color && std::getenv("NO_COLOR") == nullptr &&
             isatty(STDOUT_FILENO) == 1),
      debug_(settings.log_level == LogLevel::kDebug) {}

void Console::print(const Table& table) {
  std::vector<std::size_t> widths(table.headers.size());
  for (std::size_t c = 0; c < widths.size(); ++c) widths[c] = table.headers[c].size();
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < widths.size() && c < row.size(); ++c) {
      widths[c] = std::max(widths[c], row[c].size());
    }
  }
  auto printRow = [&](const std::vector<std::string>& row, bool header) {
    std::string text;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      std::string_view cell = c < row.size() ? std::string_view(row[c]) : std::string_view();
      // The last column is not padded, so lines carry no trailing blanks.
      std::string shown = c + 1 == widths.size() ? std::string(cell) : padded(cell, widths[c]);
      if (!header && table.state_column == c) shown = paintState(cell) + shown.substr(cell.size());
      text += (c == 0 ? "" : "  ") + shown;
    }
    out_ << text << '\n';
  };
  printRow(table.headers, true);
  for (const auto& row : table.rows) printRow(row, false);
}

void Console::print(const nlohmann::json& value) { out_ << value.dump(2) << '\n'; }

void Console::line(std::string_view text) { out_ << text << '\n' << std::flush; }

void Console::note(std::string_view text) {
  if (json_) {
    err_ << text << '\n';
  } else {
    line(text);
  }
}

void Console::debug(std::string_view text) {
  if (debug_) err_ << "debug: " << text << '\n';
}

std::string Console::paintState(std::string_view text) const {
  std::string_view color = colorOf(text);
  if (!color_ || color.empty()) return std::string(text);
  return std::string(color) + std::string(text) + std::string(kReset);
}

}  // namespace flamingock::cli::detail
