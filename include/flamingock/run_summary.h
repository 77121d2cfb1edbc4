// What a run did: one outcome per change, counts and durations.
//
//   RunSummary summary = runner.run();
//   std::cout << summary.applied() << " applied, " << summary.skipped() << " up to date\n";
//   for (const ChangeOutcome& c : summary.changes) std::cout << c.change_id << "\n";
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace flamingock {

enum class ChangeStatus {
  kApplied,   // applied by this run
  kSkipped,   // already applied (or marked applied) before this run
  kFailed,    // apply threw; see ChangeOutcome::error
  kPlanned,   // dry run: would be applied
  kDisabled,  // pending, but disabled (ChangeInfo::enabled)
  kExcluded,  // pending, but none of its profiles holds; see ChangeOutcome::reason
  kWaiting,   // pending, but after the run's target (RunOptions::up_to)
  // A background change: this run started its job, or it was running already; the fleet's
  // workers finish it and record APPLIED (ChangeInfo::background).
  kInBackground,
};

std::string_view toString(ChangeStatus status);

struct ChangeOutcome {
  std::string change_id{};
  std::string stage_id{};
  ChangeStatus status = ChangeStatus::kSkipped;
  std::chrono::milliseconds duration{0};  // of apply (and its audit writes); 0 unless run
  std::string error{};                    // what apply threw, for kFailed
  // Why it did not run, for kExcluded and kWaiting, and for kSkipped when a Region that follows
  // the home Region waited for it to be applied there ("applied in home Region us-east-1").
  std::string reason{};
};

struct RunSummary {
  std::string execution_id{};  // this run's id; empty when the runner is disabled
  bool dry_run = false;
  std::vector<ChangeOutcome> changes{};  // in run order; changes of stages not reached are absent
  std::chrono::milliseconds total_duration{0};

  std::size_t applied() const { return count(ChangeStatus::kApplied); }
  std::size_t skipped() const { return count(ChangeStatus::kSkipped); }
  std::size_t failed() const { return count(ChangeStatus::kFailed); }
  std::size_t planned() const { return count(ChangeStatus::kPlanned); }
  std::size_t inBackground() const { return count(ChangeStatus::kInBackground); }

 private:
  std::size_t count(ChangeStatus status) const;
};

}  // namespace flamingock
