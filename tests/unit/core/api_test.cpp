// The shape of the README's first example, with the in-memory store and target standing in for
// DynamoDB: if this compiles and runs, so does a user's program written like it.
#include <gtest/gtest.h>

#include <stdexcept>

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

// As SPEC §1's change: it overrides rollback alone, and its apply fails half-way.
class AddOrderIndex : public Change {
 public:
  ChangeInfo info() const override { return {.id = "add-order-index", .order = "0002"}; }
  void apply(ChangeContext& ctx) override {
    ctx.target<flamingock::testing::InMemoryTargetSystem>().put("index", "half-built");
    throw std::runtime_error("index build interrupted");
  }
  void rollback(ChangeContext& ctx) override {
    ctx.target<flamingock::testing::InMemoryTargetSystem>().put("index", "removed");
  }
};

TEST(ApiTest, ARollbackOverriddenAloneRunsAfterAFailedApply) {
  auto target = std::make_shared<flamingock::testing::InMemoryTargetSystem>("dynamodb");
  flamingock::testing::InMemoryAuditStore auditStore;
  Runner runner = Flamingock::builder()
                      .setAuditStore(auditStore)
                      .addTargetSystems({target})
                      .addChange<AddOrderIndex>()
                      .build();

  EXPECT_THROW(runner.run(), Error);

  EXPECT_EQ(target->get("index"), "removed");
  EXPECT_EQ(auditStore.readHistory().back().state, AuditState::kRolledBack);
}

TEST(ApiTest, ASpecExampleChangeCanBeUndone) {
  auto target = std::make_shared<flamingock::testing::InMemoryTargetSystem>("dynamodb");
  flamingock::testing::InMemoryAuditStore auditStore;
  Runner runner = Flamingock::builder()
                      .setAuditStore(auditStore)
                      .addTargetSystems({target})
                      .addChange<CreateOrdersTable>()
                      .build();
  runner.run();

  UndoSummary undone = runner.undo({});

  ASSERT_EQ(undone.changes.size(), 1u);
  EXPECT_EQ(auditStore.readHistory().back().state, AuditState::kRolledBack);
}

}  // namespace app
