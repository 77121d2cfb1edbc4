#include "flamingock/runner.h"

#include "baseline.h"
#include "execution.h"
#include "flamingock/error.h"
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
Runner& Runner::operator=(Runner&&) noexcept = default;
Runner::~Runner() = default;

RunSummary Runner::run() { return run(RunOptions{}); }

RunSummary Runner::run(const RunOptions& options) {
  // A disabled runner has no pipeline: it was built without one.
  if (!pipeline_) return RunSummary{};
  if (!options.up_to.empty() && detail::findChange(pipeline_->stages, options.up_to) == nullptr) {
    throw OptionError("run: --up-to '" + options.up_to + "' is not a change of this pipeline");
  }
  if (!pipeline_->validation_only) return detail::Execution(*pipeline_, options).run();
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

}  // namespace flamingock
