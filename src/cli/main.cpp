// The standalone `flamingock` tool: the embedded CLI's commands, with the YAML changes of
// `run --changes DIR` as the pipeline and DynamoDB located by the global options.
#include "cli/command_line.h"
#include "cli/standalone_service.h"

int main(int argc, char** argv) {
  using namespace flamingock::cli::detail;
  auto service = standaloneService();
  return runCommandLine(argc, argv, Mode::kStandalone, *service);
}
