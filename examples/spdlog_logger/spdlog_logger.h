// An adapter that sends flamingock's execution report to spdlog, with the execution and change
// ids as a prefix. Copy it into a service that logs with spdlog:
//
//   Flamingock::builder()
//       .setLogger(std::make_shared<SpdlogLogger>(spdlog::default_logger()))
//       ...
#pragma once

#include <spdlog/spdlog.h>

#include <memory>

#include "flamingock/logger.h"

class SpdlogLogger : public flamingock::Logger {
 public:
  explicit SpdlogLogger(std::shared_ptr<spdlog::logger> logger) : logger_(std::move(logger)) {}

  // spdlog's loggers are thread-safe (the _mt sinks) and filter by their own level.
  void log(const flamingock::LogRecord& record) override {
    logger_->log(
        levelOf(record.level), "[execution {}]{} {}", record.execution_id,
        record.change_id.empty() ? "" : " change '" + record.change_id + "':", record.message);
  }

 private:
  static spdlog::level::level_enum levelOf(flamingock::LogLevel level) {
    switch (level) {
      case flamingock::LogLevel::kError:
        return spdlog::level::err;
      case flamingock::LogLevel::kWarn:
        return spdlog::level::warn;
      case flamingock::LogLevel::kInfo:
        return spdlog::level::info;
      case flamingock::LogLevel::kDebug:
        return spdlog::level::debug;
    }
    return spdlog::level::info;
  }

  std::shared_ptr<spdlog::logger> logger_;
};
