#include "flamingock/runner.h"

#include "execution.h"
#include "pipeline.h"

namespace flamingock {

Runner::Runner(std::unique_ptr<detail::Pipeline> pipeline) : pipeline_(std::move(pipeline)) {}
Runner::Runner(Runner&&) noexcept = default;
Runner& Runner::operator=(Runner&&) noexcept = default;
Runner::~Runner() = default;

RunSummary Runner::run() {
  // A disabled runner has no pipeline: it was built without one.
  if (!pipeline_) return RunSummary{};
  return detail::Execution(*pipeline_).run();
}

}  // namespace flamingock
