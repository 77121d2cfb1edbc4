#include "flamingock/logger.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <mutex>

#include "core/name_table.h"

namespace flamingock {
namespace {

constexpr detail::NameTable<LogLevel, 4> kLevelNames{{
    {LogLevel::kError, "error"},
    {LogLevel::kWarn, "warn"},
    {LogLevel::kInfo, "info"},
    {LogLevel::kDebug, "debug"},
}};

class StderrLogger : public Logger {
 public:
  explicit StderrLogger(LogLevel threshold) : threshold_(threshold) {}

  void log(const LogRecord& record) override {
    if (record.level > threshold_) return;
    std::string level(toString(record.level));
    std::transform(level.begin(), level.end(), level.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    std::string line = "flamingock " + level;
    if (!record.execution_id.empty()) line += " [execution " + record.execution_id + "]";
    if (!record.change_id.empty()) line += " change '" + record.change_id + "':";
    line += " " + record.message + "\n";
    // One write a line, so that lines of runners in other threads never interleave.
    std::lock_guard lock(mutex_);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
  }

 private:
  LogLevel threshold_;
  std::mutex mutex_;
};

}  // namespace

std::string_view toString(LogLevel level) { return detail::nameOf(kLevelNames, level); }

std::optional<LogLevel> parseLogLevel(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return detail::valueOf(kLevelNames, lower);
}

std::shared_ptr<Logger> stderrLogger(LogLevel threshold) {
  return std::make_shared<StderrLogger>(threshold);
}

}  // namespace flamingock
