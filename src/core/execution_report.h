// The default execution report: what a run did, told to the builder's Logger. It observes the
// run through the listeners' events (so nothing is computed twice), plus what listeners are not
// told: the changes skipped and why, and the error that stopped the run.
//
//   ExecutionReport report(logger, execution_id);
//   report.onChangeApplied(outcome);         // info:  change 'a': applied in 12 ms
//   report.onChangeSkipped(outcome, why);    // debug: change 'b': skipped: <why>
//   report.onRunFailed(error_type);          // kept for the summary line
//   report.onFinished(summary);              // info (error when the run failed): the summary
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "flamingock/listener.h"
#include "flamingock/logger.h"
#include "flamingock/store_role.h"

namespace flamingock::detail {

// Used from the runner's thread, for one execution.
class ExecutionReport : public Listener {
 public:
  ExecutionReport(std::shared_ptr<Logger> logger, std::string execution_id);

  void onChangeApplied(const ChangeOutcome& change) override;
  void onChangeFailed(const ChangeOutcome& change) override;
  void onFinished(const RunSummary& summary) override;

  void onChangeSkipped(const ChangeOutcome& change, std::string_view reason);
  // info: the part this Region plays, when the audit log is replicated (not for kSingle).
  void onStoreRole(const StoreRole& role);
  // warn: what the audit store says about committing a change's transaction.
  void onTransactionWarning(const std::string& change_id, std::string warning);
  // Before onFinished, when an error stops the run: its type (its message goes to the caller).
  void onRunFailed(std::string_view error_type);

  // The logger, stamping this execution's id on records that have none: for the run's lock.
  std::shared_ptr<Logger> logger() const { return logger_; }

 private:
  void log(LogLevel level, std::string message, const std::string& change_id = "");

  std::shared_ptr<Logger> logger_;
  std::string run_error_type_;
};

}  // namespace flamingock::detail
