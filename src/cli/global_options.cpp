// The global options, and how a printed command repeats the ones that locate the audit log.
#include <map>

#include "cli/commands.h"

namespace flamingock::cli::detail {
namespace {

const std::map<std::string, LogLevel> kLogLevels = {{"error", LogLevel::kError},
                                                    {"warn", LogLevel::kWarn},
                                                    {"info", LogLevel::kInfo},
                                                    {"debug", LogLevel::kDebug}};

// A shell word: quoted unless it is made only of characters the shell leaves alone.
std::string shellWord(const std::string& word) {
  bool plain = !word.empty() && word.find_first_not_of(
                                    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                    "-_.,:/=@+%") == std::string::npos;
  if (plain) return word;
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

void addGlobalOptions(CLI::App& app, Context& context) {
  Settings& settings = context.settings;
  if (context.mode == Mode::kStandalone) {
    app.add_option("--region", settings.region,
                   "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's)");
    app.add_option("--endpoint", settings.endpoint,
                   "DynamoDB endpoint URL (default: AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, "
                   "the profile's, or AWS's)");
    app.add_option("--profile", settings.profile,
                   "profile of the shared AWS files (default: AWS_PROFILE, or default)");
    app.add_option("--audit-table", settings.audit_table,
                   "audit log table (default: flamingockAuditLog)");
    app.add_option("--lock-table", settings.lock_table, "lock table (default: flamingockLock)");
  }
  app.add_option_function<std::string>(
      "--lock-key", [&settings](const std::string& key) { settings.lock_key = key; },
      "lock key, for services sharing a lock table (default: DEFAULT_KEY)");
  app.add_option_function<std::string>(
         "--output",
         [&settings](const std::string& format) {
           settings.output = format == "json" ? OutputFormat::kJson : OutputFormat::kTable;
         },
         "result format (default: table)")
      ->transform(CLI::IsMember({"table", "json"}, CLI::ignore_case));
  app.add_flag_callback(
      "--json", [&settings] { settings.output = OutputFormat::kJson; }, "same as --output json");
  app.add_flag("-q,--quiet", settings.quiet, "no progress lines, only results and errors");
  app.add_flag("--no-color", settings.no_color,
               "never colour (colour is used only on a terminal, and never when NO_COLOR is set)");
  app.add_option_function<std::string>(
         "--log-level",
         [&settings](const std::string& level) { settings.log_level = kLogLevels.at(level); },
         "debug shows the resolved settings on stderr (default: info)")
      ->transform(CLI::IsMember({"error", "warn", "info", "debug"}, CLI::ignore_case));
}

std::string Context::commandLine(const std::vector<std::string>& args) const {
  std::string line = program;
  for (const std::string& arg : args) line += " " + shellWord(arg);
  auto repeat = [&line](const char* option, const std::string& value) {
    if (!value.empty()) line += std::string(" ") + option + " " + shellWord(value);
  };
  repeat("--region", settings.region);
  repeat("--endpoint", settings.endpoint);
  repeat("--profile", settings.profile);
  repeat("--audit-table", settings.audit_table);
  repeat("--lock-table", settings.lock_table);
  repeat("--lock-key", settings.lock_key.value_or(""));
  return line;
}

}  // namespace flamingock::cli::detail
