// `baseline --up-to ID`: pending changes recorded as applied without running them, for tables
// that already hold their data (docs/cli-reference.md#lifecycle-commands).
#pragma once

#include "flamingock/lifecycle.h"
#include "pipeline.h"

namespace flamingock::detail {

// Throws OptionError when `options.up_to` is no change of the pipeline, Error naming
// the changes up to it that need a person (nothing written). Otherwise, unless a dry run, under
// the lock: MANUAL_MARKED_AS_APPLIED with the current checksum for every pending change up to
// and including `up_to`, in order (disabled or excluded changes stay pending).
BaselineSummary baselineChanges(Pipeline& pipeline, const BaselineOptions& options);

}  // namespace flamingock::detail
