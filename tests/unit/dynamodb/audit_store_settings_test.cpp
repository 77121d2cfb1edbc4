// DynamoDBAuditStore's settings that need no server: table names checked once both are set, and
// which target systems may share the store's transactions.
#include "flamingock/dynamodb/audit_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_dynamodb.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

// A config whose every request would fail: a check that must come first shows by its message.
ClientConfig unreachableConfig() {
  ClientConfig config = fakeConfig();
  config.retry_policy.max_attempts = 1;
  return config;
}

ClientConfig withKeys(const std::string& access_key_id) {
  ClientConfig config = unreachableConfig();
  config.credentials = staticCredentials(
      {.access_key_id = access_key_id, .secret_access_key = "secret-of-" + access_key_id});
  return config;
}

TEST(AuditStoreSettingsTest, TableNamesMayBeSwappedInEitherOrder) {
  DynamoDBAuditStore store(unreachableConfig());

  store.withAuditRepositoryName("flamingockLock").withLockRepositoryName("ordersLock");
  DynamoDBAuditStore other(unreachableConfig());
  other.withLockRepositoryName("flamingockAuditLog").withAuditRepositoryName("ordersAudit");

  EXPECT_EQ(store.options().audit_table_name, "flamingockLock");
  EXPECT_EQ(store.options().lock_table_name, "ordersLock");
  EXPECT_EQ(other.options().audit_table_name, "ordersAudit");
  EXPECT_EQ(other.options().lock_table_name, "flamingockAuditLog");
}

TEST(AuditStoreSettingsTest, OneNameForBothTablesFailsWhenTheStoreIsUsed) {
  DynamoDBAuditStore store(unreachableConfig());
  store.withAuditRepositoryName("shared").withLockRepositoryName("shared");

  EXPECT_THAT([&] { store.initialize(); },
              ThrowsMessage<ConfigurationError>(HasSubstr("both are named 'shared'")));
  EXPECT_THAT([&] { store.readHistory(); },
              ThrowsMessage<ConfigurationError>(HasSubstr("both are named 'shared'")));
  EXPECT_THAT([&] { store.lockTable().read("flamingock"); },
              ThrowsMessage<ConfigurationError>(HasSubstr("both are named 'shared'")));
}

TEST(AuditStoreSettingsTest, HomeRegionMustBeARegionName) {
  DynamoDBAuditStore store(unreachableConfig());

  EXPECT_THAT([&] { store.withHomeRegion("us-east-1/x"); },
              ThrowsMessage<ConfigurationError>(HasSubstr("'us-east-1/x' from withHomeRegion")));
  EXPECT_THAT([&] { store.withHomeRegion(""); },
              ThrowsMessage<ConfigurationError>(HasSubstr("withHomeRegion needs a Region name")));
  EXPECT_EQ(store.withHomeRegion("eu-west-1").options().home_region, "eu-west-1");
}

TEST(AuditStoreSettingsTest, SharesTransactionsOnlyWithTheSameCredentials) {
  DynamoDBAuditStore store(withKeys("AKIDSTORE"));
  DynamoDBTargetSystem same_keys("same", Client(withKeys("AKIDSTORE")));
  DynamoDBTargetSystem other_keys("other", Client(withKeys("AKIDOTHER")));

  EXPECT_TRUE(store.canCommitTransactionsOf(same_keys));
  EXPECT_FALSE(store.canCommitTransactionsOf(other_keys));
}

TEST(AuditStoreSettingsTest, AStoreMadeFromATargetSharesItsTransactions) {
  DynamoDBTargetSystem target("target", Client(withKeys("AKIDTARGET")));

  EXPECT_TRUE(DynamoDBAuditStore::from(target).canCommitTransactionsOf(target));
}

}  // namespace
}  // namespace flamingock::dynamodb::testing
