#include "flamingock/administration.h"

#include <algorithm>

#include "attempt_chain.h"
#include "manual_fix.h"
#include "planner.h"

namespace flamingock {
namespace {

// Whether `current` belongs to an undo's rollback: the entries of its execution follow the
// change's being applied (a run's follow anything else: it never runs an applied change).
bool fromUndo(const std::vector<AuditEntry>& entries, const AuditEntry& current) {
  const AuditEntry* before = nullptr;
  for (const AuditEntry& entry : entries) {
    if (entry.execution_id == current.execution_id) break;
    before = &entry;
  }
  return before != nullptr && !before->unreadable() && detail::inAppliedState(*before);
}

// The issue of a change whose current entry is `current`, if it blocks its stage: decided with
// the recovery strategy recorded, the code being unknown.
std::optional<Issue> issueOf(const AuditEntry& current) {
  if (detail::decide(&current, current.recovery_strategy) != detail::Decision::kBlocked) {
    return std::nullopt;
  }
  RemedyKind kind = current.unreadable() ? RemedyKind::kRepairEntry : RemedyKind::kMarkResolved;
  return Issue{current, {kind, current.change_id}};
}

}  // namespace

Administration::Administration(std::shared_ptr<AuditStore> store, AdministrationOptions options)
    : store_(std::move(store)), options_(std::move(options)) {
  if (!store_) throw ConfigurationError("Administration needs an audit store, got none");
}

AuditHistory Administration::readLog() { return AuditHistory(store_->readHistory()); }

std::vector<Issue> Administration::issues() { return issues(readLog()); }

std::vector<Issue> Administration::issues(const AuditHistory& log) {
  std::vector<Issue> issues;
  for (const AuditEntry* current : log.currentEntries()) {
    if (std::optional<Issue> issue = issueOf(*current)) issues.push_back(std::move(*issue));
  }
  return issues;
}

ChangeStory Administration::story(const std::string& change_id) {
  return story(readLog(), change_id);
}

ChangeStory Administration::story(const AuditHistory& log, const std::string& change_id) {
  const AuditEntry* current = log.current(change_id);
  if (current == nullptr) throw Error("change '" + change_id + "' is not in the audit log");
  ChangeStory story;
  for (const AuditEntry& entry : log.entries()) {
    if (entry.change_id == change_id) story.entries.push_back(entry);
  }
  std::stable_sort(story.entries.begin(), story.entries.end(),
                   [](const AuditEntry& a, const AuditEntry& b) { return supersedes(b, a); });
  story.current = *current;
  story.unfinished = !current->unreadable() && detail::isUnfinished(*current);
  story.applied = !current->unreadable() && detail::inAppliedState(*current);
  story.undoing = fromUndo(story.entries, *current);
  story.issue = issueOf(*current);
  return story;
}

AuditEntry Administration::fix(const std::string& change_id, Resolution resolution,
                               const std::optional<std::string>& code_checksum) {
  detail::ManualFix fix(*store_, options_.lock, options_.clock);
  return fix.markResolved(change_id, resolution, code_checksum);
}

std::optional<LockDescription> Administration::lockStatus(const std::string& key) {
  return store_->describeLock(key);
}

bool Administration::forceReleaseLock(const LockDescription& seen) {
  return store_->forceReleaseLock(seen);
}

MigrationStatus Administration::migrationStatus(const std::string& change_id) {
  if (store_->progressStore() == nullptr) return {};
  return migrationStatus(readLog(), change_id);
}

MigrationStatus Administration::migrationStatus(const AuditHistory& log,
                                                const std::string& change_id) {
  MigrationStatus status;
  ProgressStore* progress = store_->progressStore();
  if (progress == nullptr) return status;
  std::map<std::string, detail::AttemptChain> chains;
  auto chainOf = [&](const std::string& id) -> const detail::AttemptChain& {
    auto found = chains.find(id);
    if (found == chains.end()) {
      found = chains.emplace(id, detail::attemptChainOf(log.entries(), id)).first;
    }
    return found->second;
  };
  for (ProgressRecord& record : progress->list(change_id)) {
    const std::string& id = record.key.change_id;
    // A record of no chain (written before chains existed), or of an earlier one.
    if (record.attempt_chain.empty() || record.attempt_chain != chainOf(id).id) continue;
    status[id].push_back(std::move(record));
  }
  for (auto& [id, records] : status) {
    std::ranges::sort(records, {}, [](const ProgressRecord& record) {
      return std::pair(record.key.phase, record.key.index);
    });
  }
  return status;
}

ItemCounts JobStatus::totals() const {
  ItemCounts totals;
  for (const JobPart& part : parts) {
    totals.scanned += part.counts.scanned;
    totals.written += part.counts.written;
    totals.skipped += part.counts.skipped;
    totals.failed += part.counts.failed;
  }
  return totals;
}

std::vector<std::string> JobStatus::workers() const {
  std::vector<std::string> owners;
  for (const JobPart& part : parts) {
    if (!part.done && std::ranges::find(owners, part.owner) == owners.end()) {
      owners.push_back(part.owner);
    }
  }
  return owners;
}

std::vector<JobStatus> Administration::jobs(const std::string& change_id) {
  JobStore* jobs = store_->jobStore();
  if (jobs == nullptr) return {};
  std::vector<JobRecord> found;
  if (change_id.empty()) {
    found = jobs->list();
  } else if (std::optional<JobRecord> job = jobs->read(change_id)) {
    found.push_back(std::move(*job));
  }
  std::ranges::sort(found, {}, &JobRecord::change_id);
  std::vector<JobStatus> status;
  for (JobRecord& job : found) {
    std::vector<JobPart> parts = jobs->parts(job);
    std::ranges::sort(parts, {}, &JobPart::index);
    status.push_back({std::move(job), std::move(parts)});
  }
  return status;
}

}  // namespace flamingock
