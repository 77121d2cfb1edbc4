// An audit entry fits in a DynamoDB item (400 KB) whatever a change throws or a user attaches,
// and change ids that could not be keys are refused before anything runs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::size_t kDynamoDbItemBytes = 400 * 1024;
constexpr std::size_t kMegabyte = 1024 * 1024;

class EntryBoundsTest : public EngineTest {
 protected:
  void runFailing(const std::string& message, Metadata metadata = {}) {
    auto failing = change("a", "0001");
    failing->onApply([message](ChangeContext&) { throw std::runtime_error(message); });
    EXPECT_THROW(
        builder().withMetadata(std::move(metadata)).addChange(std::move(failing)).build().run(),
        ChangeFailedError);
  }
  AuditEntry failedEntry() {
    for (const AuditEntry& entry : store->readHistory()) {
      if (entry.state == AuditState::kFailed) return entry;
    }
    ADD_FAILURE() << "no FAILED entry";
    return {};
  }
};

TEST_F(EntryBoundsTest, HugeErrorMessageIsTruncatedWithAMarker) {
  runFailing(std::string(kMegabyte, 'x'));

  std::string trace = failedEntry().error_trace;
  EXPECT_LT(trace.size(), kDynamoDbItemBytes / 4);
  EXPECT_THAT(trace, HasSubstr("[truncated: " + std::to_string(kMegabyte) + " bytes in all]"));
}

TEST_F(EntryBoundsTest, ErrorMessageOfControlCharactersStaysWithinAnItem) {
  runFailing(std::string(kMegabyte, '\x01'));

  EXPECT_LT(failedEntry().error_trace.size(), kDynamoDbItemBytes / 2);
}

TEST_F(EntryBoundsTest, ShortErrorMessageIsKeptWhole) {
  runFailing("boom");

  EXPECT_THAT(failedEntry().error_trace, HasSubstr("\"boom\""));
  EXPECT_THAT(failedEntry().error_trace, Not(HasSubstr("truncated")));
}

TEST_F(EntryBoundsTest, HugeMetadataIsCutWithAMarkerEntry) {
  Metadata metadata;
  for (int i = 0; i < 200; ++i) metadata["key" + std::to_string(1000 + i)] = std::string(1024, 'v');

  runFailing("boom", metadata);

  Metadata recorded = failedEntry().metadata;
  EXPECT_LE(metadataToJson(recorded).size(), 64u * 1024);
  ASSERT_TRUE(recorded.count("flamingock.truncated"));
  EXPECT_THAT(recorded.at("flamingock.truncated"), HasSubstr("of 200 entries left out"));
}

TEST_F(EntryBoundsTest, ChangeIdOverAKilobyteIsRefusedNamingIt) {
  std::string id = "too-long-" + std::string(1020, 'i');
  try {
    builder().addChange(change(id, "0001")).build();
    FAIL() << "build should refuse the id";
  } catch (const ValidationError& e) {
    EXPECT_THAT(e.problems(), Contains(HasSubstr("change id 'too-long-iii")));
    EXPECT_THAT(e.problems(), Contains(HasSubstr("1029 bytes long, more than 1024")));
  }
}

TEST_F(EntryBoundsTest, ChangeIdOfExactlyAKilobyteIsAccepted) {
  builder().addChange(change(std::string(1024, 'i'), "0001")).build().run();

  EXPECT_EQ(store->readHistory().size(), 2u);
}

}  // namespace
}  // namespace flamingock::test
