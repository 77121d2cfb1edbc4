// How the CLI shows and reads the audit log: entries as JSON objects and table rows, their time
// order.
//
// The JSON object of an entry has always the same keys (stable for scripts), whatever the
// options: changeId, stageId, state, createdAt, author, order, type, targetSystemId, txStrategy,
// recoveryStrategy, executionId, invokedClass, invokedMethod, sourceFile, hostname, runnerId,
// executionMillis (number), error (the errorTrace's message, "" when none), errorTrace, checksum,
// libraryVersion, metadata (object of strings), itemKey (the item's key in the table). An entry
// that could not be read has the state UNREADABLE, its reason as error, and only changeId and
// itemKey besides.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/console.h"
#include "flamingock/audit_entry.h"
#include "flamingock/audit_history.h"

namespace flamingock::cli::detail {

nlohmann::json entryJson(const AuditEntry& entry);

// The entry's state as stored, or "UNREADABLE"; its createdAt, or "" when unreadable.
std::string stateText(const AuditEntry& entry);
std::string createdAtText(const AuditEntry& entry);

// The entries as a table: change, order, state, createdAt, author; `extended` adds execution id,
// class, method, host, runner and duration.
Table entryTable(const std::vector<const AuditEntry*>& entries, bool extended);

// Every entry, oldest first: by createdAt, then in Flamingock's state order (the one that wins).
std::vector<const AuditEntry*> inTimeOrder(const AuditHistory& history);

// Keeps the entries created at or after `since`.
std::vector<const AuditEntry*> createdSince(std::vector<const AuditEntry*> entries,
                                            std::chrono::system_clock::time_point since);

// "2026-11-25", "2026-11-25T10:15", or any date-time parseCreatedAt reads (UTC unless it says
// otherwise); nullopt when `text` is none of these.
std::optional<std::chrono::system_clock::time_point> parseSince(std::string_view text);

// The message of the entry's errorTrace, or why the entry could not be read ({"type":...,
// "message":...}), or the trace as written when it is not that JSON; "" when none.
std::string errorMessage(const AuditEntry& entry);

}  // namespace flamingock::cli::detail
