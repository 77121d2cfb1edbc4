// The shape of the README's first example, with the in-memory store and target standing in for
// DynamoDB: if this compiles and runs, so does a user's program written like it.
#include <gtest/gtest.h>

#include "flamingock/flamingock.h"
#include "flamingock/testing.h"

namespace app {

using namespace flamingock;

class CreateOrdersTable : public Change {
 public:
  ChangeInfo info() const override {
    return {.id = "create-orders-table", .order = "0001", .author = "ana"};
  }
  void apply(ChangeContext& ctx) override {
    ctx.target<flamingock::testing::InMemoryTargetSystem>().put("orders", "created");
  }
  void rollback(ChangeContext&) override {}
  bool hasRollback() const override { return true; }
};

TEST(ApiTest, SpecExampleShapeCompilesAndRuns) {
  auto target = std::make_shared<flamingock::testing::InMemoryTargetSystem>("dynamodb");
  flamingock::testing::InMemoryAuditStore auditStore;

  RunSummary summary = Flamingock::builder()
                           .setAuditStore(auditStore)
                           .addTargetSystems({target})
                           .addChange<CreateOrdersTable>()
                           .build()
                           .run();

  EXPECT_EQ(summary.applied(), 1u);
  EXPECT_EQ(target->get("orders"), "created");
  EXPECT_EQ(auditStore.readHistory().size(), 2u) << "a store passed by value shares its log";
}

}  // namespace app
