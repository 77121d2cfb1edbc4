// Names of a run: execution ids (recorded on entries) and runner ids (lock owners).
#pragma once

#include <string>

namespace flamingock::detail {

// A random (version 4) UUID in its canonical lowercase form.
std::string newExecutionId();

// The host's name, "unknown-host" when it cannot be read.
std::string hostName();

// "<host>-<pid>-<8 random hex digits>": unique to one run, so fences of two runs never match.
std::string newRunnerId(const std::string& host);

}  // namespace flamingock::detail
