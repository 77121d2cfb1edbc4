// Issue 11.1 against DynamoDB Local: a write lands but its answer is lost, and reading it back
// fails too. The run stops without writing anything more, and the next run, with no faults, does
// not apply the change again (docs/exactly-once.md#when-the-outcome-cannot-be-learned). Issue 22
// (4.2): a commit attempt that reaches the server after the runner gave up on it lands only if it
// comes before the FAILED entry.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "flamingock/flamingock.h"
#include "support/fault_proxy.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;
using Fault = FaultProxy::Fault;

// Adds one to the item `pk = counter` of a data table: in its transaction or directly.
class CounterChange : public Change {
 public:
  CounterChange(std::string table, bool transactional)
      : table_(std::move(table)), transactional_(transactional) {}

  ChangeInfo info() const override {
    return {.id = "add-one", .order = "001", .author = "ana", .transactional = transactional_};
  }

  void apply(ChangeContext& ctx) override {
    dynamodb::Update increment{
        .table_name = table_,
        .key = dataItem("counter"),
        .update_expression = "ADD n :one",
        .expression_attribute_values = {{":one", dynamodb::AttributeValue::number(1)}}};
    if (ctx.inTransaction()) {
      ctx.transaction<dynamodb::DynamoDBTransaction>().update(std::move(increment));
      return;
    }
    ctx.target<dynamodb::DynamoDBTargetSystem>().client().updateItem(
        {.table_name = increment.table_name,
         .key = increment.key,
         .update_expression = increment.update_expression,
         .expression_attribute_values = increment.expression_attribute_values});
  }

 private:
  std::string table_;
  bool transactional_;
};

class LostAnswerTest : public ::testing::Test {
 protected:
  void SetUp() override { store_.initialize(); }

  // Runs the counter change with every request sent to `endpoint`; quick, few retries.
  void runThrough(const std::string& endpoint, bool transactional) {
    dynamodb::ClientConfig config = localClientConfig();
    config.endpoint = endpoint;
    config.retry_policy.max_attempts = 3;
    config.retry_policy.base_delay = std::chrono::milliseconds(5);
    config.retry_policy.max_delay = std::chrono::milliseconds(50);
    // A request held up in the proxy is given up on, and retried, after this.
    config.request_timeout = std::chrono::milliseconds(2000);
    auto target =
        std::make_shared<dynamodb::DynamoDBTargetSystem>("dynamodb", dynamodb::Client(config));
    auto store = dynamodb::DynamoDBAuditStore::from(*target)
                     .withAuditRepositoryName(auditTable())
                     .withLockRepositoryName(store_.options().lock_table_name);
    Flamingock::builder()
        .setAuditStore(store)
        .addTargetSystems({target})
        .addChange(std::make_unique<CounterChange>(counter_table_, transactional))
        .build()
        .run();
  }

  // Runs through the proxy, which should stop the run; returns how it stopped.
  std::string stopThroughProxy(bool transactional) {
    try {
      runThrough(proxy_.url(), transactional);
      return "not stopped";
    } catch (const OutcomeUnknownError& e) {
      return std::string("OutcomeUnknownError: ") + e.what();
    } catch (const std::exception& e) {
      return std::string("another error: ") + e.what();
    }
  }

  // The audit table's GetItem answers are lost: reading a write back fails.
  void loseReadBacks() { proxy_.injectOn({"GetItem", auditTable()}, Fault::DropAfterForwarding); }

  // The first attempt of the change's commit is held up on its way until the server answered
  // `after`; every retry is told that a transaction with its token is still running, so the
  // runner gives up on the commit while that attempt is still to come.
  void commitReachesTheServerAfter(FaultProxy::Aim after) {
    FaultProxy::Aim commit{"TransactWriteItems", counter_table_};
    proxy_.deliverLate(commit, std::move(after));
    proxy_.injectOn(commit, Fault::TransactionInProgress);
  }

  int counter() const {
    auto got = direct_->client().getItem(
        {.table_name = counter_table_, .key = dataItem("counter"), .consistent_read = true});
    return got.item ? std::stoi(got.item->at("n").asNumber()) : 0;
  }

