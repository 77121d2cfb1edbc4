// The store's tables as DynamoDB global tables (docs/operations.md#several-regions): DynamoDB
// Local has no replicas, so a FaultProxy adds them to DescribeTable's answers (GlobalTables), and
// counts what each Region's run sends.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "dynamodb/store/audit_item.h"
#include "flamingock/flamingock.h"
#include "support/fault_proxy.h"
#include "support/global_tables.h"
#include "support/recording.h"
#include "support/scoped_environment.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using dynamodb::DynamoDBAuditStore;
using dynamodb::DynamoDBTargetSystem;
using dynamodb::DynamoDBTransaction;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kHome[] = "us-east-1";
constexpr char kOther[] = "eu-west-1";

// Puts the item "a" into a data table, in the change's transaction when it has one.
class PutItemChange : public Change {
 public:
  PutItemChange(std::string id, std::string table, bool transactional)
      : id_(std::move(id)), table_(std::move(table)), transactional_(transactional) {}
  ChangeInfo info() const override {
    return {.id = id_, .order = id_, .author = "ana", .transactional = transactional_};
  }
  void apply(ChangeContext& ctx) override {
    dynamodb::Put put{.table_name = table_, .item = dataItem(id_)};
    if (ctx.inTransaction()) {
      ctx.transaction<DynamoDBTransaction>().put(std::move(put));
    } else {
      ctx.target<DynamoDBTargetSystem>().client().putItem({put.table_name, put.item});
    }
  }

 private:
  std::string id_;
  std::string table_;
  bool transactional_;
};

class LinesLogger : public Logger {
 public:
  void log(const LogRecord& record) override {
    lines.add(std::string(toString(record.level)) + " " + record.message);
  }

  Recording<std::string> lines;
};

class GlobalTablesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    environment_.unset("FLAMINGOCK_HOME_REGION");
    auto direct = localTarget();
    DynamoDBAuditStore created = freshStore(*direct);
    created.initialize();
    audit_table_ = created.options().audit_table_name;
    lock_table_ = created.options().lock_table_name;
    data_table_ = createDataTable(direct->client(), "data");
  }

  // Both store tables replicated in the home Region and the other one.
  void replicateStoreTables(bool strong = false) {
    for (const std::string& table : {audit_table_, lock_table_}) {
      global_.replicate(table, {kHome, kOther}, strong);
    }
  }

  dynamodb::ClientConfig configIn(const std::string& region) {
    dynamodb::ClientConfig config = localClientConfig();
    config.region = region;
    config.endpoint = proxy_.url();
    return config;
  }

  // A store in `region` on this test's tables, through the proxy.
  DynamoDBAuditStore storeIn(const std::string& region) {
    return DynamoDBAuditStore(configIn(region))
        .withAuditRepositoryName(audit_table_)
        .withLockRepositoryName(lock_table_);
  }

  Runner runnerOf(const DynamoDBAuditStore& store, std::vector<std::string> ids,
                  bool transactional = false) {
    FlamingockBuilder builder = Flamingock::builder();
    builder.setAuditStore(store)
        .addTargetSystems({std::make_shared<DynamoDBTargetSystem>(
            "dynamodb", dynamodb::Client(store.client().config()))})
        .setLockOptions(lock_options_)
        .setLogger(logger_);
    for (const std::string& id : ids) {
      builder.addChange(std::make_unique<PutItemChange>(id, data_table_, transactional));
    }
    return builder.build();
  }

  // The APPLIED entry of `change_id` as the home Region's run wrote it, put straight into the
  // audit table (not through the proxy), as replication brings it.
  void homeRegionApplied(const std::string& change_id) {
    AuditEntry entry = sampleEntry(change_id, AuditState::kApplied, "home-runner");
    entry.checksum.clear();  // an entry without a checksum never drifts
    localTarget()->client().putItem(
        {.table_name = audit_table_, .item = dynamodb::detail::toAuditItem(entry)});
  }

  ScopedEnvironment environment_;
  FaultProxy proxy_{localDynamoDbEndpoint()};
  GlobalTables global_{proxy_};
  std::shared_ptr<LinesLogger> logger_ = std::make_shared<LinesLogger>();
  LockOptions lock_options_ = shortLease();
  std::string audit_table_;
  std::string lock_table_;
  std::string data_table_;
};

TEST_F(GlobalTablesTest, EventualReplicasWithoutAHomeRegionRefuseBeforeAnyWrite) {
  global_.replicate(audit_table_, {kHome, kOther});
  Runner runner = runnerOf(storeIn(kOther), {"a"});

  try {
    runner.run();
    FAIL() << "expected ConfigurationError";
  } catch (const ConfigurationError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr(audit_table_), HasSubstr("us-east-1 (ACTIVE)"),
                                HasSubstr("withHomeRegion"), HasSubstr("--home-region"),
                                HasSubstr("FLAMINGOCK_HOME_REGION")));
  }
  EXPECT_EQ(writeRequestCount(proxy_), 0);
}

