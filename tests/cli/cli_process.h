// Runs a CLI binary as a subprocess, as a person or a script would, and captures what it printed.
//
//   CliResult result = runProgram(kFlamingockPath, {"--version"}, {{"AWS_REGION", "us-east-1"}});
//   EXPECT_EQ(result.exit_code, 0);
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace flamingock::test {

struct CliResult {
  int exit_code = -1;  // 128 + signal when killed by one
  std::string out;
  std::string err;
};

// Runs `program` with `args` and the caller's environment plus `environment` (which wins); sends
// it SIGINT after `interrupt_after` when given, as Ctrl-C would.
CliResult runProgram(const std::string& program, const std::vector<std::string>& args,
                     const std::vector<std::pair<std::string, std::string>>& environment,
                     std::optional<std::chrono::milliseconds> interrupt_after = std::nullopt);

}  // namespace flamingock::test
