// The `flamingock` commands the CLI prints as advice: one builder, so that a
// pasted command always reaches the same audit log as the run or command that printed it.
//
//   CommandTarget where{.program = "flamingock", .options = {{"--audit-table", "orders_log"}}};
//   cliCommand(where, {"audit", "fix", "create-orders", "--resolution", "applied"});
//   // "flamingock audit fix create-orders --resolution applied --audit-table orders_log"
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace flamingock::cli::detail {

// Where a printed command must point: the binary, and every non-default option that locates
// the log and the lock (region, endpoint, profile, tables, lock key), in the order given.
struct CommandTarget {
  std::string program = "flamingock";
  std::vector<std::pair<std::string, std::string>> options;  // name, value; empty values skipped
};

// "<program> <args...> <options...>", each word quoted for a POSIX shell where needed.
std::string cliCommand(const CommandTarget& target, const std::vector<std::string>& args);

// The `audit fix` command for `change_id`; `resolution` is "applied", "rolled-back", or both
// ("applied|rolled-back") when the reader must choose.
std::string fixCommand(const CommandTarget& target, const std::string& change_id,
                       const std::string& resolution);

}  // namespace flamingock::cli::detail
