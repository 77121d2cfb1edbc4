#include "cli/command_line.h"

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/console.h"
#include "cli/our_commands.h"
#include "flamingock/cli.h"
#include "flamingock/dynamodb/yaml_changes.h"
#include "flamingock/version.h"

namespace flamingock::cli::detail {
namespace {

constexpr const char* kFooter =
    "Settings come from these options and, as for the AWS CLI, from AWS_REGION,\n"
    "AWS_ENDPOINT_URL_DYNAMODB, AWS_PROFILE, the shared AWS files and the credentials chain;\n"
    "options win. Results go to stdout, diagnostics to stderr.\n"
    "Exit status: 0 success; 1 the command failed (reason on stderr); 2 usage error: a bad\n"
    "command line or bad change files (nothing was done); 130 interrupted (a held lock expires\n"
    "with its lease, or clear it with `lock release --force`).";

// Ctrl-C: stop at once with the conventional status. Only async-signal-safe calls here.
void onInterrupt(int) {
  constexpr char kMessage[] = "flamingock: interrupted\n";
  ssize_t ignored = write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
  (void)ignored;
  _exit(kExitInterrupted);
}

std::string versionText(Mode mode, const std::string& program) {
  std::string version = "flamingock " + std::string(libraryVersion());
  return mode == Mode::kStandalone ? version : program + " (" + version + ")";
}

int report(const std::exception& error, int status) {
  std::cerr << "flamingock: " << error.what() << '\n';
  return status;
}

}  // namespace

void setAction(CLI::App& command, Context& context, std::function<int(Console&)> action) {
  command.callback([&context, action = std::move(action)] { context.action = action; });
}

int runCommandLine(int argc, char** argv, Mode mode, Service& service) {
  std::signal(SIGINT, onInterrupt);
  std::string program =
      argc > 0 ? std::filesystem::path(argv[0]).filename().string() : std::string("flamingock");
  Context context{mode, service, program};

  CLI::App app(mode == Mode::kStandalone
                   ? "flamingock: apply YAML changes to DynamoDB exactly once; read and fix "
                     "their audit log and lock"
                   : program + ": this service's changes, their audit log and lock",
               program);
  app.set_version_flag("--version", versionText(mode, program));
  app.footer(kFooter);
  app.require_subcommand(1);
  app.fallthrough();  // global options may also follow the subcommand
  addGlobalOptions(app, context);
  addPipelineCommands(app, context);
  addLifecycleCommands(app, context);
  addAuditCommands(app, context);
  addIssueCommands(app, context);
  addLockCommands(app, context);
  addMigrationCommands(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? kExitSuccess : kExitUsage;
  }
  Console console(context.settings);
  console.debug("region=" + context.settings.region + " endpoint=" + context.settings.endpoint +
                " profile=" + context.settings.profile + " audit table=" +
                context.settings.audit_table + " lock table=" + context.settings.lock_table +
                " lock key=" + context.settings.lockKey() + " (empty: from the environment)");
  try {
    return context.action(console);
  } catch (const dynamodb::YamlChangeError& error) {
    return report(error, kExitUsage);
  } catch (const UsageError& error) {
    return report(error, kExitUsage);
  } catch (const OptionError& error) {
    return report(error, kExitUsage);
  } catch (const DriftError& error) {
    return report(withOurCommands(context, error), kExitFailure);
  } catch (const ManualInterventionRequiredError& error) {
    return report(withOurCommands(context, error), kExitFailure);
  } catch (const std::exception& error) {
    return report(error, kExitFailure);
  }
}

}  // namespace flamingock::cli::detail
