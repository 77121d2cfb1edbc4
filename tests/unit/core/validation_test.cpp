#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::ThrowsMessage;

class PlainTarget : public TargetSystem {
 public:
  explicit PlainTarget(std::string id) : TargetSystem(std::move(id)) {}
};

// Transactional, but no audit store knows how to commit its transactions.
class ForeignTransactionalTarget : public TargetSystem {
 public:
  ForeignTransactionalTarget() : TargetSystem("foreign") {}
  bool supportsTransactions() const override { return true; }
};

class ValidationTest : public EngineTest {
 protected:
  // The problems build() reports; fails the test when it does not throw.
  std::vector<std::string> problemsOf(FlamingockBuilder& pipeline) {
    try {
      pipeline.build();
    } catch (const ValidationError& e) {
      return e.problems();
    }
    ADD_FAILURE() << "expected ValidationError";
    return {};
  }
  std::vector<std::string> problemsOf(FlamingockBuilder&& pipeline) { return problemsOf(pipeline); }
};

TEST_F(ValidationTest, MissingAuditStore) {
  EXPECT_THAT(problemsOf(Flamingock::builder().addChange(change("a", "1"))),
              ElementsAre(HasSubstr("no audit store")));
}

TEST_F(ValidationTest, EmptyIdNamesTheChangeByPositionAndType) {
  EXPECT_THAT(problemsOf(builder().addChange(change("", "1"))),
              ElementsAre(AllOf(HasSubstr("change #1 of stage 'default'"),
                                HasSubstr("ScriptedChange"), HasSubstr("empty id"))));
}

TEST_F(ValidationTest, DuplicateId) {
  EXPECT_THAT(problemsOf(builder().addChange(change("a", "1")).addChange(change("a", "2"))),
              ElementsAre(HasSubstr("change id 'a' is used by 2 changes")));
}

TEST_F(ValidationTest, MissingOrder) {
  EXPECT_THAT(problemsOf(builder().addChange(change("a", ""))),
              ElementsAre(HasSubstr("change 'a' has no order")));
}

TEST_F(ValidationTest, DuplicateOrderInAStage) {
  EXPECT_THAT(problemsOf(builder().addChange(change("a", "1")).addChange(change("b", "1"))),
              ElementsAre(HasSubstr("order '1' is used by change 'a' and change 'b'")));
}

TEST_F(ValidationTest, SameOrderInDifferentStagesIsFine) {
  EXPECT_NO_THROW(builder()
                      .addStage("one")
                      .addChange(change("a", "1"))
                      .addStage("two")
                      .addChange(change("b", "1"))
                      .build());
}

TEST_F(ValidationTest, UnknownTargetSystemListsTheRegisteredOnes) {
  auto pipeline = builder();
  pipeline.addTargetSystems({std::make_shared<PlainTarget>("main")})
      .addChange(change({.id = "a", .order = "1", .target_system_id = "missing"}));

  EXPECT_THAT(problemsOf(pipeline),
              ElementsAre(AllOf(HasSubstr("'missing'"), HasSubstr("registered: 'main'"))));
}

TEST_F(ValidationTest, AmbiguousTargetSystem) {
  auto pipeline = builder();
  pipeline
      .addTargetSystems(
          {std::make_shared<PlainTarget>("one"), std::make_shared<PlainTarget>("two")})
      .addChange(change("a", "1"));

  EXPECT_THAT(problemsOf(pipeline),
              ElementsAre(AllOf(HasSubstr("change 'a' names no target system"),
                                HasSubstr("'one', 'two'"))));
}

TEST_F(ValidationTest, DuplicateTargetSystemId) {
  auto pipeline = builder();
  pipeline.addTargetSystems(
      {std::make_shared<PlainTarget>("one"), std::make_shared<PlainTarget>("one")});

  EXPECT_THAT(problemsOf(pipeline),
              ElementsAre(HasSubstr("target system id 'one' is registered twice")));
}

