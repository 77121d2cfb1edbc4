// The global options, and how a printed command repeats the ones that locate the audit log.
#include <algorithm>
#include <array>
#include <charconv>
#include <variant>

#include "cli/commands.h"

namespace flamingock::cli::detail {
namespace {

// The longest a duration option may be. More is a slip of the unit, and far more would overflow
// the clocks that time the wait.
constexpr std::chrono::minutes kMaxDuration = std::chrono::hours(24);

// "500ms", "30s", "5m" up to kMaxDuration; otherwise what is wrong with `text`.
std::variant<std::chrono::milliseconds, std::string> readDuration(const std::string& text) {
  using std::chrono::milliseconds;
  constexpr std::array<std::pair<std::string_view, milliseconds>, 3> kUnits = {
      {{"ms", milliseconds(1)}, {"s", std::chrono::seconds(1)}, {"m", std::chrono::minutes(1)}}};
  long long count = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
  std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  auto found = std::ranges::find(kUnits, unit, &std::pair<std::string_view, milliseconds>::first);
  if (end == text.data() || count < 0 || found == kUnits.end()) {
    return "'" + text + "' is not a duration: a whole number with ms, s or m (30s, 5m)";
  }
  // Compared in units, as the count in milliseconds may not fit.
  if (error != std::errc() || count > kMaxDuration / found->second) {
    return "'" + text + "' is too long: at most " + std::to_string(kMaxDuration.count()) +
           "m (a day)";
  }
  return count * found->second;
}

// The run's log less its errors, for when the command line's own lines show each of them.
class WithoutErrors : public Logger {
 public:
  explicit WithoutErrors(std::shared_ptr<Logger> logger) : logger_(std::move(logger)) {}

  void log(const LogRecord& record) override {
    if (record.level != LogLevel::kError) logger_->log(record);
  }

 private:
  std::shared_ptr<Logger> logger_;
};

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
    app.add_option("--home-region", settings.home_region,
                   "the one Region that applies changes when the tables are global tables\n"
                   "(MREC); elsewhere runs write nothing and wait for it\n"
                   "(default: FLAMINGOCK_HOME_REGION)");
  }
  app.add_option_function<std::string>(
      "--lock-key", [&settings](const std::string& key) { settings.lock_key = key; },
      "lock key, for services sharing a lock table (default: DEFAULT_KEY)");
  app.add_option_function<std::string>(
      "--active-profiles",
      [&settings](const std::string& list) { settings.active_profiles = list; },
      "profiles that are active, a,b: a change with profiles runs when any of its expressions\n"
      "holds (default: FLAMINGOCK_ACTIVE_PROFILES, or none)");
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
  // The tool's own lines (progress, results, the final line) already say what the run's info
  // and error lines would; its log keeps what they do not. A logger the service chose is the
  // service's: the embedded CLI keeps it (Settings::configure).
  std::string log_default = "warn, less the errors\nthe tool's own lines show";
  if (context.mode == Mode::kStandalone) {
    settings.log_level = LogLevel::kWarn;
    settings.log_errors = false;
  } else {
    log_default = "the service's logger if it sets\none, else " + log_default;
  }
  app.add_option_function<std::string>(
         "--log-level",
         [&settings](const std::string& level) {
           settings.log_level = parseLogLevel(level);
           settings.log_errors = true;
         },
         "the run's log on stderr: error; warn: + long lock waits;\n"
         "info: + changes applied and the summary (as the progress\n"
         "lines), lock wait started; debug: + changes skipped,\n"
         "resolved settings (default: " +
             log_default + ")")
      ->transform(CLI::IsMember({"error", "warn", "info", "debug"}, CLI::ignore_case));
}

void addLockTimeoutOption(CLI::App& command, Context& context) {
  command
      .add_option_function<std::string>(
          "--lock-timeout",
          [&context](const std::string& text) {
            context.settings.lock_timeout = std::get<std::chrono::milliseconds>(readDuration(text));
          },
          "wait at most this long for a lock another runner holds\n"
          "(500ms, 30s, 5m), then fail naming it (default: 5m)")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            auto duration = readDuration(text);
            auto* problem = std::get_if<std::string>(&duration);
            return problem != nullptr ? *problem : "";
          },
          "DURATION"));
}

LockOptions Settings::lockOptions() const {
  LockOptions options;
  options.key = lockKey();
  if (lock_timeout) options.acquire_timeout = *lock_timeout;
  options.logger = stderrLogger(log_level.value_or(LogLevel::kInfo));
  return options;
}

void Settings::configure(FlamingockBuilder& builder) const {
  // An embedded service's own lock options stay but for the fields this command line gives.
  if (lock_key || lock_timeout) {
    LockOptions options = builder.lockOptions();
    if (lock_key) options.key = *lock_key;
    if (lock_timeout) options.acquire_timeout = *lock_timeout;
    builder.setLockOptions(std::move(options));
  }
  if (!log_level && builder.loggerChosen()) return;
  std::shared_ptr<Logger> logger = stderrLogger(log_level.value_or(LogLevel::kWarn));
  bool errors = log_level ? log_errors : false;  // no level given: the tool's own default
  builder.setLogger(errors ? logger : std::make_shared<WithoutErrors>(std::move(logger)));
}

FlamingockBuilder Context::pipeline() {
  FlamingockBuilder builder = service.pipeline(settings);
  if (settings.active_profiles) {
    try {
      builder.setActiveProfiles(parseProfileList(*settings.active_profiles));
    } catch (const OptionError& e) {
      throw UsageError(std::string("--active-profiles: ") + e.what());
    }
  }
  return builder;
}

CommandTarget Context::commandTarget() const {
  return {program,
          {{"--region", settings.region},
           {"--endpoint", settings.endpoint},
           {"--profile", settings.profile},
           {"--audit-table", settings.audit_table},
           {"--lock-table", settings.lock_table},
           {"--lock-key", settings.lock_key.value_or("")}}};
}

std::string Context::commandLine(const std::vector<std::string>& args) const {
  return cliCommand(commandTarget(), args);
}

}  // namespace flamingock::cli::detail
