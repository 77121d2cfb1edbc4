// `--log-level` and `--lock-timeout` through the real binary: the run's log on stderr (none of
// what the progress lines show unless asked), and a command that takes the lock giving up on a
// busy one in time.
#include <gmock/gmock.h>

#include <algorithm>

#include "cli_fixture.h"
#include "flamingock/clock.h"
#include "support/local_dynamodb.h"

namespace flamingock::test {
namespace {

using ::testing::AllOf;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// A CLI test whose lock is held, and kept alive by its heartbeat, by another runner.
class BusyLockTest : public CliTest {
 protected:
  void holdTheLock() {
    dynamodb::DynamoDBAuditStore audit_store = store();
    audit_store.initialize();
    holder_ = audit_store.createLock(LockOptions{}, "busy-runner", clock_);
    holder_->acquire();
  }

  std::shared_ptr<Clock> clock_{&Clock::system(), [](Clock*) {}};
  std::unique_ptr<Lock> holder_;
};

TEST_F(BusyLockTest, RunGivesUpAfterTheLockTimeoutNamingTheHolder) {
  std::string table = uniqueTableName("cli_data");
  createTable(table);
  writeChange("0001-first.yaml", putItemChange("first", "0001", table));
  holdTheLock();

  // Without --lock-timeout it would wait the default five minutes.
  CliResult result = runChanges({"--lock-timeout", "1s", "--log-level", "info"});

  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.err, HasSubstr("held by 'busy-runner'"));
  EXPECT_THAT(result.err, HasSubstr("waiting for lock 'DEFAULT_KEY' held by 'busy-runner' "
                                    "(giving up after 1 s)"));
}

TEST_F(BusyLockTest, RunShowsOneLineWhenItStartsWaitingNamingTheHolderAndItsLease) {
  std::string table = uniqueTableName("cli_data");
  createTable(table);
  writeChange("0001-first.yaml", putItemChange("first", "0001", table));
  holdTheLock();

  CliResult shown = runChanges({"--lock-timeout", "3s"});
  CliResult quiet = runChanges({"--lock-timeout", "1s", "--quiet"});

  EXPECT_EQ(shown.exit_code, 1) << shown.err;
  std::string line = printedCommand(shown.out, "Waiting for lock");
  EXPECT_THAT(line, StartsWith("Waiting for lock 'DEFAULT_KEY', held by 'busy-runner' until 20"));
  EXPECT_THAT(line, EndsWith(" UTC unless renewed (giving up after 3 s)..."));
  EXPECT_EQ(shown.out.find("Waiting"), shown.out.rfind("Waiting")) << shown.out;
  EXPECT_EQ(quiet.exit_code, 1) << quiet.err;
  EXPECT_THAT(quiet.out, Not(HasSubstr("Waiting")));
}

TEST_F(BusyLockTest, AuditFixGivesUpAfterTheLockTimeoutNamingTheHolder) {
  seed({entry("half-done", AuditState::kStarted, "2026-01-01T00:00:01")});
  holdTheLock();

  CliResult result =
      flamingock({"audit", "fix", "half-done", "-r", "applied", "--lock-timeout", "1s"});

  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.err, HasSubstr("held by 'busy-runner'"));
  EXPECT_THAT(result.out, HasSubstr("Waiting for lock 'DEFAULT_KEY', held by 'busy-runner'"));
  EXPECT_EQ(json(flamingock({"audit", "list", "--json"}))[0]["state"], "STARTED");
}

TEST_F(BusyLockTest, BaselineShowsOneLineWhenItStartsWaitingForTheLock) {
  writeChange("0001-first.yaml", putItemChange("first", "0001", uniqueTableName("cli_data")));
  holdTheLock();

  CliResult result = flamingock(
      {"baseline", "--changes", changes_.path(), "--up-to", "first", "--lock-timeout", "1s"});

  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.out, HasSubstr("Waiting for lock 'DEFAULT_KEY', held by 'busy-runner'"));
  EXPECT_EQ(result.out.find("Waiting"), result.out.rfind("Waiting")) << result.out;
}

