#include "flamingock/audit_entry.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <utility>

#include "flamingock/error.h"
#include "json_text.h"

namespace flamingock {
namespace {

using std::chrono::system_clock;

template <class Enum, std::size_t N>
using Names = std::array<std::pair<Enum, std::string_view>, N>;

constexpr Names<AuditState, 7> kStateNames{{
    {AuditState::kStarted, "STARTED"},
    {AuditState::kApplied, "APPLIED"},
    {AuditState::kFailed, "FAILED"},
    {AuditState::kRolledBack, "ROLLED_BACK"},
    {AuditState::kRollbackFailed, "ROLLBACK_FAILED"},
    {AuditState::kManualMarkedAsApplied, "MANUAL_MARKED_AS_APPLIED"},
    {AuditState::kManualMarkedAsRolledBack, "MANUAL_MARKED_AS_ROLLED_BACK"},
}};
constexpr Names<TxStrategy, 2> kTxStrategyNames{{
    {TxStrategy::kNonTx, "NON_TX"},
    {TxStrategy::kTxShared, "TX_SHARED"},
}};
constexpr Names<ChangeType, 2> kChangeTypeNames{{
    {ChangeType::kStandardCode, "STANDARD_CODE"},
    {ChangeType::kStandardTemplate, "STANDARD_TEMPLATE"},
}};
constexpr Names<RecoveryStrategy, 2> kRecoveryNames{{
    {RecoveryStrategy::kManualIntervention, "MANUAL_INTERVENTION"},
    {RecoveryStrategy::kAlwaysRetry, "ALWAYS_RETRY"},
}};

template <class Enum, std::size_t N>
std::string_view nameOf(const Names<Enum, N>& names, Enum value) {
  for (const auto& [known, name] : names) {
    if (known == value) return name;
  }
  return "UNKNOWN";
}

template <class Enum, std::size_t N>
std::optional<Enum> valueOf(const Names<Enum, N>& names, std::string_view text) {
  for (const auto& [known, name] : names) {
    if (name == text) return known;
  }
  return std::nullopt;
}

// Reads exactly `digits` decimal digits at `pos`, advancing it.
bool readNumber(std::string_view text, std::size_t& pos, int digits, int& out) {
  if (pos + static_cast<std::size_t>(digits) > text.size()) return false;
  out = 0;
  for (int i = 0; i < digits; ++i) {
    char c = text[pos++];
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

// Milliseconds (truncated) of a fraction ".f..." at `pos`, advancing past all its digits.
int readFractionMillis(std::string_view text, std::size_t& pos) {
  if (pos >= text.size() || text[pos] != '.') return 0;
  ++pos;
  int millis = 0;
  int digits = 0;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
    if (digits < 3) millis = millis * 10 + (text[pos] - '0');
    ++digits;
    ++pos;
  }
  for (; digits < 3; ++digits) millis *= 10;
  return millis;
}

// The zone suffix as an offset east of UTC; nullopt when malformed.
std::optional<std::chrono::minutes> readZone(std::string_view text, std::size_t& pos) {
  if (pos == text.size()) return std::chrono::minutes(0);
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
    return std::chrono::minutes(0);
  }
  if (text[pos] != '+' && text[pos] != '-') return std::nullopt;
  int sign = text[pos++] == '-' ? -1 : 1;
  int hours = 0;
  int minutes = 0;
  if (!readNumber(text, pos, 2, hours)) return std::nullopt;
  if (pos < text.size()) {
    expect(text, pos, ':');
    if (!readNumber(text, pos, 2, minutes)) return std::nullopt;
  }
  if (hours > 23 || minutes > 59) return std::nullopt;
  return std::chrono::minutes(sign * (hours * 60 + minutes));
}

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

std::string formatCreatedAt(system_clock::time_point time) {
  using namespace std::chrono;
  auto millis = floor<milliseconds>(time);
  auto day = floor<days>(millis);
  year_month_day date{day};
  hh_mm_ss clock{millis - day};
  char text[32];
  std::snprintf(
      text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03d", static_cast<int>(date.year()),
      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
      static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
      static_cast<int>(clock.seconds().count()), static_cast<int>(clock.subseconds().count()));
  return text;
}

system_clock::time_point parseCreatedAt(std::string_view text) {
  using namespace std::chrono;
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  bool ok = readNumber(text, pos, 4, year) && expect(text, pos, '-') &&
            readNumber(text, pos, 2, month) && expect(text, pos, '-') &&
            readNumber(text, pos, 2, day) && expect(text, pos, 'T') &&
            readNumber(text, pos, 2, hour) && expect(text, pos, ':') &&
            readNumber(text, pos, 2, minute) && expect(text, pos, ':') &&
            readNumber(text, pos, 2, second);
  int millis = ok ? readFractionMillis(text, pos) : 0;
  std::optional<minutes> zone = ok ? readZone(text, pos) : std::nullopt;
  year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                      std::chrono::day(static_cast<unsigned>(day))};
  if (!ok || !zone || pos != text.size() || !date.ok() || hour > 23 || minute > 59 || second > 60) {
    throw Error("createdAt '" + std::string(text) +
                "' is not an ISO-8601 date-time like 2026-11-25T10:15:23.123");
  }
  return sys_days(date) + hours(hour) + minutes(minute) + seconds(second) + milliseconds(millis) -
         *zone;
}

std::string errorTraceJson(std::string_view type, std::string_view message) {
  return "{\"type\":" + detail::jsonQuote(type) + ",\"message\":" + detail::jsonQuote(message) +
         "}";
}

}  // namespace flamingock
