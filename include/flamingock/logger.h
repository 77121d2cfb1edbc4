// Where the library reports what a run did: one record a change applied or failed, one a change
// skipped (at debug), a summary line, and the waits for the lock (once when a wait starts, then
// once a minute). By default records of level info and above go to stderr, one line each.
//
//   class SpdLogger : public flamingock::Logger {
//     void log(const flamingock::LogRecord& r) override { spdlog::info("{}", r.message); }
//   };
//   Flamingock::builder().setLogger(std::make_shared<SpdLogger>());   // or nullptr: silent
//
// See examples/spdlog_logger/ for a complete adapter.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace flamingock {

// Most severe first: a threshold keeps its own level and those before it.
enum class LogLevel { kError, kWarn, kInfo, kDebug };

// "error", "warn", "info", "debug".
std::string_view toString(LogLevel level);
// The level named `name` ("error", "warn", "info", "debug"; any case); nullopt for another name.
std::optional<LogLevel> parseLogLevel(std::string_view name);

struct LogRecord {
  LogLevel level = LogLevel::kInfo;
  std::string message{};       // one line, without the fields below
  std::string execution_id{};  // the run's; empty outside a run
  std::string change_id{};     // the change the record is about; empty when none
};

// Receives the records of every runner it is set on, possibly from several threads at once when
// shared between runners: implementations must be thread-safe. What `log` throws is ignored.
class Logger {
 public:
  virtual ~Logger() = default;
  virtual void log(const LogRecord& record) = 0;
};

// Writes records of `threshold` or more severe to stderr, one line each:
//   flamingock INFO [execution 5f3c...] change 'create-orders': applied in 12 ms
// Thread-safe. The builder's default, at kInfo.
std::shared_ptr<Logger> stderrLogger(LogLevel threshold = LogLevel::kInfo);

}  // namespace flamingock