  // The change's states in log order.
  std::vector<AuditState> states() {
    std::vector<AuditEntry> entries = store_.readHistory();
    std::sort(entries.begin(), entries.end(),
              [](const AuditEntry& a, const AuditEntry& b) { return a.created_at < b.created_at; });
    std::vector<AuditState> result;
    for (const AuditEntry& entry : entries) result.push_back(entry.state);
    return result;
  }

  const std::string& auditTable() const { return store_.options().audit_table_name; }

  FaultProxy proxy_{localDynamoDbEndpoint()};
  std::shared_ptr<dynamodb::DynamoDBTargetSystem> direct_ = localTarget();
  dynamodb::DynamoDBAuditStore store_ = freshStore(*direct_);
  std::string counter_table_ = createDataTable(direct_->client(), "counter");
};

TEST_F(LostAnswerTest, TransactionalCommitWhoseAnswerIsLostIsAppliedOnce) {
  proxy_.injectOn({"TransactWriteItems", auditTable()}, Fault::DropAfterForwarding);
  loseReadBacks();

  std::string stopped = stopThroughProxy(true);
  runThrough(localDynamoDbEndpoint(), true);

  EXPECT_EQ(counter(), 1);
  EXPECT_THAT(states(), ElementsAre(AuditState::kApplied));
  EXPECT_THAT(stopped, StartsWith("OutcomeUnknownError: whether the transaction of change "
                                  "'add-one' committed"));
}

TEST_F(LostAnswerTest, NonTransactionalAppliedEntryWhoseAnswerIsLostIsAppliedOnce) {
  proxy_.injectOn({"TransactWriteItems", auditTable(), "#APPLIED"}, Fault::DropAfterForwarding);
  loseReadBacks();

  std::string stopped = stopThroughProxy(false);
  runThrough(localDynamoDbEndpoint(), false);

  EXPECT_EQ(counter(), 1);
  EXPECT_THAT(states(), ElementsAre(AuditState::kStarted, AuditState::kApplied));
  EXPECT_THAT(stopped, StartsWith("OutcomeUnknownError: change 'add-one' was applied; whether its "
                                  "APPLIED audit entry was written is unknown"));
}

TEST_F(LostAnswerTest, CommitAttemptArrivingAfterTheFailedEntryCommitsNothing) {
  commitReachesTheServerAfter({"TransactWriteItems", auditTable(), R"("S":"FAILED")"});

  std::string stopped = stopThroughProxy(true);
  runThrough(localDynamoDbEndpoint(), true);

  EXPECT_EQ(proxy_.deliveredLateCount(), 1);
  EXPECT_EQ(counter(), 1);
  EXPECT_THAT(states(), ElementsAre(AuditState::kFailed, AuditState::kApplied));
  EXPECT_THAT(stopped, AllOf(StartsWith("another error: "), HasSubstr("TransactionInProgress")));
}

TEST_F(LostAnswerTest, CommitAttemptArrivingBeforeTheFailedEntryCountsAsApplied) {
  commitReachesTheServerAfter({"GetItem", auditTable()});

  std::string stopped = stopThroughProxy(true);
  runThrough(localDynamoDbEndpoint(), true);

  EXPECT_EQ(proxy_.deliveredLateCount(), 1);
  EXPECT_EQ(stopped, "not stopped");
  EXPECT_EQ(counter(), 1);
  EXPECT_THAT(states(), ElementsAre(AuditState::kApplied));
}

TEST_F(LostAnswerTest, AppendUnlessExistsWritesNothingOverAnExistingEntry) {
  auto lock = heldLock(store_, "runner-a");
  AuditEntry applied = sampleEntry("c1", AuditState::kApplied);
  AuditEntry failed = sampleEntry("c1", AuditState::kFailed);
  store_.append(applied, lock->fence());

  EXPECT_FALSE(store_.appendUnlessExists(failed, applied.partitionKey(), lock->fence()));
  EXPECT_TRUE(store_.appendUnlessExists(failed, "other#c1#APPLIED", lock->fence()));

  EXPECT_THAT(states(), UnorderedElementsAre(AuditState::kApplied, AuditState::kFailed));
}

}  // namespace
}  // namespace flamingock::test
