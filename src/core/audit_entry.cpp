#include "flamingock/audit_entry.h"

#include "core/iso_date_time.h"
#include "core/json_text.h"
#include "core/name_table.h"

namespace flamingock {
namespace {

using detail::nameOf;
using detail::NameTable;
using detail::valueOf;

constexpr NameTable<AuditState, 7> kStateNames{{
    {AuditState::kStarted, "STARTED"},
    {AuditState::kApplied, "APPLIED"},
    {AuditState::kFailed, "FAILED"},
    {AuditState::kRolledBack, "ROLLED_BACK"},
    {AuditState::kRollbackFailed, "ROLLBACK_FAILED"},
    {AuditState::kManualMarkedAsApplied, "MANUAL_MARKED_AS_APPLIED"},
    {AuditState::kManualMarkedAsRolledBack, "MANUAL_MARKED_AS_ROLLED_BACK"},
}};
constexpr NameTable<TxStrategy, 2> kTxStrategyNames{{
    {TxStrategy::kNonTx, "NON_TX"},
    {TxStrategy::kTxShared, "TX_SHARED"},
}};
constexpr NameTable<ChangeType, 2> kChangeTypeNames{{
    {ChangeType::kStandardCode, "STANDARD_CODE"},
    {ChangeType::kStandardTemplate, "STANDARD_TEMPLATE"},
}};
constexpr NameTable<RecoveryStrategy, 2> kRecoveryNames{{
    {RecoveryStrategy::kManualIntervention, "MANUAL_INTERVENTION"},
    {RecoveryStrategy::kAlwaysRetry, "ALWAYS_RETRY"},
}};

}  // namespace

std::string AuditEntry::partitionKey() const {
  return execution_id + '#' + change_id + '#' + std::string(toString(state));
}

std::string_view toString(AuditState state) { return nameOf(kStateNames, state); }
std::string_view toString(TxStrategy strategy) { return nameOf(kTxStrategyNames, strategy); }
std::string_view toString(ChangeType type) { return nameOf(kChangeTypeNames, type); }
std::string_view toString(RecoveryStrategy strategy) { return nameOf(kRecoveryNames, strategy); }

std::optional<AuditState> parseAuditState(std::string_view text) {
  return valueOf(kStateNames, text);
}
std::optional<TxStrategy> parseTxStrategy(std::string_view text) {
  return valueOf(kTxStrategyNames, text);
}
std::optional<ChangeType> parseChangeType(std::string_view text) {
  return valueOf(kChangeTypeNames, text);
}
std::optional<RecoveryStrategy> parseRecoveryStrategy(std::string_view text) {
  return valueOf(kRecoveryNames, text);
}

std::string formatCreatedAt(std::chrono::system_clock::time_point time) {
  return detail::formatIsoDateTime(time);
}

std::chrono::system_clock::time_point parseCreatedAt(std::string_view text) {
  return detail::parseIsoDateTimeOrThrow(text);
}

std::string errorTraceJson(std::string_view type, std::string_view message) {
  return "{\"type\":" + detail::jsonQuote(type) + ",\"message\":" + detail::jsonQuote(message) +
         "}";
}

}  // namespace flamingock
