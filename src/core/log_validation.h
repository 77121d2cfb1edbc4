// `validate`: the audit log checked against the code, with no lock and no write
// (docs/cli-reference.md#lifecycle-commands).
#pragma once

#include <string>
#include <vector>

#include "flamingock/lifecycle.h"
#include "pipeline.h"

namespace flamingock::detail {

// Reads the log once and lists where it and the code disagree. Drift is a problem even when the
// pipeline allows it: the report says what is, the run decides what to do.
ValidationReport validateLog(const Pipeline& pipeline, const ValidateOptions& options = {});

// "pending: seed-orders (not in the log)": one sentence a problem, for messages.
std::vector<std::string> problemSentences(const ValidationReport& report);

}  // namespace flamingock::detail
