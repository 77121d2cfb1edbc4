// Unit tests of the orders service's changes with the test kit (<flamingock/testing.h>): the
// service's own pipeline on the in-memory audit store, from audit logs a deployment may leave.
// Nothing here applies a change (they need DynamoDB: see orders_service_dynamodb_test.cpp); these
// tests pin what the engine decides from the log for these changes, their ids, recovery
// strategies and rollbacks.
#include <flamingock/flamingock.h>
#include <flamingock/testing.h>
#include <gtest/gtest.h>

#include <memory>

#include "orders_changes.h"

namespace {

using namespace flamingock::testing;

// The service's changes, on an in-memory target: the in-memory store commits its transactions
// as DynamoDB's store commits those of the transactional seed-first-orders.
flamingock::FlamingockBuilder ordersPipeline() {
  auto builder = flamingock::Flamingock::builder();
  builder.addTargetSystems({std::make_shared<InMemoryTargetSystem>("dynamodb")}).setLogger(nullptr);
  orders::addOrdersChanges(builder);
  return builder;
}

TEST(OrdersChangesTest, ADeploymentWithEveryChangeAppliedRunsNothing) {
  givenBuilder(ordersPipeline())
      .andExistingAudit({applied("create-orders-table"), applied("seed-first-orders"),
                         applied("add-order-status"), applied("backfill-total-cents")})
      .whenRun()
      .thenExpectNoError()
      .thenExpectAuditSequence({});
}

TEST(OrdersChangesTest, AFailedTableCreationStopsTheServiceForAPerson) {
  givenBuilder(ordersPipeline())
      .andExistingAudit({started("create-orders-table"), failed("create-orders-table")})
      .whenRun()
      .thenExpectError<flamingock::ManualInterventionRequiredError>("create-orders-table")
      .thenExpectAuditSequence({});
}

TEST(OrdersChangesTest, TheBackfillCannotBeUndone) {
  givenBuilder(ordersPipeline())
      .andExistingAudit({applied("create-orders-table"), applied("seed-first-orders"),
                         applied("add-order-status"), applied("backfill-total-cents")})
      .whenUndo({.count = 1})
      .thenExpectError<flamingock::Error>("backfill-total-cents")
      .thenExpectAuditSequence({});
}

TEST(OrdersChangesTest, TheStatusIsTheNewestChangeThatCanBeUndone) {
  auto outcome = givenBuilder(ordersPipeline())
                     .andExistingAudit({applied("create-orders-table"),
                                        applied("seed-first-orders"), applied("add-order-status")})
                     .whenUndo({.count = 1, .dry_run = true});

  outcome.thenExpectNoError().thenExpectAuditSequence({});
  ASSERT_EQ(outcome.undoSummary().changes.size(), 1u);
  EXPECT_EQ(outcome.undoSummary().changes[0].change_id, "add-order-status");
}

TEST(OrdersChangesTest, AnInterruptedBackfillIsPendingNotAProblemForAPerson) {
  auto outcome =
      givenBuilder(ordersPipeline())
          .andExistingAudit({applied("create-orders-table"), applied("seed-first-orders"),
                             applied("add-order-status"), started("backfill-total-cents")})
          .whenValidate();

  outcome.thenExpectNoError().thenExpectAuditSequence({});
  ASSERT_EQ(outcome.validationReport().problems.size(), 1u);
  EXPECT_EQ(outcome.validationReport().problems[0].change_id, "backfill-total-cents");
  EXPECT_EQ(outcome.validationReport().problems[0].kind, flamingock::ProblemKind::kPending);
}

}  // namespace