TEST_F(GlobalTablesTest, TheHomeRegionRunsAsUsual) {
  replicateStoreTables();
  DynamoDBAuditStore store = storeIn(kHome).withHomeRegion(kHome);

  RunSummary summary = runnerOf(store, {"a"}).run();

  EXPECT_EQ(summary.applied(), 1u);
  EXPECT_EQ(store.role().describe(), "home Region us-east-1");
  EXPECT_TRUE(hasItem(localTarget()->client(), data_table_, "a"));
}

TEST_F(GlobalTablesTest, AFollowerSendsNoWriteAndGoesOnOnceTheHomeRegionsAppliedArrives) {
  replicateStoreTables();
  // Replication, once the follower waits: it has looked at the lock item.
  std::thread home([&] {
    while (proxy_.requestCount("GetItem", lock_table_) == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    homeRegionApplied("a");
  });

  RunSummary summary = runnerOf(storeIn(kOther).withHomeRegion(kHome), {"a"}).run();
  home.join();

  ASSERT_EQ(summary.changes.size(), 1u);
  EXPECT_EQ(summary.changes[0].status, ChangeStatus::kSkipped);
  EXPECT_EQ(summary.changes[0].reason, "applied in home Region us-east-1");
  EXPECT_EQ(writeRequestCount(proxy_), 0);
  EXPECT_FALSE(hasItem(localTarget()->client(), data_table_, "a"));
}

TEST_F(GlobalTablesTest, AFollowerGivesUpAfterTheLockTimeoutNamingTheHomeRegion) {
  replicateStoreTables();
  lock_options_.acquire_timeout = std::chrono::milliseconds(500);

  try {
    runnerOf(storeIn(kOther).withHomeRegion(kHome), {"a"}).run();
    FAIL() << "expected LockTimeoutError";
  } catch (const LockTimeoutError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("home Region us-east-1"), HasSubstr("'a'")));
  }
  EXPECT_EQ(writeRequestCount(proxy_), 0);
}

TEST_F(GlobalTablesTest, AFollowerRefusesToTakeOrReleaseTheLockNamingTheHomeRegion) {
  replicateStoreTables();
  DynamoDBAuditStore store = storeIn(kOther).withHomeRegion(kHome);
  auto clock = std::make_shared<testing::FakeClock>();

  EXPECT_THAT([&] { store.createLock(shortLease(), "undo-runner", clock); },
              ::testing::ThrowsMessage<ConfigurationError>(HasSubstr("home Region us-east-1")));
  EXPECT_THAT([&] { store.forceReleaseLock({.key = "DEFAULT_KEY", .owner = "dead-runner"}); },
              ::testing::ThrowsMessage<ConfigurationError>(HasSubstr("home Region us-east-1")));
  EXPECT_EQ(writeRequestCount(proxy_), 0);
}

TEST_F(GlobalTablesTest, TheHomeRegionMayComeFromTheEnvironment) {
  replicateStoreTables();
  environment_.set("FLAMINGOCK_HOME_REGION", kHome);

  EXPECT_EQ(storeIn(kOther).role().writesElsewhere(), kHome);
  EXPECT_EQ(storeIn(kOther).withHomeRegion(kOther).role().kind, StoreRole::Kind::kHome);
}

TEST_F(GlobalTablesTest, AHomeRegionThatIsNoneOfTheTablesRegionsIsRefused) {
  replicateStoreTables();

  EXPECT_THAT([&] { storeIn(kOther).withHomeRegion("ap-south-1").role(); },
              ::testing::ThrowsMessage<ConfigurationError>(
                  HasSubstr("home Region 'ap-south-1' (from withHomeRegion)")));
}

TEST_F(GlobalTablesTest, StrongConsistencyRunsInAnyRegion) {
  replicateStoreTables(/*strong=*/true);
  DynamoDBAuditStore store = storeIn(kOther);

  RunSummary summary = runnerOf(store, {"a"}).run();

  EXPECT_EQ(summary.applied(), 1u);
  EXPECT_EQ(store.role().kind, StoreRole::Kind::kAnywhere);
}

TEST_F(GlobalTablesTest, TransactionalChangesOnEventualGlobalTablesRunWithAWarning) {
  global_.replicate(data_table_, {kHome, kOther});

  RunSummary summary = runnerOf(storeIn(kHome), {"a", "b"}, /*transactional=*/true).run();

  EXPECT_EQ(summary.applied(), 2u);
  int warnings = 0;
  for (const std::string& line : logger_->lines.values()) {
    if (line.starts_with("warn") && line.find(data_table_) != std::string::npos) ++warnings;
  }
  EXPECT_EQ(warnings, 2);                                           // one per change
  EXPECT_EQ(proxy_.requestCount("DescribeTable", data_table_), 1);  // described once per run
}

}  // namespace
}  // namespace flamingock::test
