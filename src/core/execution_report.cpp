#include "execution_report.h"

#include "core/quiet_log.h"

namespace flamingock::detail {
namespace {

class ExecutionLogger : public Logger {
 public:
  ExecutionLogger(std::shared_ptr<Logger> logger, std::string execution_id)
      : logger_(std::move(logger)), execution_id_(std::move(execution_id)) {}

  void log(const LogRecord& record) override {
    if (!record.execution_id.empty()) return logQuietly(*logger_, record);
    LogRecord stamped = record;
    stamped.execution_id = execution_id_;
    logQuietly(*logger_, stamped);
  }

 private:
  std::shared_ptr<Logger> logger_;
  std::string execution_id_;
};

std::string millis(std::chrono::milliseconds duration) {
  return std::to_string(duration.count()) + " ms";
}

}  // namespace

ExecutionReport::ExecutionReport(std::shared_ptr<Logger> logger, std::string execution_id)
    : logger_(std::make_shared<ExecutionLogger>(std::move(logger), std::move(execution_id))) {}

void ExecutionReport::onChangeApplied(const ChangeOutcome& change) {
  log(LogLevel::kInfo, "applied in " + millis(change.duration), change.change_id);
}

void ExecutionReport::onChangeFailed(const ChangeOutcome& change) {
  log(LogLevel::kError, "failed after " + millis(change.duration) + ": " + change.error,
      change.change_id);
}

void ExecutionReport::onChangeSkipped(const ChangeOutcome& change, std::string_view reason) {
  log(LogLevel::kDebug, "skipped: " + std::string(reason), change.change_id);
}

void ExecutionReport::onStoreRole(const StoreRole& role) {
  if (role.kind == StoreRole::Kind::kSingle) return;
  log(LogLevel::kInfo, "the audit log is replicated; this Region: " + role.describe());
}

void ExecutionReport::onTransactionWarning(const std::string& change_id, std::string warning) {
  log(LogLevel::kWarn, std::move(warning), change_id);
}

void ExecutionReport::onRunFailed(std::string_view error_type) { run_error_type_ = error_type; }

void ExecutionReport::onFinished(const RunSummary& summary) {
  std::string counts = summary.dry_run
                           ? std::to_string(summary.planned()) + " to apply, " +
                                 std::to_string(summary.skipped()) + " up to date (dry run)"
                           : std::to_string(summary.applied()) + " applied, " +
                                 std::to_string(summary.skipped()) + " up to date, " +
                                 std::to_string(summary.failed()) + " failed";
  counts += " in " + millis(summary.total_duration);
  if (run_error_type_.empty()) return log(LogLevel::kInfo, "finished: " + counts);
  log(LogLevel::kError, "stopped by " + run_error_type_ + ": " + counts);
}

void ExecutionReport::log(LogLevel level, std::string message, const std::string& change_id) {
  logger_->log({level, std::move(message), "", change_id});
}

}  // namespace flamingock::detail
