// Whole runs of the engine on DynamoDB: the audit store, the lock and the target system together,
// as a service uses them (README.md, docs/exactly-once.md#a-run).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "dynamodb/store/lock_item.h"
#include "flamingock/audit_history.h"
#include "flamingock/flamingock.h"
#include "flamingock/testing.h"
#include "support/fault_proxy.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using dynamodb::DynamoDBTargetSystem;
using dynamodb::DynamoDBTransaction;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A change made of functions, so each test states what its changes do.
class ScriptedChange : public Change {
 public:
  using Step = std::function<void(ChangeContext&)>;
  ScriptedChange(ChangeInfo info, Step apply, Step rollback = nullptr)
      : info_(std::move(info)), apply_(std::move(apply)), rollback_(std::move(rollback)) {}

  ChangeInfo info() const override { return info_; }
  void apply(ChangeContext& ctx) override { apply_(ctx); }
  void rollback(ChangeContext& ctx) override {
    if (!rollback_) return Change::rollback(ctx);
    rollback_(ctx);
  }
  bool hasRollback() const override { return static_cast<bool>(rollback_); }

 private:
  ChangeInfo info_;
  Step apply_;
  Step rollback_;
};

class DynamoDBRunTest : public ::testing::Test {
 protected:
  // Puts item `pk` into the data table, directly or in the change's transaction.
  ScriptedChange::Step putting(const std::string& pk) {
    return [this, pk](ChangeContext& ctx) {
      dynamodb::Put put{.table_name = table_, .item = dataItem(pk)};
      if (ctx.inTransaction()) {
        ctx.transaction<DynamoDBTransaction>().put(std::move(put));
      } else {
        ctx.target<DynamoDBTargetSystem>().client().putItem(
            {.table_name = put.table_name, .item = put.item});
      }
    };
  }

  static ScriptedChange::Step failing(const std::string& why) {
    return [why](ChangeContext&) { throw std::runtime_error(why); };
  }

  RunSummary run(std::vector<std::unique_ptr<Change>> changes) {
    return Flamingock::builder()
        .setAuditStore(store_)
        .addTargetSystems({target_})
        .setLockOptions(shortLease())
        .addChanges(std::move(changes))
        .build()
        .run();
  }

  template <class... Changes>
  static std::vector<std::unique_ptr<Change>> changes(Changes... list) {
    std::vector<std::unique_ptr<Change>> all;
    (all.push_back(std::make_unique<ScriptedChange>(std::move(list))), ...);
    return all;
  }

  // The states recorded for `change_id`, oldest first.
  std::vector<std::string> statesOf(const std::string& change_id) {
    std::vector<AuditEntry> entries = store_.readHistory();
    std::erase_if(entries, [&](const AuditEntry& e) { return e.change_id != change_id; });
    std::sort(entries.begin(), entries.end(),
              [](const AuditEntry& a, const AuditEntry& b) { return supersedes(b, a); });
    std::vector<std::string> states;
    for (const AuditEntry& entry : entries) states.emplace_back(toString(entry.state));
    return states;
  }

  bool has(const std::string& pk) { return hasItem(target_->client(), table_, pk); }

  std::shared_ptr<DynamoDBTargetSystem> target_ = localTarget();
  dynamodb::DynamoDBAuditStore store_ = freshStore(*target_);
  std::string table_ = createDataTable(target_->client(), "data");
};

TEST_F(DynamoDBRunTest, AppliesEachChangeOnceAndARerunAppliesNothing) {
  auto pipeline = [&] {
    return changes(
        ScriptedChange({.id = "plain", .order = "1", .author = "ana"}, putting("a")),
        ScriptedChange({.id = "tx", .order = "2", .author = "ana", .transactional = true},
                       putting("b")));
  };

  RunSummary first = run(pipeline());
  RunSummary second = run(pipeline());

  EXPECT_EQ(first.applied(), 2u);
  EXPECT_EQ(second.applied(), 0u);
  EXPECT_EQ(second.skipped(), 2u);
  EXPECT_TRUE(has("a"));
  EXPECT_TRUE(has("b"));
  EXPECT_THAT(statesOf("plain"), ElementsAre("STARTED", "APPLIED"));
  EXPECT_THAT(statesOf("tx"), ElementsAre("APPLIED"));
  EXPECT_FALSE(store_.lockTable().read("DEFAULT_KEY").has_value());
}

