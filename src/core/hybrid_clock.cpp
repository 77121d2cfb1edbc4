#include "core/hybrid_clock.h"

namespace flamingock {

void HybridClock::observe(std::optional<std::chrono::system_clock::time_point> seen) {
  if (seen && (!latest_ || *seen > *latest_)) latest_ = seen;
}

std::chrono::system_clock::time_point HybridClock::next() {
  using std::chrono::milliseconds;
  std::chrono::system_clock::time_point stamp = std::chrono::floor<milliseconds>(clock_.wallNow());
  if (latest_) {
    auto after_latest = std::chrono::floor<milliseconds>(*latest_) + milliseconds(1);
    if (stamp < after_latest) stamp = after_latest;
  }
  latest_ = stamp;
  return stamp;
}

}  // namespace flamingock
