// The progress line a person sees when a command starts waiting for the lock (once per wait, not
// per retry): `run` shows it among its change lines, the commands that take the lock without a
// run (undo, baseline, audit fix) show it alone. Nothing with --quiet or --json.
#pragma once

#include <string>

#include "cli/console.h"
#include "cli/context.h"
#include "flamingock/builder.h"
#include "flamingock/listener.h"
#include "flamingock/lock.h"

namespace flamingock::cli::detail {

// "Waiting for lock 'KEY', held by 'H' until <time> UTC unless renewed (giving up after 30 s)..."
std::string lockWaitLine(const LockWaitStartedEvent& wait);

// The command line's pipeline, with a listener that shows that line (none when the console shows
// no progress).
FlamingockBuilder pipelineShowingLockWaits(Context& context, Console& console);

// `lock` with on_wait_started showing that line, for a lock taken without a pipeline.
LockOptions showingLockWaits(LockOptions lock, Console& console);

}  // namespace flamingock::cli::detail