TEST_F(DynamoDBRunTest, AFailedChangeWithARollbackIsRolledBack) {
  auto rollback = [&](ChangeContext&) {
    target_->client().deleteItem({.table_name = table_, .key = dataItem("half")});
  };
  auto apply = [&](ChangeContext& ctx) {
    putting("half")(ctx);
    throw std::runtime_error("disk on fire");
  };

  try {
    run(changes(ScriptedChange({.id = "broken", .order = "1", .author = "ana"}, apply, rollback)));
    FAIL() << "the run succeeded";
  } catch (const ChangeFailedError& e) {
    EXPECT_EQ(e.changeId(), "broken");
    EXPECT_THAT(e.cause(), HasSubstr("disk on fire"));
  }
  EXPECT_THAT(statesOf("broken"), ElementsAre("STARTED", "FAILED", "ROLLED_BACK"));
  EXPECT_FALSE(has("half"));
}

TEST_F(DynamoDBRunTest, AFailedChangeWithoutRollbackIsOnlyFailed) {
  EXPECT_THROW(run(changes(ScriptedChange({.id = "broken", .order = "1", .author = "ana"},
                                          failing("no way")))),
               ChangeFailedError);

  EXPECT_THAT(statesOf("broken"), ElementsAre("STARTED", "FAILED"));
}

TEST_F(DynamoDBRunTest, AFailedTransactionalChangeCommitsNeitherItsWritesNorApplied) {
  auto apply = [&](ChangeContext& ctx) {
    putting("never")(ctx);
    throw std::runtime_error("changed my mind");
  };

  EXPECT_THROW(run(changes(ScriptedChange(
                   {.id = "tx", .order = "1", .author = "ana", .transactional = true}, apply))),
               ChangeFailedError);

  EXPECT_FALSE(has("never"));
  EXPECT_THAT(statesOf("tx"), ElementsAre("FAILED"));
}

TEST_F(DynamoDBRunTest, ATransactionalChangeWhoseCommitIsRefusedCommitsNothing) {
  auto apply = [&](ChangeContext& ctx) {
    putting("never")(ctx);
    ctx.transaction<DynamoDBTransaction>().conditionCheck(
        {.table_name = table_,
         .key = dataItem("missing"),
         .condition_expression = "attribute_exists(pk)"});
  };

  try {
    run(changes(
        ScriptedChange({.id = "tx", .order = "1", .author = "ana", .transactional = true}, apply)));
    FAIL() << "the run succeeded";
  } catch (const ChangeFailedError& e) {
    EXPECT_EQ(e.changeId(), "tx");
    EXPECT_THAT(e.cause(), HasSubstr("ConditionalCheckFailed"));
  }
  EXPECT_FALSE(has("never"));
  EXPECT_THAT(statesOf("tx"), ElementsAre("FAILED"));
}

TEST_F(DynamoDBRunTest, ATransactionalChangeWithTooManyWritesFailsNamingTheChangeAndCount) {
  auto apply = [&](ChangeContext& ctx) {
    for (int i = 0; i < 100; ++i) putting("item-" + std::to_string(i))(ctx);
  };

  try {
    run(changes(ScriptedChange(
        {.id = "bulk-seed", .order = "1", .author = "ana", .transactional = true}, apply)));
    FAIL() << "the run succeeded";
  } catch (const ChangeFailedError& e) {
    EXPECT_EQ(e.changeId(), "bulk-seed");
    EXPECT_THAT(e.cause(), HasSubstr("103"));
  }
  EXPECT_FALSE(has("item-0"));
}

// What a runner that found this one's lease expired would write: the lock is someone else's.
void takeOverLock(const dynamodb::DynamoDBAuditStore& store) {
  auto now = std::chrono::system_clock::now();
  store.client().putItem(
      {.table_name = store.options().lock_table_name,
       .item = dynamodb::detail::toLockItem({.key = "DEFAULT_KEY",
                                             .owner = "usurper",
                                             .record_version_number = "u1",
                                             .expires_at = now,
                                             .acquired_at = now,
                                             .lease_duration = std::chrono::seconds(60)})});
}

