// The CLI embedded over the in-memory store (flamingock::cli::run in this process): the lock
// commands work for any store that describes its lock, not only DynamoDB's, and the migrations
// steering commands for any store that keeps jobs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "flamingock/cli.h"
#include "flamingock/flamingock.h"
#include "flamingock/testing.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;

class InMemoryCliTest : public ::testing::Test {
 protected:
  struct Result {
    int exit_code;
    std::string out;
  };

  // `args` after the program's name, run by cli::run over this test's store; stdout captured.
  Result run(std::vector<std::string> args) {
    args.insert(args.begin(), "in-memory-service");
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    FlamingockBuilder builder = Flamingock::builder();
    ::testing::internal::CaptureStdout();
    int exit_code = cli::run(static_cast<int>(argv.size()), argv.data(), store_, builder);
    return {exit_code, ::testing::internal::GetCapturedStdout()};
  }

  std::shared_ptr<testing::InMemoryAuditStore> store_ =
      std::make_shared<testing::InMemoryAuditStore>();
};

TEST_F(InMemoryCliTest, LockStatusShowsTheHolderOfTheInMemoryLock) {
  store_->takeOverLock("DEFAULT_KEY", "dead-runner");

  Result status = run({"lock", "status", "--output", "json"});

  ASSERT_EQ(status.exit_code, cli::kExitSuccess);
  nlohmann::json lock = nlohmann::json::parse(status.out);
  EXPECT_EQ(lock["held"], true);
  EXPECT_EQ(lock["owner"], "dead-runner");
  EXPECT_TRUE(lock["expiresAt"].is_null());  // the in-memory lock has no lease
}

TEST_F(InMemoryCliTest, LockStatusOfAFreeLockSaysSo) {
  Result status = run({"lock", "status"});

  ASSERT_EQ(status.exit_code, cli::kExitSuccess);
  EXPECT_THAT(status.out, HasSubstr("Lock 'DEFAULT_KEY' is free."));
}

TEST_F(InMemoryCliTest, LockReleaseForceFreesTheInMemoryLock) {
  store_->takeOverLock("DEFAULT_KEY", "dead-runner");

  Result release = run({"lock", "release", "--force"});

  ASSERT_EQ(release.exit_code, cli::kExitSuccess);
  EXPECT_THAT(release.out, HasSubstr("released (it was held by 'dead-runner')"));
  EXPECT_FALSE(store_->lockOwner().has_value());
}

// A background change whose apply registers a job of one part.
class Backfill : public Change {
 public:
  ChangeInfo info() const override {
    return {.id = "backfill", .order = "1", .author = "test", .background = true};
  }
  void apply(ChangeContext& ctx) override {
    ctx.progress().jobRegistrar()->registerJob({.subject = "orders"});
  }
};

TEST_F(InMemoryCliTest, MigrationsPauseAndSetRateSteerTheJobOfTheEmbeddedStore) {
  Flamingock::builder().setAuditStore(store_).addChange(std::make_unique<Backfill>()).build().run();

  Result paused = run({"migrations", "pause", "backfill", "--output", "json"});
  Result rated = run({"migrations", "set-rate", "backfill", "75"});

  ASSERT_EQ(paused.exit_code, cli::kExitSuccess);
  EXPECT_EQ(nlohmann::json::parse(paused.out)["state"], "PAUSED");
  EXPECT_THAT(rated.out, HasSubstr("is PAUSED, rate: 75 items/s (set by an operator)"));
  EXPECT_EQ(store_->jobStore()->read("backfill")->rate, 75);
}

// The job of Backfill started by a run over the test's store.
class InMemoryMigrationsCliTest : public InMemoryCliTest {
 protected:
  void SetUp() override {
    Flamingock::builder().setAuditStore(store_).addChange<Backfill>().build().run();
  }

  nlohmann::json statusJson() {
    return nlohmann::json::parse(run({"migrations", "status", "backfill", "--output", "json"}).out);
  }
};

TEST_F(InMemoryMigrationsCliTest, ListShowsTheRateAnOperatorSet) {
  ASSERT_EQ(run({"migrations", "set-rate", "backfill", "200"}).exit_code, cli::kExitSuccess);

  Result listed = run({"migrations", "list"});

  EXPECT_THAT(listed.out, HasSubstr("200 items/s (set by an operator)"));
}

TEST_F(InMemoryMigrationsCliTest, ListShowsTheChangesOwnRateWhenNoneWasSet) {
  Result listed = run({"migrations", "list"});

  EXPECT_THAT(listed.out, HasSubstr("as the change defines it"));
}

TEST_F(InMemoryMigrationsCliTest, StatusShowsThatAnOperatorLiftedTheLimit) {
  ASSERT_EQ(run({"migrations", "set-rate", "backfill", "0"}).exit_code, cli::kExitSuccess);

  Result status = run({"migrations", "status", "backfill"});

  EXPECT_THAT(status.out, HasSubstr("Rate: no limit (set by an operator)"));
  EXPECT_EQ(statusJson()["rate"], 0);
}

TEST_F(InMemoryMigrationsCliTest, StatusJsonRateIsNullWhenNoneWasSet) {
  EXPECT_EQ(statusJson().at("rate"), nullptr);
}

TEST_F(InMemoryMigrationsCliTest, ListShowsQuarantinedItemsThatNobodyAccepted) {
  JobStore& jobs = *store_->jobStore();
  jobs.quarantine(*jobs.read("backfill"), {.key = R"({"pk":{"S":"order#7"}})", .error = "bad"});

  Result listed = run({"migrations", "list"});

  EXPECT_THAT(listed.out, HasSubstr("1, not accepted"));
  EXPECT_EQ(statusJson()["failedItemCount"], 1);
  EXPECT_EQ(statusJson()["failuresAccepted"], false);
}

TEST_F(InMemoryMigrationsCliTest, StatusShowsFailuresAcceptedBeforeAnyItemFailed) {
  ASSERT_EQ(run({"migrations", "accept-failures", "backfill"}).exit_code, cli::kExitSuccess);

  Result status = run({"migrations", "status", "backfill"});

  EXPECT_THAT(status.out, HasSubstr("No item failed so far; failures are accepted"));
  EXPECT_EQ(statusJson()["failuresAccepted"], true);
  EXPECT_THAT(run({"migrations", "list"}).out, HasSubstr("none, accepted"));
}

TEST_F(InMemoryMigrationsCliTest, SetRateSaysALargeRateWithoutAnExponent) {
  Result rated = run({"migrations", "set-rate", "backfill", "1000000"});

  EXPECT_THAT(rated.out, HasSubstr("rate: 1000000 items/s (set by an operator)"));
}

TEST_F(InMemoryMigrationsCliTest, CancelEndsTheJobCancelledAndListAndStatusShowIt) {
  Result cancelled = run({"migrations", "cancel", "backfill"});

  ASSERT_EQ(cancelled.exit_code, cli::kExitSuccess);
  EXPECT_THAT(cancelled.out, HasSubstr("the change's FAILED entry is recorded"));
  EXPECT_THAT(run({"migrations", "list"}).out, HasSubstr("CANCELLED"));
  EXPECT_EQ(statusJson()["state"], "CANCELLED");
  EXPECT_EQ(store_->readHistory().back().state, AuditState::kFailed);
}

}  // namespace
}  // namespace flamingock::test
