// The CLI's commands, each group registering its subcommands on the app. A subcommand's callback
// only records its action in the Context; the app runs it once parsing succeeded, so a usage error
// anywhere on the line runs nothing.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

#include "cli/context.h"

namespace flamingock::cli::detail {

// Makes `command` run `action` once the whole line parsed (see above).
void setAction(CLI::App& command, Context& context, std::function<int(Console&)> action);

// `--region ... --log-level`, `--json`: the global options (connection ones only standalone).
void addGlobalOptions(CLI::App& app, Context& context);

// `--lock-timeout DURATION`, for every command that takes the lock (into Settings::lock_timeout;
// use Settings::configure or Settings::lockOptions).
void addLockTimeoutOption(CLI::App& command, Context& context);

// Standalone: `run --changes DIR [--dry-run]`, `plan --changes DIR`.
// Embedded: `execute apply [--dry-run]`, `plan`.
void addPipelineCommands(CLI::App& app, Context& context);

// Standalone: `undo`, `validate`, `baseline` (each with --changes DIR).
// Embedded: `execute undo`, `execute validate`, `execute baseline`.
void addLifecycleCommands(CLI::App& app, Context& context);

// Standalone: the `--changes DIR` of a command that reads the YAML changes.
void addChangesOption(CLI::App& command, Context& context, bool required = true);

// `audit list [--all|--history] [--extended] [--since DATE]`, `audit fix`.
void addAuditCommands(CLI::App& app, Context& context);

// `issue list`, `issue get CHANGE_ID [--guidance]`.
void addIssueCommands(CLI::App& app, Context& context);

// `lock status`, `lock release --force`.
void addLockCommands(CLI::App& app, Context& context);

// `migrations list`, `migrations status CHANGE_ID`, `migrations work` (standalone: --changes DIR).
void addMigrationCommands(CLI::App& app, Context& context);

// Under `migrations`: `pause ID`, `resume ID`, `set-rate ID N`, `accept-failures ID`.
void addMigrationSteeringCommands(CLI::App& migrations, Context& context);

}  // namespace flamingock::cli::detail
