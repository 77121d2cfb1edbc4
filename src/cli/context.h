// What every command of the CLI works with: the parsed global options, the service it acts on
// (the standalone tool's YAML changes on DynamoDB, or a service's own pipeline) and the console.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/cli_command.h"
#include "flamingock/audit_store.h"
#include "flamingock/builder.h"
#include "flamingock/error.h"
#include "flamingock/lock.h"
#include "flamingock/logger.h"

namespace flamingock::cli::detail {

enum class OutputFormat { kTable, kJson };

// The global options. Connection options exist only in the standalone tool: an embedded CLI uses
// the audit store its service configured.
struct Settings {
  std::string region;                   // empty: from the environment, as the AWS CLI
  std::string endpoint;                 // empty: from the environment, or AWS's
  std::string profile;                  // empty: AWS_PROFILE, or "default"
  std::string audit_table;              // empty: the store's default
  std::string lock_table;               // empty: the store's default
  std::string home_region;              // empty: FLAMINGOCK_HOME_REGION, or none
  std::optional<std::string> lock_key;  // none: LockOptions' default (or the builder's)
  OutputFormat output = OutputFormat::kTable;
  bool quiet = false;     // no progress lines
  bool no_color = false;  // never colour, even on a terminal
  // none (embedded only): the service's logger if it set one, else as the tool's default: warn
  std::optional<LogLevel> log_level;
  // False for the tool without --log-level: the run's errors are left out of its log, because
  // its FAILED progress line and the final line show each.
  bool log_errors = true;
  // `--lock-timeout`, on the commands that take the lock; none: LockOptions' default (or the
  // builder's)
  std::optional<std::chrono::milliseconds> lock_timeout;
  std::filesystem::path changes_dir;  // `run --changes`: the YAML changes (standalone only)
  std::optional<std::string> active_profiles;  // "a,b"; none: FLAMINGOCK_ACTIVE_PROFILES

  std::string lockKey() const { return lock_key.value_or(LockOptions{}.key); }
  // The lock options of a command that takes the lock without a builder (`audit fix`): the
  // defaults with the lock key and timeout given, and the log level's logger.
  LockOptions lockOptions() const;
  // Sets on `builder` what this command line gives of the lock key, lock timeout and log level;
  // the builder's other lock options stay.
  void configure(FlamingockBuilder& builder) const;
};

// A command line that parsed but asks for something that cannot be done as written; exit 2.
class UsageError : public Error {
 public:
  using Error::Error;
};

// How commands reach the service: its audit log and lock, and its pipeline.
class Service {
 public:
  virtual ~Service() = default;

  // The store the global options name; made on first use, the same one afterwards.
  virtual std::shared_ptr<AuditStore> auditStore(const Settings& settings) = 0;

  // The pipeline to run, with `auditStore(settings)` set; called at most once. Reads the changes
  // before anything else, so wrong changes (YamlChangeError, a usage error) touch no table.
  virtual FlamingockBuilder pipeline(const Settings& settings) = 0;
};

class Console;

// Which binary the CLI runs in: the `flamingock` tool (YAML changes, connection options) or a
// service's own (`cli::run`: its changes and store, `execute apply` and `plan`).
enum class Mode { kStandalone, kEmbedded };

// Shared by the commands while one command line is parsed and run.
struct Context {
  Mode mode;
  Service& service;
  std::string program;  // the binary's name, for the commands printed as advice
  Settings settings;
  std::function<int(Console&)> action;  // the chosen command, set while parsing

  // The service's pipeline with the active profiles this command line names; UsageError when
  // they are not profile names.
  FlamingockBuilder pipeline();

  // The program and the global options given on this command line that say where the log is
  // (connection, tables, lock key): what every printed command repeats.
  CommandTarget commandTarget() const;
  // "<program> <args...> <those options>", quoted for a shell: a command a person can paste.
  std::string commandLine(const std::vector<std::string>& args) const;
};

}  // namespace flamingock::cli::detail
