// The commands the CLI prints as advice, each the exact command for this command line: its
// binary and the options that locate the log (see Context::commandTarget). The engine returns
// remedies (flamingock/error.h) and says them in words naming its API; this is the one place
// where the CLI renders them as commands.
//
//   catch (const DriftError& e) { report(withOurCommands(context, e)); }
//   ValidationReport report = withOurCommands(context, runner.validate());
#pragma once

#include <string>
#include <string_view>

#include "cli/context.h"
#include "flamingock/error.h"
#include "flamingock/lifecycle.h"

namespace flamingock::cli::detail {

// "applied" / "rolled-back", as `audit fix --resolution` takes them.
std::string_view resolutionWord(Resolution resolution);

// The `audit fix` command that accepts the edit of drifted change `change_id`, pointing where
// this command line points (standalone: with its --changes DIR, where the new checksum is read).
std::string acceptCommand(const Context& context, const std::string& change_id);

// The `undo --to` command that rolls back applied change `change_id` (and those applied after
// it), so that the next run applies its code as it is now: the other way out of a drift.
std::string undoCommand(const Context& context, const std::string& change_id);

// `issue get CHANGE_ID --guidance`, with the code this command line read (--changes DIR), so that
// it checks drift too.
std::string issueGetCommand(const Context& context, const std::string& change_id);

// The command that does `remedy`: `audit fix` with both resolutions to choose from, the
// accepting `audit fix`, or `issue get --guidance` (which says how to repair the item).
std::string remedyCommand(const Context& context, const Remedy& remedy);

// The engine's error with our commands as its remedies.
DriftError withOurCommands(const Context& context, const DriftError& error);
ManualInterventionRequiredError withOurCommands(const Context& context,
                                                const ManualInterventionRequiredError& error);
// The report with each problem's detail ending in the command that resolves it.
ValidationReport withOurCommands(const Context& context, ValidationReport report);

}  // namespace flamingock::cli::detail
