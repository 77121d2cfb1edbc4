#include "core/iso_date_time.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "flamingock/audit_entry.h"

namespace flamingock::detail {
namespace {

using namespace std::chrono;

TimePoint at(int hour, int minute, int second, nanoseconds fraction = {}) {
  return sys_days(year(2026) / 11 / 25) + hours(hour) + minutes(minute) + seconds(second) +
         floor<TimePoint::duration>(fraction);
}

TEST(IsoDateTimeTest, WritesUtcWithMillisecondsAndNoZone) {
  EXPECT_EQ(formatIsoDateTime(at(10, 15, 23, milliseconds(123))), "2026-11-25T10:15:23.123");
  EXPECT_EQ(formatIsoDateTime(at(0, 0, 0, microseconds(7999))), "2026-11-25T00:00:00.007");
}

TEST(IsoDateTimeTest, ReadsWhatItWrites) {
  TimePoint time = at(23, 59, 59, milliseconds(999));

  EXPECT_EQ(parseIsoDateTime(formatIsoDateTime(time)), time);
}

// LocalDateTime.toString() leaves out zero seconds, and a zero fraction.
TEST(IsoDateTimeTest, ReadsJavasMinutesOnlyForm) {
  EXPECT_EQ(parseIsoDateTime("2026-11-25T09:30"), at(9, 30, 0));
  EXPECT_EQ(parseIsoDateTime("2026-11-25T09:30Z"), at(9, 30, 0));
  EXPECT_EQ(parseIsoDateTime("2026-11-25T11:30+02:00"), at(9, 30, 0));
}

TEST(IsoDateTimeTest, ReadsSecondsWithoutAFraction) {
  EXPECT_EQ(parseIsoDateTime("2026-11-25T10:15:23"), at(10, 15, 23));
}

TEST(IsoDateTimeTest, ReadsOneToNineFractionDigits) {
  EXPECT_EQ(parseIsoDateTime("2026-11-25T10:15:23.1"), at(10, 15, 23, milliseconds(100)));
  EXPECT_EQ(parseIsoDateTime("2026-11-25T10:15:23.12"), at(10, 15, 23, milliseconds(120)));
  EXPECT_EQ(parseIsoDateTime("2026-11-25T10:15:23.123"), at(10, 15, 23, milliseconds(123)));
  EXPECT_EQ(parseIsoDateTime("2026-11-25T10:15:23.123456"), at(10, 15, 23, microseconds(123456)));
  EXPECT_EQ(parseIsoDateTime("2026-11-25T10:15:23.123456789"),
            at(10, 15, 23, nanoseconds(123456789)));
}

TEST(IsoDateTimeTest, ReadsZuluAndOffsetsAsTheInstantTheyName) {
  const TimePoint expected = at(10, 15, 23, milliseconds(123));
  EXPECT_EQ(parseIsoDateTime("2026-11-25T10:15:23.123Z"), expected);
  EXPECT_EQ(parseIsoDateTime("2026-11-25T12:15:23.123+02:00"), expected);
  EXPECT_EQ(parseIsoDateTime("2026-11-25T05:00:23.123-05:15"), expected);
  EXPECT_EQ(parseIsoDateTime("2026-11-25T05:00:23.123-0515"), expected);
  EXPECT_EQ(parseIsoDateTime("2026-11-25T11:15:23.123+01"), expected);
  EXPECT_EQ(parseIsoDateTime("2026-11-26T04:15:23.123+18:00"), expected);
}

// Java entries written within one millisecond keep their order: the fraction is not truncated.
TEST(IsoDateTimeTest, OrdersByValueNotByText) {
  std::vector<std::string> texts = {"2026-11-25T10:15:23.1235", "2026-11-25T10:15",
                                    "2026-11-25T10:15:23.1234", "2026-11-25T12:14:59+02:00",
                                    "2026-11-25T10:15:00.5"};
  std::vector<TimePoint> times;
  for (const std::string& text : texts) times.push_back(parseIsoDateTimeOrThrow(text));
  std::sort(times.begin(), times.end());

  std::vector<TimePoint> expected = {
      at(10, 14, 59), at(10, 15, 0), at(10, 15, 0, milliseconds(500)),
      at(10, 15, 23, microseconds(123400)), at(10, 15, 23, microseconds(123500))};
  EXPECT_EQ(times, expected);
}

TEST(IsoDateTimeTest, RefusesWhatIsNotADateTime) {
  for (const char* bad : {"", "tomorrow", "2026-11-25", "2026-11-25T", "2026-11-25T10",
                          "2026-11-25 10:15:23", "26-11-25T10:15:23", "2026-11-25T10:15:2",
                          "2026-11-25T10:15:23Zulu", "2026-11-25T10:15:23 "}) {
    EXPECT_EQ(parseIsoDateTime(bad), std::nullopt) << bad;
  }
}

TEST(IsoDateTimeTest, RefusesFieldsOutOfRange) {
  for (const char* bad :
       {"2026-13-25T10:15:23", "2026-00-25T10:15:23", "2026-02-29T10:15:23", "2026-11-31T10:15:23",
        "2026-11-25T24:00:00", "2026-11-25T10:60:00", "2026-11-25T10:15:60"}) {
    EXPECT_EQ(parseIsoDateTime(bad), std::nullopt) << bad;
  }
  EXPECT_NE(parseIsoDateTime("2028-02-29T10:15:23"), std::nullopt);  // a leap year
}

TEST(IsoDateTimeTest, RefusesAFractionWithoutDigitsOrWithMoreThanNine) {
  EXPECT_EQ(parseIsoDateTime("2026-11-25T10:15:23."), std::nullopt);
  EXPECT_EQ(parseIsoDateTime("2026-11-25T10:15:23.Z"), std::nullopt);
  EXPECT_EQ(parseIsoDateTime("2026-11-25T10:15:23.1234567891"), std::nullopt);
  EXPECT_EQ(parseIsoDateTime("2026-11-25T10:15:23.1X"), std::nullopt);
  EXPECT_EQ(parseIsoDateTime("2026-11-25T10:15.5"), std::nullopt);  // a fraction needs seconds
}

TEST(IsoDateTimeTest, RefusesMalformedOffsets) {
  for (const char* bad :
       {"2026-11-25T10:15:23+", "2026-11-25T10:15:23+2",
        "2026-11-25T10:15:23+02:", "2026-11-25T10:15:23+02:0", "2026-11-25T10:15:23+19:00",
        "2026-11-25T10:15:23+02:60", "2026-11-25T10:15:23 02:00", "2026-11-25T10:15:23+02:00Z"}) {
    EXPECT_EQ(parseIsoDateTime(bad), std::nullopt) << bad;
  }
}

// Found by the fuzzer (tests/fuzz/README.md, findings 2 and 3): years far from now overflowed
// system_clock's nanoseconds.
TEST(IsoDateTimeTest, RefusesYearsTheClockCannotHold) {
  EXPECT_EQ(parseIsoDateTime("1012-01-01T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parseIsoDateTime("1699-12-31T23:59:59"), std::nullopt);
  EXPECT_EQ(parseIsoDateTime("2201-01-01T00:00"), std::nullopt);
  EXPECT_EQ(parseIsoDateTime("9999-12-31T23:59:59.999999999"), std::nullopt);
  EXPECT_NE(parseIsoDateTime("1700-01-01T00:00"), std::nullopt);
  EXPECT_NE(parseIsoDateTime("2200-12-31T23:59:59.999999999"), std::nullopt);
}

TEST(IsoDateTimeTest, ThrowingVariantQuotesTheTextAndTheExpectedForm) {
  try {
    parseIsoDateTimeOrThrow("2026-11-25T10:15:23.1X");
    FAIL() << "accepted a malformed date-time";
  } catch (const DateTimeError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("'2026-11-25T10:15:23.1X'"));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("2026-11-25T10:15:23.123"));
  }
}

TEST(IsoDateTimeTest, CreatedAtGoesThroughThisCodec) {
  EXPECT_EQ(parseCreatedAt("2025-03-01T09:30"),
            sys_days(year(2025) / 3 / 1) + hours(9) + minutes(30));
  EXPECT_EQ(formatCreatedAt(at(10, 15, 23, milliseconds(123))), "2026-11-25T10:15:23.123");
  EXPECT_THROW(parseCreatedAt("1012-01-01T00:00"), Error);
}

}  // namespace
}  // namespace flamingock::detail
