#include "core/iso_date_time.h"

#include <cstdio>

namespace flamingock::detail {
namespace {

using namespace std::chrono;

constexpr int kMinYear = 1700;
constexpr int kMaxYear = 2200;
constexpr int kMaxFractionDigits = 9;
constexpr int kMaxOffsetHours = 18;  // java.time.ZoneOffset's range

// Reads the text from left to right; every read fails once one has failed.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool atEnd() const { return pos_ == text_.size(); }
  bool next(char c) const { return !atEnd() && text_[pos_] == c; }
  bool nextDigit() const { return !atEnd() && text_[pos_] >= '0' && text_[pos_] <= '9'; }

  bool skip(char c) {
    if (!next(c)) return false;
    ++pos_;
    return true;
  }

  // Exactly `digits` decimal digits.
  bool number(int digits, int& out) {
    out = 0;
    for (int i = 0; i < digits; ++i) {
      if (!nextDigit()) return false;
      out = out * 10 + (text_[pos_++] - '0');
    }
    return true;
  }

  // 1 to 9 digits after a '.', as nanoseconds.
  bool fraction(nanoseconds& out) {
    std::int64_t value = 0;
    int digits = 0;
    for (; nextDigit(); ++digits) {
      if (digits == kMaxFractionDigits) return false;
      value = value * 10 + (text_[pos_++] - '0');
    }
    if (digits == 0) return false;
    for (int i = digits; i < kMaxFractionDigits; ++i) value *= 10;
    out = nanoseconds(value);
    return true;
  }

  // "Z", "+hh:mm", "+hhmm", "+hh" (or '-'): the offset east of UTC; nothing is UTC.
  bool zone(minutes& out) {
    out = minutes(0);
    if (atEnd() || skip('Z') || skip('z')) return true;
    int sign = skip('-') ? -1 : (skip('+') ? 1 : 0);
    int hours = 0;
    int mins = 0;
    if (sign == 0 || !number(2, hours)) return false;
    if (!atEnd()) {
      skip(':');
      if (!number(2, mins)) return false;
    }
    if (hours > kMaxOffsetHours || mins > 59) return false;
    out = minutes(sign * (hours * 60 + mins));
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string formatIsoDateTime(TimePoint time) {
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

std::optional<TimePoint> parseIsoDateTime(std::string_view text) {
  Cursor in(text);
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  nanoseconds fraction{0};
  minutes offset{0};
  bool read = in.number(4, year) && in.skip('-') && in.number(2, month) && in.skip('-') &&
              in.number(2, day) && in.skip('T') && in.number(2, hour) && in.skip(':') &&
              in.number(2, minute);
  if (read && in.skip(':')) read = in.number(2, second) && (!in.skip('.') || in.fraction(fraction));
  read = read && in.zone(offset) && in.atEnd();
  year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                      std::chrono::day(static_cast<unsigned>(day))};
  if (!read || year < kMinYear || year > kMaxYear || !date.ok() || hour > 23 || minute > 59 ||
      second > 59) {
    return std::nullopt;
  }
  return sys_days(date) + hours(hour) + minutes(minute) + seconds(second) +
         floor<TimePoint::duration>(fraction) - offset;
}

DateTimeError::DateTimeError(std::string_view text)
    : Error("'" + std::string(text) +
            "' is not an ISO-8601 date-time like 2026-11-25T10:15:23.123 (optionally with Z or an "
            "offset such as +02:00)") {}

TimePoint parseIsoDateTimeOrThrow(std::string_view text) {
  std::optional<TimePoint> time = parseIsoDateTime(text);
  if (!time) throw DateTimeError(text);
  return *time;
}

}  // namespace flamingock::detail
