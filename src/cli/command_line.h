// Parses a command line and runs the command it names: the one entry point of both the
// standalone tool and the CLI a service embeds.
#pragma once

#include "cli/context.h"

namespace flamingock::cli::detail {

// Returns the exit status (see flamingock/cli.h); reports failures on stderr, never throws.
int runCommandLine(int argc, char** argv, Mode mode, Service& service);

}  // namespace flamingock::cli::detail
