#include "cli/audit_view.h"

#include <algorithm>

namespace flamingock::cli::detail {

nlohmann::json entryJson(const AuditEntry& entry) {
  return {
      {"changeId", entry.change_id},
      {"stageId", entry.stage_id},
      {"state", stateText(entry)},
      {"createdAt", createdAtText(entry)},
      {"author", entry.author},
      {"order", entry.change_order},
      {"type", toString(entry.type)},
      {"targetSystemId", entry.target_system_id},
      {"txStrategy", toString(entry.tx_strategy)},
      {"recoveryStrategy", toString(entry.recovery_strategy)},
      {"executionId", entry.execution_id},
      {"invokedClass", entry.invoked_class},
      {"invokedMethod", entry.invoked_method},
      {"sourceFile", entry.source_file},
      {"hostname", entry.execution_hostname},
      {"runnerId", entry.runner_id},
      {"executionMillis", entry.execution_millis.count()},
      {"error", errorMessage(entry)},
      {"errorTrace", entry.error_trace},
      {"checksum", entry.checksum},
      {"libraryVersion", entry.library_version},
      {"metadata", entry.metadata},
      {"itemKey", entry.unreadable() ? entry.unreadable_key : entry.partitionKey()},
  };
}

std::string createdAtText(const AuditEntry& entry) {
  return entry.unreadable() ? "" : formatCreatedAt(entry.created_at);
}

std::string stateText(const AuditEntry& entry) {
  return entry.unreadable() ? kUnreadableState : std::string(toString(entry.state));
}

Table entryTable(const std::vector<const AuditEntry*>& entries, bool extended) {
  Table table{{"CHANGE ID", "ORDER", "STATE", "CREATED AT (UTC)", "AUTHOR"}, {}, 2};
  if (extended) {
    table.headers.insert(table.headers.end(),
                         {"EXECUTION ID", "CLASS", "METHOD", "HOST", "RUNNER", "DURATION"});
  }
  for (const AuditEntry* entry : entries) {
    std::vector<std::string> row{entry->change_id, entry->change_order, stateText(*entry),
                                 createdAtText(*entry), entry->author};
    if (extended) {
      row.insert(row.end(), {entry->execution_id, entry->invoked_class, entry->invoked_method,
                             entry->execution_hostname, entry->runner_id,
                             std::to_string(entry->execution_millis.count()) + " ms"});
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::vector<const AuditEntry*> inTimeOrder(const AuditHistory& history) {
  std::vector<const AuditEntry*> entries;
  for (const AuditEntry& entry : history.entries()) entries.push_back(&entry);
  std::stable_sort(entries.begin(), entries.end(),
                   [](const AuditEntry* a, const AuditEntry* b) { return supersedes(*b, *a); });
  return entries;
}

std::vector<const AuditEntry*> createdSince(std::vector<const AuditEntry*> entries,
                                            std::chrono::system_clock::time_point since) {
  std::erase_if(entries, [&](const AuditEntry* entry) { return entry->created_at < since; });
  return entries;
}

std::optional<std::chrono::system_clock::time_point> parseSince(std::string_view text) {
  std::string date_time(text);
  if (date_time.size() == 10) date_time += "T00:00:00";  // a date: from its start
  if (date_time.size() == 16) date_time += ":00";        // no seconds
  try {
    return parseCreatedAt(date_time);
  } catch (const Error&) {
    return std::nullopt;
  }
}

std::string errorMessage(const AuditEntry& entry) {
  if (entry.unreadable()) return entry.unreadable_reason;
  nlohmann::json trace = nlohmann::json::parse(entry.error_trace, nullptr, false);
  if (trace.is_object() && trace.contains("message") && trace["message"].is_string()) {
    return trace["message"].get<std::string>();
  }
  return entry.error_trace;
}

}  // namespace flamingock::cli::detail