TEST_F(CliTest, ABadLockTimeoutIsAUsageErrorNamingTheValue) {
  CliResult result = runChanges({"--lock-timeout", "soon"});

  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("'soon' is not a duration"));
}

std::size_t lineCount(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// The progress lines are the tool's report; the run's log (a service's report) says it again only
// when asked to.
TEST_F(CliTest, ARunShowsEachChangeOnceWithoutALogLevel) {
  std::string table = uniqueTableName("cli_data");
  createTable(table);
  writeChange("0001-first.yaml", putItemChange("first", "0001", table));

  CliResult result = runChanges();

  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  // "Applying 1 change(s)...", "  APPLIED  first  (N ms)", "1 applied, 0 up to date in ..."
  EXPECT_EQ(lineCount(result.out + result.err), 3u) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("APPLIED  first"));
}

// Its FAILED progress line shows a failed change's error; the final line says where the run
// stopped and where to read on; the log repeats neither unless asked.
TEST_F(CliTest, ARunShowsAFailedChangesErrorOnceAndPointsToIssueGet) {
  writeChange("0001-first.yaml", putItemChange("first", "0001", uniqueTableName("cli_missing")));

  CliResult result = runChanges();
  std::string get = printedCommand(result.err, "flamingock issue get first --guidance");
  CliResult issue = runPasted(get);

  EXPECT_EQ(result.exit_code, 1);
  // "Applying 1 change(s)...", "  FAILED   first: <error>", "flamingock: the run stopped at ..."
  EXPECT_EQ(lineCount(result.out + result.err), 3u) << result.out << result.err;
  EXPECT_EQ(occurrences(result.out + result.err, "ResourceNotFoundException"), 1u);
  EXPECT_THAT(result.out, HasSubstr("FAILED   first: "));
  EXPECT_THAT(result.err,
              StartsWith("flamingock: the run stopped at change 'first', which failed"));
  ASSERT_EQ(issue.exit_code, 0) << get << "\n" << issue.err;
  EXPECT_THAT(issue.out, HasSubstr("Its apply failed"));
}

TEST_F(CliTest, AQuietRunShowsAFailedChangesErrorOnceOnTheFinalLine) {
  writeChange("0001-first.yaml", putItemChange("first", "0001", uniqueTableName("cli_missing")));

  CliResult result = runChanges({"--quiet"});

  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(lineCount(result.err), 1u) << result.err;
  EXPECT_THAT(result.err, StartsWith("flamingock: change 'first' failed: "));
  EXPECT_EQ(occurrences(result.err, "ResourceNotFoundException"), 1u);
}

TEST_F(CliTest, LogLevelChoosesWhichLinesOfTheRunReachStderr) {
  std::string table = uniqueTableName("cli_data");
  createTable(table);
  writeChange("0001-first.yaml", putItemChange("first", "0001", table));
  CliResult quiet = runChanges({"--log-level", "warn"});
  writeChange("0002-second.yaml", putItemChange("second", "0002", table));
  CliResult info = runChanges({"--log-level", "info"});
  CliResult debug = runChanges({"--log-level", "debug"});

  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_THAT(quiet.err, Not(HasSubstr("flamingock INFO")));
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_THAT(
      info.err,
      AllOf(HasSubstr("INFO [execution "), HasSubstr("change 'second': applied in "),
            HasSubstr("finished: 1 applied, 1 up to date, 0 failed"), Not(HasSubstr("DEBUG"))));
  ASSERT_EQ(debug.exit_code, 0) << debug.err;
  EXPECT_THAT(debug.err, AllOf(HasSubstr("DEBUG [execution "),
                               HasSubstr("change 'first': skipped: applied at "),
                               HasSubstr("finished: 0 applied, 2 up to date, 0 failed")));
}

TEST_F(CliTest, LogLevelErrorKeepsOnlyTheFailures) {
  std::string missing = uniqueTableName("cli_missing");
  writeChange("0001-first.yaml", putItemChange("first", "0001", missing));

  CliResult result = runChanges({"--log-level", "error"});

  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err,
              AllOf(HasSubstr("flamingock ERROR [execution "),
                    HasSubstr("change 'first': failed after "), Not(HasSubstr("flamingock INFO"))));
}

}  // namespace
}  // namespace flamingock::test
