// What a worker saw of its jobs' steering (docs/operations.md#steering-a-migration): a pause, a
// resume or a new fleet rate, told to the listeners once per worker when it first sees it.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flamingock/job_store.h"
#include "flamingock/listener.h"

namespace flamingock::detail {

class SteeringWatch {
 public:
  SteeringWatch(std::vector<std::shared_ptr<Listener>> listeners, std::string worker);

  // Records `job`'s state and rate as seen now, and tells the listeners what changed since this
  // worker last saw the job; nothing at first sight, when there is nothing to compare with.
  // Thread-safe: the events go out one at a time.
  void observe(const JobRecord& job);

 private:
  struct Seen {
    std::string execution_id;
    bool paused = false;
    std::optional<double> rate;
  };

  void tell(const JobRecord& job, JobSteeredEvent::Kind kind);

  std::vector<std::shared_ptr<Listener>> listeners_;
  std::string worker_;
  std::mutex mutex_;
  std::map<std::string, Seen> seen_;  // by change id
};

// The job state whose name (toString) is `name`; none for another name.
std::optional<JobState> jobStateNamed(std::string_view name);

// Why the job of `change_id` cannot be `action` ("steered", "cancelled"): it has none (`state`
// none) or it ended in `state`.
std::string notSteerable(const std::string& change_id, std::optional<JobState> state,
                         std::string_view action = "steered");

// Whether `stored`, a job as stored now, is `job`'s execution ended FAILED with every part done:
// a job whose failed items JobStore::acceptFailed accepts.
bool failedWithEveryPartDone(const JobRecord& stored, const JobRecord& job);

// Whether `stored`, a job as stored now, is still `job`'s execution and unfinished: a job that
// JobStore::cancel cancels.
bool stillUnfinished(const JobRecord& stored, const JobRecord& job);

// Why a job whose parts are all done ends FAILED: its failed items were not accepted.
std::string unacceptedFailures(const JobRecord& job);

// The failed items as the APPLIED entry's metadata records them: "<key>: <error>" a line, as many
// as fit in kMaxFailuresText characters.
inline constexpr std::size_t kMaxFailuresText = 4000;
std::string failuresText(std::vector<FailedItem> items);

// Throws OptionError naming `rate` unless it is a fleet rate: finite, 0 (no limit) or more.
void checkFleetRate(const std::string& change_id, double rate);

}  // namespace flamingock::detail