TEST_F(ValidationTest, TransactionalChangeOnATargetWithoutTransactions) {
  auto pipeline = builder();
  pipeline.addTargetSystems({std::make_shared<PlainTarget>("plain")})
      .addChange(change({.id = "a", .order = "1", .transactional = true}));

  EXPECT_THAT(problemsOf(pipeline),
              ElementsAre(HasSubstr("'plain' does not support transactions")));
}

TEST_F(ValidationTest, TransactionalChangeOnATargetTheStoreCannotCommit) {
  auto pipeline = builder();
  pipeline.addTargetSystems({std::make_shared<ForeignTransactionalTarget>()})
      .addChange(change({.id = "a", .order = "1", .transactional = true}));

  EXPECT_THAT(problemsOf(pipeline),
              ElementsAre(HasSubstr("cannot commit transactions of target system 'foreign'")));
}

TEST_F(ValidationTest, AllProblemsAreReportedTogether) {
  auto pipeline = Flamingock::builder();
  pipeline.addTargetSystems({std::make_shared<PlainTarget>("plain")})
      .addChange(change("", "1"))
      .addChange(change("a", ""))
      .addChange(change({.id = "b", .order = "2", .target_system_id = "missing"}))
      .addChange(change({.id = "c", .order = "3", .transactional = true}));

  try {
    pipeline.build();
    FAIL() << "expected ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_THAT(e.problems(), SizeIs(5));
    EXPECT_THAT(e.problems(), Contains(HasSubstr("no audit store")));
    EXPECT_THAT(e.what(), HasSubstr("5 problems"));
  }
}

// Lock options that would make the lock expire at once, spin, or lapse between heartbeats.
TEST_F(ValidationTest, LockOptionsAreCheckedNamingEachBadValue) {
  using std::chrono::milliseconds;
  LockOptions options;
  options.key = "";
  options.lease_duration = milliseconds(0);
  options.heartbeat_interval = milliseconds(-1);
  options.acquire_timeout = milliseconds(-2);
  options.retry_interval = milliseconds(0);

  EXPECT_THAT(problemsOf(builder().setLockOptions(options).addChange(change("a", "1"))),
              ElementsAre(HasSubstr("LockOptions::key is empty"),
                          HasSubstr("LockOptions::lease_duration must be positive, not 0 ms"),
                          HasSubstr("LockOptions::heartbeat_interval must be positive, not -1 ms"),
                          HasSubstr("LockOptions::acquire_timeout must not be negative, not -2 ms"),
                          HasSubstr("LockOptions::retry_interval must be positive, not 0 ms")));
}

TEST_F(ValidationTest, AHeartbeatMustBeShorterThanTheLease) {
  LockOptions options;
  options.lease_duration = std::chrono::seconds(10);
  options.heartbeat_interval = std::chrono::seconds(10);

  EXPECT_THAT(problemsOf(builder().setLockOptions(options).addChange(change("a", "1"))),
              ElementsAre(HasSubstr("LockOptions::heartbeat_interval (10000 ms) must be shorter "
                                    "than lease_duration (10000 ms)")));
}

TEST_F(ValidationTest, ALockMadeWithoutABuilderRefusesBadOptionsToo) {
  LockOptions options;
  options.retry_interval = std::chrono::milliseconds(0);

  EXPECT_THAT([&] { store->createLock(options, "runner-1", clock); },
              ThrowsMessage<ConfigurationError>(
                  HasSubstr("LockOptions::retry_interval must be positive, not 0 ms")));
}

TEST_F(ValidationTest, NothingRunsWhenValidationFails) {
  EXPECT_THROW(builder().addChange(change("a", "1")).addChange(change("a", "2")).build(),
               ValidationError);

  EXPECT_TRUE(journal->empty());
  EXPECT_TRUE(store->readHistory().empty());
}

}  // namespace
}  // namespace flamingock::test
