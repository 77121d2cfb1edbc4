// Observers of a run: progress lines, metrics, notifications.
//
//   class PrintProgress : public flamingock::Listener {
//     void onChangeApplied(const flamingock::ChangeOutcome& c) override {
//       std::cout << c.change_id << " applied in " << c.duration.count() << " ms\n";
//     }
//   };
//   Flamingock::builder().addListener(std::make_shared<PrintProgress>());
//
// Events come from the runner's thread, in order. An exception thrown by a listener is swallowed:
// observing a run must never leave its audit log incomplete.
#pragma once

#include <string>
#include <vector>

#include "flamingock/run_summary.h"

namespace flamingock {

struct RunStartedEvent {
  std::string execution_id{};
  bool dry_run = false;
  std::vector<std::string> pending{};  // ids of the changes this run will apply, in order
};

class Listener {
 public:
  virtual ~Listener() = default;
  // After planning, before the first change (and before the lock is taken).
  virtual void onStarted(const RunStartedEvent&) {}
  // After a change's APPLIED entry was recorded.
  virtual void onChangeApplied(const ChangeOutcome&) {}
  // After a failed change's FAILED entry (and its rollback) were recorded.
  virtual void onChangeFailed(const ChangeOutcome&) {}
  // At the end of every run that started, successful or not.
  virtual void onFinished(const RunSummary&) {}
};

}  // namespace flamingock
