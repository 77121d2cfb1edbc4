// Where command results (stdout) and diagnostics (stderr) go, in the format the options ask for.
//
//   Console console(settings);
//   Table table{{"CHANGE ID", "STATE"}};
//   table.rows.push_back({"create-orders", "APPLIED"});
//   console.print(table);        // aligned columns, states coloured on a terminal
//   console.print(json);         // with --json
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/context.h"

namespace flamingock::cli::detail {

struct Table {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  std::optional<std::size_t> state_column;  // coloured by the audit state it holds
};

class Console {
 public:
  // Colour only when stdout is a terminal, NO_COLOR is unset and --no-color was not given.
  explicit Console(const Settings& settings);

  bool json() const { return json_; }
  bool quiet() const { return quiet_; }

  void print(const Table& table);
  void print(const nlohmann::json& value);
  // One line of text on stdout.
  void line(std::string_view text);
  // A remark on the result, such as what it could not check: a line on stdout, or on stderr
  // with --json (stdout stays one JSON document).
  void note(std::string_view text);
  // On stderr, only with --log-level debug.
  void debug(std::string_view text);

  // `text` in the colour of the audit state or run status it names (when colour is on).
  std::string paintState(std::string_view text) const;

 private:
  std::ostream& out_;
  std::ostream& err_;
  bool json_;
  bool quiet_;
  bool color_;
  bool debug_;
};

}  // namespace flamingock::cli::detail
