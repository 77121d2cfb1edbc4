#include "dynamodb/migration/segment_source.h"

#include "dynamodb/client/json_codec.h"
#include "dynamodb/migration/checkpoint_record.h"

namespace flamingock::dynamodb::detail {
namespace {

constexpr char kLastKey[] = "lastKey";

// A part's state: where its segment continues.
std::string partState(const Item& last_key) {
  JsonWriter json;
  writeItem(json, {{kLastKey, AttributeValue::map(last_key)}});
  return std::move(json).take();
}

// Where the segment of `part` continues; empty for a part that has not started.
Item lastKeyOf(const JobPart& part, const std::string& change_id) {
  if (part.state.empty()) return {};
  try {
    Item state = readItem(Json::parse(part.state));
    auto found = state.find(kLastKey);
    return found == state.end() ? Item{} : found->second.asMap();
  } catch (const std::exception& e) {
    throw Error("part " + std::to_string(part.index) + " of the job of change '" + change_id +
                "' has a state that is not where its segment continues: " + e.what());
  }
}

}  // namespace

ProgressSource::ProgressSource(ChangeProgress& progress, ProgressKey key, std::string table_name,
                               const Checkpoint& start)
    : progress_(progress),
      key_(std::move(key)),
      table_name_(std::move(table_name)),
      queue_(start.remaining()) {}

int ProgressSource::next(SharedCheckpoint&) {
  std::lock_guard lock(mutex_);
  return next_ == queue_.size() ? -1 : queue_[next_++];
}

void ProgressSource::save(const Checkpoint& checkpoint) {
  progress_.save(checkpointRecord(key_, table_name_, checkpoint));
}

int JobSource::next(SharedCheckpoint& checkpoint) {
  std::optional<JobPart> part = parts_.claim();
  if (!part) return -1;
  Item last_key = lastKeyOf(*part, parts_.job().change_id);
  if (!last_key.empty() || part->counts != ItemCounts{}) {
    checkpoint.restoreInProgress(part->index, {std::move(last_key), part->counts});
  }
  {
    std::lock_guard lock(mutex_);
    held_[part->index] = *part;
  }
  steer();
  return part->index;
}

bool JobSource::quarantine(const Item& key, const std::string& error) const {
  if (max_failed_items_ == 0) return false;
  JsonWriter json;
  writeItem(json, key);
  int failed = parts_.quarantine(
      {.key = std::move(json).take(), .error = error.substr(0, FailedItem::kMaxErrorLength)});
  if (failed > max_failed_items_) {
    throw Error("the job of change '" + parts_.job().change_id + "' has " + std::to_string(failed) +
                " failed items, more than its max_failed_items (" +
                std::to_string(max_failed_items_) + "): the job fails; the last: " + error);
  }
  return true;
}

void JobSource::steer() {
  JobNow now = parts_.refresh();
  int held = 0;
  {
    std::lock_guard lock(mutex_);
    held = static_cast<int>(held_.size());
  }
  pace_.obey(now, held);
}

void JobSource::ensureHeld(int segment) const {
  if (parts_.stopRequested()) {
    throw WorkInterruptedError("the worker stops: the job of change '" + parts_.job().change_id +
                               "' keeps what its parts did");
  }
  std::lock_guard lock(mutex_);
  if (lost_.contains(segment)) {
    throw PartLostError("part " + std::to_string(segment) + " of the job of change '" +
                        parts_.job().change_id + "' was taken over by another worker");
  }
}

void JobSource::save(const Checkpoint& checkpoint) {
  std::map<int, JobPart> held;
  {
    std::lock_guard lock(mutex_);
    held = held_;
  }
  for (auto& [index, part] : held) {
    if (std::optional<MigrationTotals> finished = checkpoint.countsOfFinished(index)) {
      part.done = true;
      part.counts = *finished;
      part.state = partState({});
    } else if (auto found = checkpoint.inProgress().find(index);
               found != checkpoint.inProgress().end()) {
      part.counts = found->second.counts;
      part.state = partState(found->second.last_key);
    }
    // A part with nothing new is saved too: its beat tells the others that it is worked on.
    bool lost = false;
    try {
      parts_.save(part);
    } catch (const LockLostError&) {
      lost = true;
    }
    std::lock_guard lock(mutex_);
    if (lost) lost_.insert(index);
    if (lost || part.done) {
      held_.erase(index);
    } else {
      held_[index] = part;
    }
  }
  steer();
}

}  // namespace flamingock::dynamodb::detail
