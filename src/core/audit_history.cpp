#include "flamingock/audit_history.h"

#include <algorithm>

namespace flamingock {

bool supersedes(const AuditEntry& a, const AuditEntry& b) {
  // An entry of unknown time may be the change's latest: it wins until someone repairs it.
  if (a.unreadable() != b.unreadable()) return a.unreadable();
  if (a.created_at != b.created_at) return a.created_at > b.created_at;
  return a.state > b.state;
}

AuditHistory::AuditHistory(std::vector<AuditEntry> entries) : entries_(std::move(entries)) {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    auto [it, inserted] = current_by_change_.try_emplace(entries_[i].change_id, i);
    if (!inserted && supersedes(entries_[i], entries_[it->second])) it->second = i;
  }
}

const AuditEntry* AuditHistory::current(std::string_view change_id) const {
  auto found = current_by_change_.find(std::string(change_id));
  return found == current_by_change_.end() ? nullptr : &entries_[found->second];
}

std::vector<const AuditEntry*> AuditHistory::currentEntries() const {
  std::vector<const AuditEntry*> current;
  current.reserve(current_by_change_.size());
  for (const auto& [change_id, index] : current_by_change_) current.push_back(&entries_[index]);
  std::sort(current.begin(), current.end(),
            [](const AuditEntry* a, const AuditEntry* b) { return supersedes(*b, *a); });
  return current;
}

std::optional<std::chrono::system_clock::time_point> AuditHistory::latestCreatedAt() const {
  if (entries_.empty()) return std::nullopt;
  return std::max_element(
             entries_.begin(), entries_.end(),
             [](const AuditEntry& a, const AuditEntry& b) { return a.created_at < b.created_at; })
      ->created_at;
}

}  // namespace flamingock
