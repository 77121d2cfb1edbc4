#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "flamingock/audit_entry.h"
#include "flamingock/error.h"

namespace flamingock {
namespace {

using namespace std::chrono;

system_clock::time_point at(int hour, int minute, int second, int millis) {
  return sys_days(year(2026) / 11 / 25) + hours(hour) + minutes(minute) + seconds(second) +
         milliseconds(millis);
}

TEST(AuditEntryTest, StatesHaveFlamingocksNamesBothWays) {
  const std::vector<std::pair<AuditState, std::string>> names = {
      {AuditState::kStarted, "STARTED"},
      {AuditState::kApplied, "APPLIED"},
      {AuditState::kFailed, "FAILED"},
      {AuditState::kRolledBack, "ROLLED_BACK"},
      {AuditState::kRollbackFailed, "ROLLBACK_FAILED"},
      {AuditState::kManualMarkedAsApplied, "MANUAL_MARKED_AS_APPLIED"},
      {AuditState::kManualMarkedAsRolledBack, "MANUAL_MARKED_AS_ROLLED_BACK"},
  };
  for (const auto& [state, name] : names) {
    EXPECT_EQ(toString(state), name);
    EXPECT_EQ(parseAuditState(name), state);
  }
  EXPECT_EQ(parseAuditState("applied"), std::nullopt);
}

TEST(AuditEntryTest, OtherEnumsHaveFlamingocksNames) {
  EXPECT_EQ(toString(TxStrategy::kTxShared), "TX_SHARED");
  EXPECT_EQ(parseTxStrategy("NON_TX"), TxStrategy::kNonTx);
  EXPECT_EQ(toString(ChangeType::kStandardTemplate), "STANDARD_TEMPLATE");
  EXPECT_EQ(parseChangeType("STANDARD_CODE"), ChangeType::kStandardCode);
  EXPECT_EQ(toString(RecoveryStrategy::kAlwaysRetry), "ALWAYS_RETRY");
  EXPECT_EQ(parseRecoveryStrategy("MANUAL_INTERVENTION"), RecoveryStrategy::kManualIntervention);
}

TEST(AuditEntryTest, PartitionKeyJoinsExecutionChangeAndState) {
  AuditEntry entry;
  entry.execution_id = "e1";
  entry.change_id = "c1";
  entry.state = AuditState::kRolledBack;

  EXPECT_EQ(entry.partitionKey(), "e1#c1#ROLLED_BACK");
}

TEST(CreatedAtTest, IsWrittenInUtcWithMillisecondsAndNoZone) {
  EXPECT_EQ(formatCreatedAt(at(10, 15, 23, 123)), "2026-11-25T10:15:23.123");
  EXPECT_EQ(formatCreatedAt(at(0, 0, 0, 7) + microseconds(999)), "2026-11-25T00:00:00.007");
}

TEST(CreatedAtTest, ReadsOurFormZuluAndOffsets) {
  EXPECT_EQ(parseCreatedAt("2026-11-25T10:15:23.123"), at(10, 15, 23, 123));
  EXPECT_EQ(parseCreatedAt("2026-11-25T10:15:23.123Z"), at(10, 15, 23, 123));
  EXPECT_EQ(parseCreatedAt("2026-11-25T12:15:23.123+02:00"), at(10, 15, 23, 123));
  EXPECT_EQ(parseCreatedAt("2026-11-25T05:00:23.123-0515"), at(10, 15, 23, 123));
}

TEST(CreatedAtTest, ReadsAnyNumberOfFractionalDigits) {
  EXPECT_EQ(parseCreatedAt("2026-11-25T10:15:23"), at(10, 15, 23, 0));
  EXPECT_EQ(parseCreatedAt("2026-11-25T10:15:23.1"), at(10, 15, 23, 100));
  EXPECT_EQ(parseCreatedAt("2026-11-25T10:15:23.123456789"), at(10, 15, 23, 123));
}

TEST(CreatedAtTest, RejectsMalformedTextQuotingIt) {
  for (const char* bad :
       {"", "2026-11-25", "2026-13-25T10:15:23", "2026-11-25T10:15:23.1X", "2026-11-25T25:15:23"}) {
    try {
      parseCreatedAt(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const Error& e) {
      EXPECT_THAT(e.what(), ::testing::HasSubstr("'" + std::string(bad) + "'"));
    }
  }
}

TEST(ErrorTraceTest, IsFlamingocksJsonWithEscapedText) {
  EXPECT_EQ(errorTraceJson("std::runtime_error", "a \"b\"\\c\n\x01"),
            R"({"type":"std::runtime_error","message":"a \"b\"\\c\n\u0001"})");
}

TEST(MetadataTest, IsWrittenAsAJsonObject) {
  EXPECT_EQ(metadataToJson({{"b", "2"}, {"a", "say \"hi\""}}), R"({"a":"say \"hi\"","b":"2"})");
  EXPECT_EQ(metadataToJson({}), "{}");
}

TEST(MetadataTest, ReadsJsonBackIncludingEscapes) {
  Metadata metadata{{"a", "say \"hi\"\n"}, {"\xC3\xA9", "\xF0\x9F\x98\x80"}};

  EXPECT_EQ(parseMetadata(metadataToJson(metadata)), metadata);
  EXPECT_EQ(parseMetadata(R"({"e":"\u00e9\ud83d\ude00"})"),
            (Metadata{{"e", "\xC3\xA9\xF0\x9F\x98\x80"}}));
}

TEST(MetadataTest, KeepsNonStringJsonValuesAsText) {
  EXPECT_EQ(parseMetadata(R"({"n": 12, "o": {"x": [1, "}"]}})"),
            (Metadata{{"n", "12"}, {"o", R"({"x": [1, "}"]})"}}));
}

TEST(MetadataTest, ReadsFlamingockJavaMapForm) {
  EXPECT_EQ(parseMetadata("{owner=ana, note=a, b}"),
            (Metadata{{"owner", "ana"}, {"note", "a, b"}}));
  EXPECT_EQ(parseMetadata("{}"), Metadata{});
  EXPECT_EQ(parseMetadata(""), Metadata{});
}

TEST(MetadataTest, RejectsTextThatIsNeitherForm) {
  EXPECT_THROW(parseMetadata("owner=ana"), Error);
}

}  // namespace
}  // namespace flamingock
