// The one ISO-8601 date-time codec of the project: the audit log's createdAt, the lock's times
// and credentials' Expiration all go through it, so a fix or a range guard lands once.
//
//   std::string text = formatIsoDateTime(now);               // "2026-11-25T10:15:23.123"
//   std::optional<TimePoint> at = parseIsoDateTime(text);    // nullopt when unreadable
//   TimePoint sure = parseIsoDateTimeOrThrow(text);          // throws DateTimeError
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "flamingock/error.h"

namespace flamingock::detail {

using TimePoint = std::chrono::system_clock::time_point;

// The audit log's `createdAt` (docs/tables.md#the-audit-log-table): UTC, milliseconds (truncated),
// no zone suffix: "2026-11-25T10:15:23.123".
std::string formatIsoDateTime(TimePoint time);

// Reads every local date-time Java writes, and the zoned forms AWS writes:
// "yyyy-MM-ddTHH:mm" (LocalDateTime.toString() drops zero seconds), then optionally ":ss", then
// optionally "." and 1 to 9 fraction digits (kept to the clock's precision, so entries order by
// value), then optionally "Z" or an offset "+hh:mm", "+hhmm", "+hh" (or "-"). No suffix is UTC.
// Years outside [1700, 2200] are refused: system_clock's 64-bit nanoseconds hold about 292 years
// either side of 1970. Nullopt for anything else.
std::optional<TimePoint> parseIsoDateTime(std::string_view text);

// A date-time that parseIsoDateTime refuses; what() quotes the text and the expected form.
class DateTimeError : public Error {
 public:
  explicit DateTimeError(std::string_view text);
};

// parseIsoDateTime, throwing DateTimeError instead of returning nullopt.
TimePoint parseIsoDateTimeOrThrow(std::string_view text);

}  // namespace flamingock::detail
