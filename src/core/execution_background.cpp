// A run's part in background changes (docs/operations.md#background-migrations): it starts their
// jobs and goes on, and works on a job itself only when a later change needs it finished.
#include <atomic>

#include "execution.h"
#include "flamingock/error.h"
#include "job_work.h"

namespace flamingock::detail {
namespace {

// What a background change's apply registers.
class Registration : public JobRegistrar {
 public:
  explicit Registration(std::string change_id) : change_id_(std::move(change_id)) {}

  void registerJob(const JobDefinition& definition) override {
    if (definition_) {
      throw Error("background change '" + change_id_ +
                  "' starts more than one job: its apply must be exactly one migration");
    }
    if (definition.total_parts < 1) {
      throw Error("background change '" + change_id_ + "' registers a job of " +
                  std::to_string(definition.total_parts) + " parts; it needs at least 1");
    }
    definition_ = definition;
  }

  // The registered job. Throws Error naming the change when its apply registered none.
  const JobDefinition& definition() const {
    if (!definition_) {
      throw Error("background change '" + change_id_ +
                  "' registered no job: its apply must be exactly one migration "
                  "(an ItemMigration, YAML migrateItems)");
    }
    return *definition_;
  }

 private:
  std::string change_id_;
  std::optional<JobDefinition> definition_;
};

}  // namespace

void Execution::applyBackground(const ResolvedChange& change, const Fence& fence) {
  auto start = clock_.monotonicNow();
  Registration registration(change.info.id);
  RunProgress progress(*progress_run_, change.info.id, registration);
  ChangeContext context = contextFor(change, nullptr, progress);
  // Nothing was written yet: a failure here leaves no job behind.
  if (auto failure = capture([&] {
        change.change->apply(context);
        registration.definition();
      })) {
    fail(change, fence, *failure, since(start), false);
  }
  JobRecord job{.change_id = change.info.id,
                .execution_id = execution_id_,
                .definition = registration.definition(),
                .created_at = formatCreatedAt(clock_.wallNow())};
  job.updated_at = job.created_at;
  job.definition.change_checksum = change.checksum;
  try {
    pipeline_.store->jobStore()->start(job, entryFor(change, AuditState::kStarted), fence);
  } catch (const OutcomeUnknownError& e) {
    throw OutcomeUnknownError("whether the job of background change '" + change.info.id +
                              "' started (with its STARTED entry) is unknown (" + e.what() +
                              "); nothing more was written: the next run decides from the "
                              "audit log");
  }
  summary_.changes.push_back({change.info.id, change.stage_id, ChangeStatus::kInBackground,
                              since(start), "", "its job started; the fleet's workers do it"});
}

void Execution::finishNeededJobs(const ResolvedChange& change, const Lock& lock) {
  for (const std::string& needed : change.info.needs) {
    const ResolvedChange* background = findChange(pipeline_.stages, needed);
    std::atomic<bool> stop{false};
    JobWorker worker(pipeline_, stop);
    auto deadline = clock_.monotonicNow() + pipeline_.lock.acquire_timeout;
    while (worker.workOn(*background)) {
      lock.ensureHeld();
      if (clock_.monotonicNow() >= deadline) {
        throw Error("change '" + change.info.id + "' requires background change '" + needed +
                    "', whose job is still running after the lock's acquire timeout (" +
                    std::to_string(pipeline_.lock.acquire_timeout.count()) +
                    " ms) of work by this run: the fleet's workers finish it; run again later");
      }
      clock_.sleepFor(worker.pollInterval());
    }
    AuditHistory history(pipeline_.store->readHistoryForPlanning());
    const AuditEntry* current = history.current(needed);
    if (current == nullptr || !inAppliedState(*current)) {
      throw Error(
          "change '" + change.info.id + "' requires background change '" + needed + "', which is " +
          (current == nullptr ? std::string("not applied")
                              : "not applied (" + std::string(toString(current->state)) + ")") +
          ": it applies only after that one");
    }
  }
}

}  // namespace flamingock::detail