TEST_F(DynamoDBRunTest, ARunWhoseLockIsTakenOverMidChangeRecordsNothingMore) {
  auto take_over = [&](ChangeContext&) { takeOverLock(store_); };

  EXPECT_THROW(
      run(changes(ScriptedChange({.id = "plain", .order = "1", .author = "ana"}, take_over),
                  ScriptedChange({.id = "next", .order = "2", .author = "ana"}, putting("next")))),
      LockLostError);

  EXPECT_THAT(statesOf("plain"), ElementsAre("STARTED"));
  EXPECT_THAT(statesOf("next"), ElementsAre());
  EXPECT_FALSE(has("next"));
  EXPECT_EQ(store_.lockTable().read("DEFAULT_KEY")->owner, "usurper");
}

TEST_F(DynamoDBRunTest, ARunWhoseLockIsTakenOverMidChangeCommitsNothing) {
  auto take_over_then_put = [&](ChangeContext& ctx) {
    takeOverLock(store_);
    putting("late")(ctx);
  };

  EXPECT_THROW(
      run(changes(ScriptedChange({.id = "tx", .order = "1", .author = "ana", .transactional = true},
                                 take_over_then_put))),
      LockLostError);

  EXPECT_THAT(statesOf("tx"), ElementsAre());
  EXPECT_FALSE(has("late"));
  EXPECT_EQ(store_.lockTable().read("DEFAULT_KEY")->owner, "usurper");
}

// Writes what the lock's holder applies, as soon as a runner has planned: that runner then waits
// for a lock whose holder has already done everything.
class HolderAppliesEverything : public Listener {
 public:
  HolderAppliesEverything(dynamodb::DynamoDBAuditStore& store, Lock& holder)
      : store_(store), holder_(holder) {}
  void onStarted(const RunStartedEvent& event) override {
    for (const std::string& change_id : event.pending) {
      AuditEntry entry = sampleEntry(change_id, AuditState::kApplied, "holder");
      entry.checksum.clear();  // Flamingock Java's kind: never drift
      store_.append(entry, holder_.fence());
    }
  }

 private:
  dynamodb::DynamoDBAuditStore& store_;
  Lock& holder_;
};

// A waiter's fake clock whose first pause is when the holder leaves: the waiter has found the
// lock held and waits.
class HolderLeavesAtTheFirstPause : public testing::FakeClock {
 public:
  explicit HolderLeavesAtTheFirstPause(Lock& holder) : holder_(holder) {}
  void sleepFor(std::chrono::milliseconds duration) override {
    FakeClock::sleepFor(duration);
    holder_.release();
  }

 private:
  Lock& holder_;
};

TEST_F(DynamoDBRunTest, AWaitingRunnerFinishesWithoutTheLockOnceTheHolderAppliedEverythingAndLeft) {
  store_.initialize();
  auto holder = heldLock(store_, "holder");
  FaultProxy proxy(localDynamoDbEndpoint());
  dynamodb::ClientConfig config = localClientConfig();
  config.endpoint = proxy.url();
  auto waiter = std::make_shared<DynamoDBTargetSystem>("dynamodb", dynamodb::Client(config));

  RunSummary summary =
      Flamingock::builder()
          .setAuditStore(dynamodb::DynamoDBAuditStore::from(*waiter)
                             .withAuditRepositoryName(store_.options().audit_table_name)
                             .withLockRepositoryName(store_.options().lock_table_name))
          .addTargetSystems({waiter})
          .setClock(std::make_shared<HolderLeavesAtTheFirstPause>(*holder))
          .setLockOptions(shortLease())
          .addListener(std::make_shared<HolderAppliesEverything>(store_, *holder))
          .addChanges(
              changes(ScriptedChange({.id = "a", .order = "1", .author = "ana"}, putting("a")),
                      ScriptedChange({.id = "b", .order = "2", .author = "ana"}, putting("b"))))
          .build()
          .run();

  EXPECT_EQ(summary.skipped(), 2u);
  EXPECT_FALSE(has("a"));
  EXPECT_EQ(store_.readHistory().size(), 2u);  // the holder's, nothing of the waiter's
  // Only a re-read of the log once the lock was gone could end the wait without taking the free
  // lock: the waiter never wrote a lease (its only PutItem requests would be lock writes).
  EXPECT_EQ(proxy.requestCount("PutItem"), 0);
  EXPECT_EQ(store_.lockTable().read("DEFAULT_KEY"), std::nullopt);
}

}  // namespace
}  // namespace flamingock::test
