// DynamoDB's limits on one TransactWriteItems are checked before anything is sent: a commit over
// them is refused with a message naming the change, and no request reaches the server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/fault_proxy.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

class StoreLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override { store_.initialize(); }

  // A store on the same tables whose requests go through the proxy, so that they can be counted.
  dynamodb::DynamoDBAuditStore proxiedStore() {
    dynamodb::ClientConfig config = localClientConfig();
    config.endpoint = proxy_.url();
    proxied_target_ =
        std::make_shared<dynamodb::DynamoDBTargetSystem>("dynamodb", dynamodb::Client(config));
    return dynamodb::DynamoDBAuditStore::from(*proxied_target_)
        .withAuditRepositoryName(store_.options().audit_table_name)
        .withLockRepositoryName(store_.options().lock_table_name);
  }

  FaultProxy proxy_{localDynamoDbEndpoint()};
  std::shared_ptr<dynamodb::DynamoDBTargetSystem> direct_ = localTarget();
  dynamodb::DynamoDBAuditStore store_ = freshStore(*direct_);
  std::shared_ptr<dynamodb::DynamoDBTargetSystem> proxied_target_;
};

TEST_F(StoreLimitsTest, TransactionOverFourMegabytesIsRefusedBeforeSending) {
  dynamodb::DynamoDBAuditStore store = proxiedStore();
  auto lock = heldLock(store_, "runner-a");
  auto transaction = proxied_target_->beginTransaction();
  auto& writes = dynamic_cast<dynamodb::DynamoDBTransaction&>(*transaction);
  for (int i = 0; i < 11; ++i) {
    dynamodb::Item item = dataItem("big-" + std::to_string(i));
    item["payload"] = dynamodb::AttributeValue::string(std::string(390 * 1024, 'x'));
    writes.put({.table_name = "anywhere", .item = std::move(item)});
  }
  int requests_before = proxy_.requestCount();

  EXPECT_THAT(
      [&] {
        store.commitTransaction(*transaction, sampleEntry("big-change", AuditState::kApplied),
                                lock->fence());
      },
      ThrowsMessage<Error>(
          AllOf(HasSubstr("change 'big-change'"), HasSubstr("more than DynamoDB's 4194304"))));
  EXPECT_EQ(proxy_.requestCount(), requests_before);
}

}  // namespace
}  // namespace flamingock::test
