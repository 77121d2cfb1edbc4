#include "dynamodb/migration/checkpoint.h"

#include <charconv>
#include <sstream>

#include "flamingock/change.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

// Reads a whole non-negative integer from `text`, or throws naming the checkpoint's `ranges`.
int parseSegment(std::string_view text, const std::string& ranges, int total) {
  int value = -1;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0 || value >= total) {
    throw Error("migration checkpoint: finished segments '" + ranges + "' are not ranges of 0 to " +
                std::to_string(total - 1));
  }
  return value;
}

}  // namespace

MigrationTotals& operator+=(MigrationTotals& into, const MigrationTotals& more) {
  into.scanned += more.scanned;
  into.written += more.written;
  into.skipped += more.skipped;
  into.failed += more.failed;
  return into;
}

Checkpoint::Checkpoint(std::string fingerprint, int total_segments)
    : fingerprint_(std::move(fingerprint)), done_(total_segments, false) {}

void Checkpoint::record(int segment, Item last_key, const MigrationTotals& counts) {
  if (done_[segment]) return;
  SegmentPosition& position = in_progress_[segment];
  position.counts += counts;
  if (!last_key.empty()) {
    position.last_key = std::move(last_key);
    return;
  }
  finished_ += position.counts;
  finished_here_[segment] = position.counts;
  in_progress_.erase(segment);
  done_[segment] = true;
  ++segments_done_;
}

void Checkpoint::recordFailure(int segment) { ++in_progress_[segment].counts.failed; }

std::optional<MigrationTotals> Checkpoint::countsOfFinished(int segment) const {
  auto found = finished_here_.find(segment);
  if (found == finished_here_.end()) return std::nullopt;
  return found->second;
}

const Item* Checkpoint::startKey(int segment) const {
  auto found = in_progress_.find(segment);
  if (found == in_progress_.end() || found->second.last_key.empty()) return nullptr;
  return &found->second.last_key;
}

std::vector<int> Checkpoint::remaining() const {
  std::vector<int> segments;
  for (const auto& [segment, position] : in_progress_) segments.push_back(segment);
  for (int segment = 0; segment < totalSegments(); ++segment) {
    if (!done_[segment] && !in_progress_.contains(segment)) segments.push_back(segment);
  }
  return segments;
}

MigrationTotals Checkpoint::totals() const {
  MigrationTotals totals = finished_;
  for (const auto& [segment, position] : in_progress_) totals += position.counts;
  return totals;
}

std::string Checkpoint::doneRanges() const {
  std::string text;
  for (int first = 0; first < totalSegments(); ++first) {
    if (!done_[first]) continue;
    int last = first;
    while (last + 1 < totalSegments() && done_[last + 1]) ++last;
    if (!text.empty()) text += ',';
    text += std::to_string(first);
    if (last > first) text += '-' + std::to_string(last);
    first = last;
  }
  return text;
}

void Checkpoint::restoreDone(const std::string& ranges, const MigrationTotals& counts) {
  std::string_view rest = ranges;
  while (!rest.empty()) {
    std::string_view range = rest.substr(0, rest.find(','));
    rest.remove_prefix(std::min(rest.size(), range.size() + 1));
    auto dash = range.find('-');
    int first = parseSegment(range.substr(0, dash), ranges, totalSegments());
    int last = dash == std::string_view::npos
                   ? first
                   : parseSegment(range.substr(dash + 1), ranges, totalSegments());
    for (int segment = first; segment <= last; ++segment) {
      if (!done_[segment]) ++segments_done_;
      done_[segment] = true;
    }
  }
  finished_ = counts;
}

void Checkpoint::restoreInProgress(int segment, SegmentPosition position) {
  if (segment < 0 || segment >= totalSegments() || done_[segment]) {
    throw Error("migration checkpoint: segment " + std::to_string(segment) +
                " is not an unfinished segment of " + std::to_string(totalSegments()));
  }
  in_progress_[segment] = std::move(position);
}

void Checkpoint::reopen(int segment, SegmentPosition position) {
  if (segment >= 0 && segment < totalSegments() && done_[segment]) {
    done_[segment] = false;
    --segments_done_;
    if (auto counted = finished_here_.find(segment); counted != finished_here_.end()) {
      finished_.scanned -= counted->second.scanned;
      finished_.written -= counted->second.written;
      finished_.skipped -= counted->second.skipped;
      finished_.failed -= counted->second.failed;
      finished_here_.erase(counted);
    }
  }
  restoreInProgress(segment, std::move(position));
}

void SharedCheckpoint::record(int segment, Item last_key, const MigrationTotals& counts) {
  std::lock_guard lock(mutex_);
  checkpoint_.record(segment, std::move(last_key), counts);
}

void SharedCheckpoint::recordFailure(int segment) {
  std::lock_guard lock(mutex_);
  checkpoint_.recordFailure(segment);
}

void SharedCheckpoint::restoreInProgress(int segment, SegmentPosition position) {
  std::lock_guard lock(mutex_);
  checkpoint_.reopen(segment, std::move(position));
}

Checkpoint SharedCheckpoint::snapshot() const {
  std::lock_guard lock(mutex_);
  return checkpoint_;
}

std::string fingerprintOf(const ScanRequest& scan) {
  std::ostringstream text;
  text << scan.table_name << '\n'
       << scan.index_name << '\n'
       << scan.filter_expression << '\n'
       << scan.projection_expression << '\n'
       << scan.consistent_read << '\n'
       << static_cast<int>(scan.select) << '\n';
  for (const auto& [name, attribute] : scan.expression_attribute_names) {
    text << name << '=' << attribute << '\n';
  }
  for (const auto& [name, value] : scan.expression_attribute_values) {
    text << name << '=' << value << '\n';
  }
  return checksumOf(text.str());
}

}  // namespace flamingock::dynamodb::detail
