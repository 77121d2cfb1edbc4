#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// Keeps every record as "<level> <change id>: <message>".
class CapturingLogger : public Logger {
 public:
  void log(const LogRecord& record) override {
    std::lock_guard lock(mutex_);
    execution_ids.push_back(record.execution_id);
    lines.push_back(std::string(toString(record.level)) + " " + record.change_id + ": " +
                    record.message);
  }
  std::vector<std::string> lines;
  std::vector<std::string> execution_ids;

 private:
  std::mutex mutex_;
};

class ReportTest : public EngineTest {
 protected:
  std::shared_ptr<CapturingLogger> logger = std::make_shared<CapturingLogger>();
};

TEST_F(ReportTest, TellsAppliedSkippedWithReasonFailedAndTheSummary) {
  store->seed(previous("a", AuditState::kApplied));
  auto failing = change("c", "3");
  failing->onApply([](ChangeContext&) { throw std::runtime_error("table is gone"); });

  Runner runner = builder()
                      .setLogger(logger)
                      .addChange(change("a", "1"))
                      .addChange(change("b", "2"))
                      .addChange(std::move(failing))
                      .build();
  EXPECT_THROW(runner.run(), ChangeFailedError);

  ASSERT_EQ(logger->lines.size(), 4u);
  EXPECT_THAT(logger->lines[0], StartsWith("debug a: skipped: applied at 2025-12-31T23:00:00"));
  EXPECT_THAT(logger->lines[1], StartsWith("info b: applied in "));
  EXPECT_THAT(logger->lines[2], StartsWith("error c: failed after "));
  EXPECT_THAT(logger->lines[2], HasSubstr("table is gone"));
  EXPECT_THAT(logger->lines[3],
              StartsWith("error : stopped by flamingock::ChangeFailedError: 1 applied, 1 up to "
                         "date, 1 failed in "));
}

TEST_F(ReportTest, EveryRecordCarriesTheExecutionId) {
  RunSummary summary = builder().setLogger(logger).addChange(change("a", "1")).build().run();

  EXPECT_THAT(logger->lines, ElementsAre(StartsWith("info a: applied in "),
                                         StartsWith("info : finished: 1 applied, 0 up to date, "
                                                    "0 failed in ")));
  EXPECT_THAT(logger->execution_ids, ElementsAre(summary.execution_id, summary.execution_id));
}

TEST_F(ReportTest, ANullLoggerSilencesTheReport) {
  ::testing::internal::CaptureStderr();

  builder().setLogger(nullptr).addChange(change("a", "1")).build().run();

  EXPECT_THAT(::testing::internal::GetCapturedStderr(), IsEmpty());
}

TEST_F(ReportTest, ByDefaultWritesInfoLinesToStderrAndNotDebugOnes) {
  store->seed(previous("a", AuditState::kApplied));
  ::testing::internal::CaptureStderr();

  RunSummary summary =
      builder().addChange(change("a", "1")).addChange(change("b", "2")).build().run();

  std::string prefix = "flamingock INFO [execution " + summary.execution_id + "]";
  EXPECT_THAT(::testing::internal::GetCapturedStderr(),
              AllOf(HasSubstr(prefix + " change 'b': applied in "),
                    HasSubstr(prefix + " finished: 1 applied, 1 up to date, 0 failed in "),
                    ::testing::Not(HasSubstr("change 'a'"))));
}

TEST_F(ReportTest, StderrLoggerAtDebugAlsoTellsSkips) {
  store->seed(previous("a", AuditState::kApplied));
  ::testing::internal::CaptureStderr();

  builder().setLogger(stderrLogger(LogLevel::kDebug)).addChange(change("a", "1")).build().run();

  EXPECT_THAT(::testing::internal::GetCapturedStderr(), HasSubstr("flamingock DEBUG [execution "));
}

TEST_F(ReportTest, AWaitForTheLockIsToldOnceAtTheStartThenOnceAMinute) {
  lockHeldElsewhere();
  LockOptions options;
  options.acquire_timeout = std::chrono::seconds(210);
  options.retry_interval = std::chrono::seconds(1);

  Runner runner =
      builder().setLogger(logger).setLockOptions(options).addChange(change("a", "1")).build();
  EXPECT_THROW(runner.run(), LockTimeoutError);

  std::vector<std::string> waits;
  for (const std::string& line : logger->lines) {
    if (line.find("waiting") != std::string::npos) waits.push_back(line);
  }
  // About 150 retries in 210 s: four lines, not one a retry.
  EXPECT_THAT(waits,
              ElementsAre("info : waiting for lock 'DEFAULT_KEY' held by 'other-runner' (giving "
                          "up after 210 s)",
                          StartsWith("warn : still waiting for lock 'DEFAULT_KEY' held by "
                                     "'other-runner' after 6"),
                          StartsWith("warn : still waiting for lock 'DEFAULT_KEY' held by "
                                     "'other-runner' after 12"),
                          StartsWith("warn : still waiting for lock 'DEFAULT_KEY' held by "
                                     "'other-runner' after 18")));
}

TEST(LogLevelTest, ParsesEveryLevelInAnyCase) {
  EXPECT_EQ(parseLogLevel("error"), LogLevel::kError);
  EXPECT_EQ(parseLogLevel("WARN"), LogLevel::kWarn);
  EXPECT_EQ(parseLogLevel("Info"), LogLevel::kInfo);
  EXPECT_EQ(parseLogLevel("debug"), LogLevel::kDebug);
  EXPECT_EQ(parseLogLevel("trace"), std::nullopt);
}

}  // namespace
}  // namespace flamingock::test
