// DynamoDBAuditStore against DynamoDB Local: its settings, its tables, and how it reads and
// writes the audit log.
#include "flamingock/dynamodb/audit_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "dynamodb/store/audit_item.h"
#include "flamingock/error.h"
#include "support/fault_proxy.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using dynamodb::AttributeValue;
using dynamodb::BillingMode;
using dynamodb::DynamoDBAuditStore;
using ::testing::HasSubstr;

// DescribeTable through the AWS CLI: what any other tool sees of the table.
nlohmann::json describedTable(const std::string& table) {
  return awsDynamoDb("describe-table --table-name " + table)["Table"];
}

void expectPartitionKeySchema(const nlohmann::json& table) {
  ASSERT_EQ(table["KeySchema"].size(), 1u);
  EXPECT_EQ(table["KeySchema"][0]["AttributeName"], "partitionKey");
  EXPECT_EQ(table["KeySchema"][0]["KeyType"], "HASH");
  EXPECT_EQ(table["AttributeDefinitions"][0]["AttributeType"], "S");
}

std::string billingModeOf(const nlohmann::json& table) {
  return table.value("/BillingModeSummary/BillingMode"_json_pointer, std::string("PROVISIONED"));
}

// The message of the ConfigurationError `action` throws; fails the test when it throws nothing.
template <class Action>
std::string configurationErrorOf(Action&& action) {
  try {
    action();
  } catch (const ConfigurationError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ConfigurationError";
  return "";
}

// The only test of this binary that uses the default table names: they are global on the server.
TEST(DynamoDBAuditStoreTest, CreatesTheDefaultTablesProvisionedWithFiveUnits) {
  auto target = localTarget();
  auto store = DynamoDBAuditStore::from(*target);

  store.initialize();

  for (const char* name : {"flamingockAuditLog", "flamingockLock"}) {
    nlohmann::json table = describedTable(name);
    expectPartitionKeySchema(table);
    EXPECT_EQ(billingModeOf(table), "PROVISIONED") << name;
    EXPECT_EQ(table["ProvisionedThroughput"]["ReadCapacityUnits"], 5) << name;
    EXPECT_EQ(table["ProvisionedThroughput"]["WriteCapacityUnits"], 5) << name;
  }
}

TEST(DynamoDBAuditStoreTest, CreatesTablesWithCustomNamesAndCapacity) {
  auto target = localTarget();
  auto store = freshStore(*target).withReadCapacityUnits(12).withWriteCapacityUnits(7);

  store.initialize();

  for (const std::string& name :
       {store.options().audit_table_name, store.options().lock_table_name}) {
    nlohmann::json table = describedTable(name);
    expectPartitionKeySchema(table);
    EXPECT_EQ(table["ProvisionedThroughput"]["ReadCapacityUnits"], 12) << name;
    EXPECT_EQ(table["ProvisionedThroughput"]["WriteCapacityUnits"], 7) << name;
  }
}

TEST(DynamoDBAuditStoreTest, CreatesOnDemandTablesThatIgnoreCapacity) {
  auto target = localTarget();
  auto store =
      freshStore(*target).withReadCapacityUnits(12).withBillingMode(BillingMode::kPayPerRequest);

  store.initialize();

  EXPECT_EQ(billingModeOf(describedTable(store.options().audit_table_name)), "PAY_PER_REQUEST");
  EXPECT_EQ(billingModeOf(describedTable(store.options().lock_table_name)), "PAY_PER_REQUEST");
}

TEST(DynamoDBAuditStoreTest, InitializingTwiceAndConcurrentlyIsFine) {
  auto target = localTarget();
  auto store = freshStore(*target);
  std::vector<std::thread> initializers;
  std::atomic<int> failures{0};

  for (int i = 0; i < 4; ++i) {
    initializers.emplace_back([&, copy = store]() mutable {
      try {
        copy.initialize();
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++failures;
      }
    });
  }
  for (auto& thread : initializers) thread.join();
  store.initialize();

  EXPECT_EQ(failures, 0);
  expectPartitionKeySchema(describedTable(store.options().audit_table_name));
}

TEST(DynamoDBAuditStoreTest, RejectsATableWithAnotherKeySchema) {
  auto target = localTarget();
  std::string taken = createDataTable(target->client(), "wrong_schema");
  auto store = freshStore(*target).withAuditRepositoryName(taken);

  std::string message = configurationErrorOf([&] { store.initialize(); });

  EXPECT_THAT(message, HasSubstr(taken));
  EXPECT_THAT(message, HasSubstr("pk (S, HASH)"));
}

TEST(DynamoDBAuditStoreTest, RejectsAMissingTableWhenAutoCreateIsOff) {
  auto target = localTarget();
  auto store = freshStore(*target).withAutoCreate(false);

  std::string message = configurationErrorOf([&] { store.initialize(); });

  EXPECT_THAT(message, HasSubstr(store.options().audit_table_name));
  EXPECT_THAT(message, HasSubstr("auto-create is off"));
}

TEST(DynamoDBAuditStoreTest, RejectsInvalidSettingsNamingTheValue) {
  auto store = DynamoDBAuditStore::from(*localTarget());

  EXPECT_THAT(configurationErrorOf([&] { store.withReadCapacityUnits(0); }), HasSubstr("got 0"));
  EXPECT_THAT(configurationErrorOf([&] { store.withWriteCapacityUnits(-3); }), HasSubstr("got -3"));
  EXPECT_THAT(configurationErrorOf([&] { store.withAuditRepositoryName("ab"); }),
              HasSubstr("'ab'"));
  EXPECT_THAT(configurationErrorOf([&] { store.withLockRepositoryName("lock table!"); }),
              HasSubstr("'lock table!'"));
  EXPECT_THAT(configurationErrorOf([&] { store.withLockRepositoryName(std::string(256, 'x')); }),
              HasSubstr(std::string(256, 'x')));
  store.withLockRepositoryName("flamingockAuditLog");
  EXPECT_THAT(configurationErrorOf([&] { store.initialize(); }), HasSubstr("'flamingockAuditLog'"));
}

TEST(DynamoDBAuditStoreTest, CopiesKeepTheirOwnSettings) {
  auto base = DynamoDBAuditStore::from(*localTarget());

  auto copy = DynamoDBAuditStore(base).withReadCapacityUnits(10);

  EXPECT_EQ(copy.options().read_capacity_units, 10);
  EXPECT_EQ(base.options().read_capacity_units, 5);
}

TEST(DynamoDBAuditStoreTest, ReadsAnEmptyLogBeforeTheTablesExist) {
  auto store = freshStore(*localTarget());

  EXPECT_TRUE(store.readHistory().empty());
}

TEST(DynamoDBAuditStoreTest, ReadsBackWhatItAppended) {
  auto store = freshStore(*localTarget());
  store.initialize();
  auto lock = heldLock(store, "runner-a");
  AuditEntry entry = sampleEntry("create-orders-table", AuditState::kApplied);
  entry.source_file = "0001-orders.yaml";
  entry.type = ChangeType::kStandardTemplate;
  entry.error_trace = errorTraceJson("std::runtime_error", "boom \"quoted\"");
  entry.execution_millis = std::chrono::milliseconds(1234);
  entry.transaction_flag = true;
  entry.tx_strategy = TxStrategy::kTxShared;
  entry.recovery_strategy = RecoveryStrategy::kAlwaysRetry;

  store.append(entry, lock->fence());
  std::vector<AuditEntry> history = store.readHistory();

  ASSERT_EQ(history.size(), 1u);
  const AuditEntry& read = history[0];
  EXPECT_EQ(read.partitionKey(), entry.partitionKey());
  EXPECT_EQ(read.created_at, entry.created_at);
  EXPECT_EQ(read.metadata, entry.metadata);
  EXPECT_EQ(read.source_file, entry.source_file);
  EXPECT_EQ(read.type, entry.type);
  EXPECT_EQ(read.error_trace, entry.error_trace);
  EXPECT_EQ(read.execution_millis, entry.execution_millis);
  EXPECT_TRUE(read.transaction_flag);
  EXPECT_EQ(read.tx_strategy, TxStrategy::kTxShared);
  EXPECT_EQ(read.recovery_strategy, RecoveryStrategy::kAlwaysRetry);
  EXPECT_EQ(read.checksum, entry.checksum);
  EXPECT_EQ(read.runner_id, entry.runner_id);
}

TEST(DynamoDBAuditStoreTest, ThePlanningReadHoldsWhatPlanningNeedsAndNothingElse) {
  auto store = freshStore(*localTarget());
  store.initialize();
  auto lock = heldLock(store, "runner-a");
  AuditEntry entry = sampleEntry("create-orders-table", AuditState::kFailed);
  entry.error_trace = errorTraceJson("std::runtime_error", "boom");
  entry.tx_strategy = TxStrategy::kTxShared;
  store.append(entry, lock->fence());

  std::vector<AuditEntry> planned = store.readHistoryForPlanning();

  ASSERT_EQ(planned.size(), 1u);
  const AuditEntry& read = planned[0];
  EXPECT_EQ(read.change_id, entry.change_id);
  EXPECT_EQ(read.state, AuditState::kFailed);
  EXPECT_EQ(read.created_at, entry.created_at);
  EXPECT_EQ(read.tx_strategy, TxStrategy::kTxShared);
  EXPECT_EQ(read.checksum, entry.checksum);
  EXPECT_EQ(read.execution_hostname, entry.execution_hostname);
  EXPECT_EQ(read.error_trace, entry.error_trace);
  // The rest was never read.
  EXPECT_TRUE(read.execution_id.empty());
  EXPECT_TRUE(read.author.empty());
  EXPECT_TRUE(read.metadata.empty());
  EXPECT_TRUE(read.runner_id.empty());
}

TEST(DynamoDBAuditStoreTest, ReadsEntriesWrittenByFlamingockJava) {
  auto target = localTarget();
  auto store = freshStore(*target);
  store.initialize();
  // As Flamingock's Java store writes it: Java map metadata, a zoned createdAt, no txStrategy,
  // recoveryStrategy or checksum.
  dynamodb::Item java{
      {"partitionKey", AttributeValue::string("e-1#java-change#APPLIED")},
      {"executionId", AttributeValue::string("e-1")},
      {"stageId", AttributeValue::string("stage")},
      {"changeId", AttributeValue::string("java-change")},
      {"author", AttributeValue::string("bob")},
      {"createdAt", AttributeValue::string("2025-03-01T08:00:00.5Z")},
      {"state", AttributeValue::string("APPLIED")},
      {"type", AttributeValue::string("STANDARD_CODE")},
      {"metadata", AttributeValue::string("{team=payments, env=prod}")},
      {"executionMillis", AttributeValue::number(17)},
      {"systemChange", AttributeValue::boolean(false)},
  };
  target->client().putItem({.table_name = store.options().audit_table_name, .item = java});

  std::vector<AuditEntry> history = store.readHistory();

  ASSERT_EQ(history.size(), 1u);
  const AuditEntry& read = history[0];
  EXPECT_EQ(read.change_id, "java-change");
  EXPECT_EQ(read.state, AuditState::kApplied);
  EXPECT_EQ(formatCreatedAt(read.created_at), "2025-03-01T08:00:00.500");
  EXPECT_EQ(read.metadata, (Metadata{{"team", "payments"}, {"env", "prod"}}));
  EXPECT_EQ(read.tx_strategy, TxStrategy::kNonTx);
  EXPECT_EQ(read.recovery_strategy, RecoveryStrategy::kManualIntervention);
  EXPECT_TRUE(read.checksum.empty());
  EXPECT_EQ(read.execution_millis, std::chrono::milliseconds(17));
}

// About 1.3 MB of APPLIED entries, "change-0" to "change-1299": more than one Scan page (1 MB).
constexpr int kLargeLogEntries = 1300;
void seedLargeLog(const DynamoDBAuditStore& store, const dynamodb::Client& client) {
  dynamodb::BatchWriteItemRequest batch;
  for (int i = 0; i < kLargeLogEntries; ++i) {
    AuditEntry entry = sampleEntry("change-" + std::to_string(i), AuditState::kApplied);
    entry.error_trace = std::string(1000, 'x');
    batch.request_items[store.options().audit_table_name].push_back(
        dynamodb::WriteRequest::put(dynamodb::detail::toAuditItem(entry)));
  }
  client.batchWriteAll(batch);
}

std::set<std::string> changeIdsOf(const std::vector<AuditEntry>& entries) {
  std::set<std::string> ids;
  for (const AuditEntry& entry : entries) ids.insert(entry.change_id);
  return ids;
}

TEST(DynamoDBAuditStoreTest, ReadsEveryPageOfALargeLog) {
  auto target = localTarget();
  auto store = freshStore(*target);
  store.initialize();
  seedLargeLog(store, target->client());

  EXPECT_EQ(store.readHistory().size(), static_cast<std::size_t>(kLargeLogEntries));
  EXPECT_EQ(store.readHistoryForPlanning().size(), static_cast<std::size_t>(kLargeLogEntries));
}

TEST(DynamoDBAuditStoreTest, ReadsALogLargerThanAPageInParallelSegments) {
  FaultProxy proxy(localDynamoDbEndpoint());  // only to see the requests
  dynamodb::ClientConfig config = localClientConfig();
  config.endpoint = proxy.url();
  dynamodb::DynamoDBTargetSystem target("dynamodb", dynamodb::Client(config));
  auto store = freshStore(target);
  store.initialize();  // an empty table: one segment
  seedLargeLog(store, target.client());
  ASSERT_EQ(store.readHistoryForPlanning().size(), static_cast<std::size_t>(kLargeLogEntries));
  EXPECT_EQ(proxy.requestCount("Scan", "TotalSegments"), 0);

  store.initialize();  // as the next start-up does: now 1.3 MB, two segments

  std::vector<AuditEntry> planned = store.readHistoryForPlanning();
  std::vector<AuditEntry> history = store.readHistory();
  EXPECT_EQ(planned.size(), static_cast<std::size_t>(kLargeLogEntries));
  EXPECT_EQ(changeIdsOf(planned).size(), static_cast<std::size_t>(kLargeLogEntries));
  EXPECT_EQ(changeIdsOf(history), changeIdsOf(planned));
  EXPECT_GE(proxy.requestCount("Scan", R"("Segment":0,"TotalSegments":2)"), 2);
  EXPECT_GE(proxy.requestCount("Scan", R"("Segment":1,"TotalSegments":2)"), 2);
}

TEST(DynamoDBAuditStoreTest, RefusesToAppendWithoutTheLock) {
  auto store = freshStore(*localTarget());
  store.initialize();
  auto lock = heldLock(store, "runner-a");
  Fence stale{lock->fence().lock_key, "runner-b"};

  EXPECT_THROW(store.append(sampleEntry("c1", AuditState::kStarted, "runner-b"), stale),
               LockLostError);
  EXPECT_TRUE(store.readHistory().empty());
}

TEST(DynamoDBAuditStoreTest, AppendingTheSameEntryTwiceIsIdempotent) {
  auto store = freshStore(*localTarget());
  store.initialize();
  auto lock = heldLock(store, "runner-a");
  AuditEntry entry = sampleEntry("c1", AuditState::kStarted);

  store.append(entry, lock->fence());
  store.append(entry, lock->fence());

  EXPECT_EQ(store.readHistory().size(), 1u);
}

TEST(DynamoDBAuditStoreTest, RefusesToOverwriteAnotherRunnersEntry) {
  auto store = freshStore(*localTarget());
  store.initialize();
  auto lock = heldLock(store, "runner-a");
  AuditEntry entry = sampleEntry("c1", AuditState::kStarted);
  store.append(entry, lock->fence());
  AuditEntry impostor = entry;
  impostor.runner_id = "runner-z";

  EXPECT_THROW(store.append(impostor, lock->fence()), Error);
  EXPECT_EQ(store.readHistory().at(0).runner_id, "runner-a");
}

}  // namespace
}  // namespace flamingock::test
