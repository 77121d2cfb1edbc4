#include "job_steering.h"

#include <cmath>

#include "flamingock/administration.h"
#include "flamingock/error.h"
#include "pipeline.h"

namespace flamingock {

const char* toString(JobSteeredEvent::Kind kind) {
  switch (kind) {
    case JobSteeredEvent::Kind::kPaused:
      return "paused";
    case JobSteeredEvent::Kind::kResumed:
      return "resumed";
    case JobSteeredEvent::Kind::kRateChanged:
      return "rate changed";
  }
  return "unknown";
}

namespace detail {

SteeringWatch::SteeringWatch(std::vector<std::shared_ptr<Listener>> listeners, std::string worker)
    : listeners_(std::move(listeners)), worker_(std::move(worker)) {}

void SteeringWatch::observe(const JobRecord& job) {
  std::lock_guard lock(mutex_);
  Seen now{job.execution_id, job.state == JobState::kPaused, job.rate};
  auto [found, first] = seen_.try_emplace(job.change_id, now);
  Seen before = std::exchange(found->second, now);
  // Another execution's job is another job: what it was told says nothing of this one.
  if (first || before.execution_id != now.execution_id) return;
  if (before.paused != now.paused) {
    tell(job, now.paused ? JobSteeredEvent::Kind::kPaused : JobSteeredEvent::Kind::kResumed);
  }
  if (before.rate != now.rate) tell(job, JobSteeredEvent::Kind::kRateChanged);
}

void SteeringWatch::tell(const JobRecord& job, JobSteeredEvent::Kind kind) {
  JobSteeredEvent event{
      .change_id = job.change_id, .kind = kind, .rate = job.rate, .worker = worker_};
  tellListeners(listeners_, [&](Listener& listener) { listener.onJobSteered(event); });
}

std::string notSteerable(const std::string& change_id, std::optional<JobState> state) {
  if (!state) {
    return "change '" + change_id + "' has no job: only a background change's job is steered (" +
           "see migrations list)";
  }
  return "the job of change '" + change_id + "' is " + toString(*state) +
         ": only a RUNNING or PAUSED job is steered";
}

void checkFleetRate(const std::string& change_id, double rate) {
  if (!std::isfinite(rate) || rate < 0) {
    throw OptionError("the rate of the job of change '" + change_id + "' must be 0 (no limit) or " +
                      "a number of items per second above 0, not " + std::to_string(rate));
  }
}

}  // namespace detail
}  // namespace flamingock

namespace flamingock {
namespace {

JobStore& jobsOf(AuditStore& store) {
  JobStore* jobs = store.jobStore();
  if (jobs == nullptr) {
    throw ConfigurationError("the audit store keeps no background jobs (AuditStore::jobStore())");
  }
  return *jobs;
}

}  // namespace

JobRecord Administration::pauseJob(const std::string& change_id) {
  return jobsOf(*store_).steer(change_id, {.paused = true});
}

JobRecord Administration::resumeJob(const std::string& change_id) {
  return jobsOf(*store_).steer(change_id, {.paused = false});
}

JobRecord Administration::setJobRate(const std::string& change_id, double items_per_second) {
  detail::checkFleetRate(change_id, items_per_second);
  return jobsOf(*store_).steer(change_id, {.rate = items_per_second});
}

}  // namespace flamingock
