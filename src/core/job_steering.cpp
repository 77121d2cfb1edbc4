#include "job_steering.h"

#include <algorithm>
#include <cmath>

#include "flamingock/administration.h"
#include "flamingock/error.h"
#include "job_store_of.h"
#include "name_table.h"
#include "pipeline.h"

namespace flamingock {

namespace {

constexpr detail::NameTable<JobSteeredEvent::Kind, 3> kSteeredNames{
    {{JobSteeredEvent::Kind::kPaused, "paused"},
     {JobSteeredEvent::Kind::kResumed, "resumed"},
     {JobSteeredEvent::Kind::kRateChanged, "rate changed"}}};

}  // namespace

const char* toString(JobSteeredEvent::Kind kind) {
  // The table's names are literals: their data ends with a NUL.
  return detail::nameOf(kSteeredNames, kind, "unknown").data();
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

std::string unacceptedFailures(const JobRecord& job) {
  return std::to_string(job.failed_items) + " items of the job of change '" + job.change_id +
         "' failed and are quarantined (migrations status lists them), and nobody accepted them "
         "(migrations accept-failures, Administration::acceptJobFailures) before the job ended";
}

std::string failuresText(std::vector<FailedItem> items) {
  std::ranges::sort(items, {}, &FailedItem::key);
  std::string text;
  for (const FailedItem& item : items) {
    std::string line = item.key + ": " + item.error + "\n";
    if (text.size() + line.size() > kMaxFailuresText) {
      return text + "... (" + std::to_string(items.size()) + " in all)";
    }
    text += line;
  }
  return text;
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

using detail::jobStoreOf;

JobRecord Administration::pauseJob(const std::string& change_id) {
  return jobStoreOf(*store_).steer(change_id, {.paused = true});
}

JobRecord Administration::resumeJob(const std::string& change_id) {
  return jobStoreOf(*store_).steer(change_id, {.paused = false});
}

JobRecord Administration::setJobRate(const std::string& change_id, double items_per_second) {
  detail::checkFleetRate(change_id, items_per_second);
  return jobStoreOf(*store_).steer(change_id, {.rate = items_per_second});
}

JobRecord Administration::acceptJobFailures(const std::string& change_id) {
  return jobStoreOf(*store_).steer(change_id, {.accept_failures = true});
}

std::vector<FailedItem> Administration::failedItems(const std::string& change_id) {
  JobStore& jobs = jobStoreOf(*store_);
  std::optional<JobRecord> job = jobs.read(change_id);
  if (!job) return {};
  std::vector<FailedItem> items = jobs.failedItems(*job);
  std::ranges::sort(items, {}, &FailedItem::key);
  return items;
}

}  // namespace flamingock
