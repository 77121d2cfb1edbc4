#include "flamingock/runner.h"

#include "baseline.h"
#include "execution.h"
#include "flamingock/error.h"
#include "job_work.h"
#include "log_validation.h"
#include "manual_fix.h"
#include "pipeline.h"
#include "planner.h"
#include "undo.h"

namespace flamingock {
namespace {

detail::Pipeline& enabled(const std::unique_ptr<detail::Pipeline>& pipeline, const char* command) {
  if (!pipeline) {
    throw ConfigurationError(std::string(command) +
                             ": the runner is disabled (built with setEnabled(false))");
  }
  return *pipeline;
}

}  // namespace

Runner::Runner(std::unique_ptr<detail::Pipeline> pipeline) : pipeline_(std::move(pipeline)) {}
Runner::Runner(Runner&&) noexcept = default;
Runner& Runner::operator=(Runner&& other) noexcept {
  // The workers use the pipeline they were started on: they stop before it goes.
  stopWorkers();
  pipeline_ = std::move(other.pipeline_);
  workers_ = std::move(other.workers_);
  return *this;
}
Runner::~Runner() { stopWorkers(); }

RunSummary Runner::run() { return run(RunOptions{}); }

RunSummary Runner::run(const RunOptions& options) {
  // A disabled runner has no pipeline: it was built without one.
  if (!pipeline_) return RunSummary{};
  if (!options.up_to.empty() && detail::findChange(pipeline_->stages, options.up_to) == nullptr) {
    throw OptionError("run: --up-to '" + options.up_to + "' is not a change of this pipeline");
  }
  if (!pipeline_->validation_only) {
    RunSummary summary = detail::Execution(*pipeline_, options).run();
    if (pipeline_->background_workers && !pipeline_->dry_run && !workers_) {
      workers_ = std::make_unique<detail::BackgroundWorkers>(*pipeline_);
    }
    return summary;
  }
  ValidationReport report = detail::validateLog(*pipeline_);
  if (!report.ok()) throw PendingChangesError(detail::problemSentences(report));
  // Nothing to do; a dry run reports it and cannot apply what another runner adds meanwhile.
  pipeline_->dry_run = true;
  return detail::Execution(*pipeline_, options).run();
}

UndoSummary Runner::undo(const UndoOptions& options) {
  return detail::undoChanges(enabled(pipeline_, "undo"), options);
}

ValidationReport Runner::validate(const ValidateOptions& options) {
  return detail::validateLog(enabled(pipeline_, "validate"), options);
}

BaselineSummary Runner::baseline(const BaselineOptions& options) {
  return detail::baselineChanges(enabled(pipeline_, "baseline"), options);
}

AuditEntry Runner::fix(const FixOptions& options) {
  detail::Pipeline& pipeline = enabled(pipeline_, "fix");
  if (options.change_id.empty()) throw OptionError("fix: the change id is required");
  const detail::ResolvedChange* change = detail::findChange(pipeline.stages, options.change_id);
  detail::ManualFix fix(*pipeline.store, detail::lockOptionsTellingListeners(pipeline),
                        pipeline.clock);
  return fix.markResolved(options.change_id, options.resolution,
                          change ? std::optional(change->checksum) : std::nullopt);
}

void Runner::work() {
  detail::Pipeline& pipeline = enabled(pipeline_, "work");
  std::atomic<bool> stop{false};
  detail::JobWorker worker(pipeline, stop);
  while (worker.workOnce() > 0) pipeline.clock->sleepFor(worker.pollInterval());
}

void Runner::stopWorkers() { workers_.reset(); }

}  // namespace flamingock
