// The audit table's item layout (SPEC §5), Flamingock's attribute names and types, both ways.
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
// Throws Error naming the item's partitionKey and the attribute when a required attribute
// (executionId, changeId, state, createdAt) is missing or unreadable.
AuditEntry fromAuditItem(const Item& item);

// Makes `scan` read only the attributes fromPlanningItem uses (and the key, for its errors).
void projectForPlanning(ScanRequest& scan);

// The fields AuditStore::readHistoryForPlanning promises, read as fromAuditItem reads them; the
// others stay at their defaults. Throws Error as fromAuditItem does when changeId, state or
// createdAt is missing or unreadable.
AuditEntry fromPlanningItem(const Item& item);

}  // namespace flamingock::dynamodb::detail
