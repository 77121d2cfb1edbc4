// Where a migration is: per segment, the last page whose writes were all acknowledged and what it
// counted. Kept in memory while the segments run and stored as one item of the lock table.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "flamingock/dynamodb/attribute_value.h"
#include "flamingock/dynamodb/item_migration.h"

namespace flamingock::dynamodb::detail {

// The most Scan segments DynamoDB allows.
inline constexpr int kMaxSegments = 1000000;

MigrationTotals& operator+=(MigrationTotals& into, const MigrationTotals& more);

// A segment that has started and not finished: where its next page starts.
struct SegmentPosition {
  Item last_key;
  MigrationTotals counts;
  friend bool operator==(const SegmentPosition&, const SegmentPosition&) = default;
};

// A plain value; `record` is how segments move it forward.
class Checkpoint {
 public:
  // A migration not started yet, identified by `fingerprint` (see fingerprintOf).
  Checkpoint(std::string fingerprint, int total_segments);

  const std::string& fingerprint() const { return fingerprint_; }
  int totalSegments() const { return static_cast<int>(done_.size()); }

  // A page of `segment` whose writes were all acknowledged: it counted `counts`, and the segment
  // continues after `last_key` (empty: the segment is finished).
  void record(int segment, Item last_key, const MigrationTotals& counts);
  // Counts an item whose callback threw; the segment stays where it was.
  void recordFailure(int segment);

  bool isDone(int segment) const { return done_[segment]; }
  int segmentsDone() const { return segments_done_; }
  bool complete() const { return segments_done_ == totalSegments(); }
  // Where `segment` starts: none for a segment not started (or finished).
  const Item* startKey(int segment) const;
  // The segments still to run: those under way first, then those not started, each in order.
  std::vector<int> remaining() const;
  MigrationTotals totals() const;

  const std::map<int, SegmentPosition>& inProgress() const { return in_progress_; }
  const MigrationTotals& finishedCounts() const { return finished_; }
  // What `segment` counted, when it finished since this checkpoint was made (restored finished
  // segments count only together, in finishedCounts()); none otherwise.
  std::optional<MigrationTotals> countsOfFinished(int segment) const;
  // The finished segments as ranges: "0-3,7".
  std::string doneRanges() const;
  // Marks the segments of `ranges` (as doneRanges() writes them) finished, with `counts` for all.
  // Throws Error quoting the text when it is malformed or out of range.
  void restoreDone(const std::string& ranges, const MigrationTotals& counts);
  void restoreInProgress(int segment, SegmentPosition position);
  // `segment` continues from `position` whatever this checkpoint held of it: a job's part this
  // worker lost, finished or not here, and claimed again from the part's own state.
  void reopen(int segment, SegmentPosition position);

  // The same migration at the same point: what single segments counted is not compared, as a
  // stored checkpoint keeps only the finished segments' sum.
  friend bool operator==(const Checkpoint& a, const Checkpoint& b) {
    return a.fingerprint_ == b.fingerprint_ && a.done_ == b.done_ &&
           a.in_progress_ == b.in_progress_ && a.finished_ == b.finished_;
  }

 private:
  std::string fingerprint_;
  std::vector<bool> done_;
  int segments_done_ = 0;
  std::map<int, SegmentPosition> in_progress_;
  MigrationTotals finished_;                      // of the finished segments
  std::map<int, MigrationTotals> finished_here_;  // of each segment recorded finished
};

// A Checkpoint shared by the segments' threads and the thread that stores it. Thread-safe.
class SharedCheckpoint {
 public:
  explicit SharedCheckpoint(Checkpoint start) : checkpoint_(std::move(start)) {}
  void record(int segment, Item last_key, const MigrationTotals& counts);
  void recordFailure(int segment);
  Checkpoint snapshot() const;
  // As Checkpoint::reopen: a segment claimed from a job continues where its part was left.
  void restoreInProgress(int segment, SegmentPosition position);

 private:
  mutable std::mutex mutex_;
  Checkpoint checkpoint_;
};

// Identifies a migration's scan: a resumed run with another one is refused. The page limit is
// left out (a checkpoint's key is valid whatever the page size).
std::string fingerprintOf(const ScanRequest& scan);

}  // namespace flamingock::dynamodb::detail
