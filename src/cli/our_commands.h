// The commands the CLI prints as advice, each the exact command for this command line: its
// binary and the options that locate the log (see Context::commandTarget). The engine knows
// neither, so the commands in its errors and reports name `flamingock` and `--lock-key` alone;
// this is the one place where the CLI puts its own in their stead.
//
//   catch (const DriftError& e) { report(withOurCommands(context, e)); }
//   ValidationReport report = withOurCommands(context, runner.validate());
#pragma once

#include <string>

#include "cli/context.h"
#include "flamingock/error.h"
#include "flamingock/lifecycle.h"

namespace flamingock::cli::detail {

// The `audit fix` command that accepts the edit of drifted change `change_id`, pointing where
// this command line points (standalone: with its --changes DIR, where the new checksum is read).
std::string acceptCommand(const Context& context, const std::string& change_id);

// The `undo --to` command that rolls back applied change `change_id` (and those applied after
// it), so that the next run applies its code as it is now: the other way out of a drift.
std::string undoCommand(const Context& context, const std::string& change_id);

// `issue get CHANGE_ID --guidance`, with the code this command line read (--changes DIR), so that
// it checks drift too.
std::string issueGetCommand(const Context& context, const std::string& change_id);

// What resolves blocked change `change_id`: `audit fix`, or `issue get --guidance` (which says
// how to repair the item) when its latest entry cannot be read.
std::string resolvingCommand(const Context& context, const std::string& change_id, bool unreadable);

// The engine's error or report with our commands in place of the engine's (its messages and
// details too).
DriftError withOurCommands(const Context& context, const DriftError& error);
ManualInterventionRequiredError withOurCommands(const Context& context,
                                                const ManualInterventionRequiredError& error);
ValidationReport withOurCommands(const Context& context, ValidationReport report);

}  // namespace flamingock::cli::detail
