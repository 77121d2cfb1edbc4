// One record of the audit log, and the text forms of its values.
//
// The audit log is append-only: every state a change goes through (STARTED, APPLIED, FAILED, ...)
// is a new entry. Field names and string values are Flamingock's, so logs written by either
// implementation read the same (see docs/tables.md).
//
//   AuditEntry entry = ...;
//   std::string state = std::string(toString(entry.state));            // "APPLIED"
//   std::string when = formatCreatedAt(entry.created_at);              // "2026-11-25T10:15:23.123"
//   auto parsed = parseAuditState("FAILED");                           // optional<AuditState>
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "flamingock/change.h"
#include "flamingock/metadata.h"

namespace flamingock {

// In Flamingock's order, which matters: between entries with the same createdAt, the state
// listed later is the current one.
enum class AuditState {
  kStarted,
  kApplied,
  kFailed,
  kRolledBack,
  kRollbackFailed,
  kManualMarkedAsApplied,
  kManualMarkedAsRolledBack,
};

// NON_TX: the change's writes and its audit entries are separate; TX_SHARED: they committed in
// one transaction of the target system that also holds the audit log.
enum class TxStrategy { kNonTx, kTxShared };

struct AuditEntry {
  std::string execution_id{};  // UUID of the run that wrote it
  std::string stage_id{};
  std::string change_id{};
  std::string author{};  // the change's author; "flamingock-cli" for `audit fix` entries
  std::chrono::system_clock::time_point created_at{};  // millisecond precision
  AuditState state = AuditState::kStarted;
  ChangeType type = ChangeType::kStandardCode;
  std::string invoked_class{};   // the change's type name, or the template name
  std::string invoked_method{};  // "apply" / "rollback", or the template's operation list
  std::string source_file{};     // YAML changes: the file name; empty: absent
  Metadata metadata{};           // the run's metadata
  std::chrono::milliseconds execution_millis{0};  // 0 for STARTED, otherwise the duration
  std::string execution_hostname{};
  std::string error_trace{};  // "" on success; on failure {"type":...,"message":...}
  bool system_change = false;
  bool transaction_flag = false;  // the change declares itself transactional
  TxStrategy tx_strategy = TxStrategy::kNonTx;
  std::string target_system_id{};
  std::string change_order{};
  RecoveryStrategy recovery_strategy = RecoveryStrategy::kManualIntervention;
  std::string checksum{};  // empty: none recorded (entries written by Flamingock Java)
  std::string runner_id{};
  std::string library_version{};
  // Set when the store could not read the item (an attribute it cannot parse): then only
  // change_id and the key are known, and the change needs a person until the item is repaired.
  std::string unreadable_key{};     // the item's key, as stored
  std::string unreadable_reason{};  // why it could not be read; "" when it was read

  bool unreadable() const { return !unreadable_reason.empty(); }
  // The audit table's key: "<executionId>#<changeId>#<state>".
  std::string partitionKey() const;
};

// The state that BlockedChange and the tools show for an entry that cannot be read.
inline constexpr char kUnreadableState[] = "UNREADABLE";

// Text forms, exactly as stored ("MANUAL_MARKED_AS_APPLIED", "TX_SHARED", ...).
std::string_view toString(AuditState state);
std::string_view toString(TxStrategy strategy);
std::string_view toString(ChangeType type);
std::string_view toString(RecoveryStrategy strategy);

// Parsers return nullopt for text they do not know; callers apply Flamingock's defaults
// (a missing or unknown txStrategy is NON_TX, recoveryStrategy MANUAL_INTERVENTION).
std::optional<AuditState> parseAuditState(std::string_view text);
std::optional<TxStrategy> parseTxStrategy(std::string_view text);
std::optional<ChangeType> parseChangeType(std::string_view text);
std::optional<RecoveryStrategy> parseRecoveryStrategy(std::string_view text);

// "2026-11-25T10:15:23.123": UTC, milliseconds, no zone suffix (the form Flamingock parses).
std::string formatCreatedAt(std::chrono::system_clock::time_point time);

// Reads every local date-time Flamingock Java writes: minutes only (`2025-03-01T09:30`), seconds,
// 1 to 9 fraction digits (kept, so entries order by value), and a trailing `Z` or offset
// (`+02:00`, `-0530`); no suffix is UTC. Years outside 1700..2200 are refused. Throws Error
// quoting `text` otherwise.
std::chrono::system_clock::time_point parseCreatedAt(std::string_view text);

// The errorTrace text Flamingock writes: {"type":"<type>","message":"<message>"}, JSON-escaped.
std::string errorTraceJson(std::string_view type, std::string_view message);

}  // namespace flamingock
