// The audit table's item layout (docs/tables.md#the-audit-log-table), Flamingock's attribute names
// and types, both ways.
//
//   Item item = detail::toAuditItem(entry);       // what append() writes
//   AuditEntry back = detail::fromAuditItem(item);  // what readHistory() returns
//
//   ScanRequest scan{.table_name = table, .consistent_read = true};
//   detail::projectForPlanning(scan);                  // what readHistoryForPlanning() reads
//   AuditEntry planned = detail::fromPlanningItem(item);
#pragma once

#include "flamingock/audit_entry.h"
#include "flamingock/dynamodb/attribute_value.h"
#include "flamingock/dynamodb/query_model.h"

namespace flamingock::dynamodb::detail {

// The item of `entry`, keyed by entry.partitionKey(). Optional attributes Flamingock omits
// (sourceFile, checksum) are left out when empty.
Item toAuditItem(const AuditEntry& entry);

// Reads an item written by us or by Flamingock Java: createdAt with or without a zone, metadata
// as JSON or as Java's `{k=v}`, txStrategy, recoveryStrategy and checksum possibly missing.
// When a required attribute (executionId, state, createdAt) is missing or an attribute cannot be
// read, returns an unreadable entry: its changeId, unreadable_key and unreadable_reason (naming
// the attribute) only. Throws Error naming the item when changeId itself is missing.
AuditEntry fromAuditItem(const Item& item);

// Makes `scan` read only the attributes fromPlanningItem uses (and the key, for its errors).
void projectForPlanning(ScanRequest& scan);

// The fields AuditStore::readHistoryForPlanning promises, read as fromAuditItem reads them; the
// others stay at their defaults. Unreadable items and errors as fromAuditItem.
AuditEntry fromPlanningItem(const Item& item);

}  // namespace flamingock::dynamodb::detail
