// A migration's capacity budget (docs/operations.md#steering-a-migration): a share of the table's
// provisioned units, or write units a second on an on-demand table, kept by waiting on the clock.
#include <gtest/gtest.h>

#include "dynamodb/migration/capacity_control.h"
#include "flamingock/testing.h"

namespace flamingock::dynamodb::detail {
namespace {

using std::chrono::seconds;

TableDescription provisioned(std::int64_t read, std::int64_t write) {
  return {.provisioned_throughput = {.read_capacity_units = read, .write_capacity_units = write}};
}

TEST(CapacityBudgetTest, IsAShareOfAProvisionedTablesUnits) {
  CapacityBudget budget = budgetOf({.max_capacity_percent = 20}, provisioned(500, 100));

  EXPECT_DOUBLE_EQ(budget.read_units, 100);
  EXPECT_DOUBLE_EQ(budget.write_units, 20);
}

TEST(CapacityBudgetTest, IsTheWriteUnitsPerSecondOnAnOnDemandTable) {
  TableDescription on_demand{.billing_mode = BillingMode::kPayPerRequest};

  CapacityBudget budget =
      budgetOf({.max_capacity_percent = 20, .max_write_units_per_second = 300}, on_demand);

  EXPECT_DOUBLE_EQ(budget.read_units, 0);
  EXPECT_DOUBLE_EQ(budget.write_units, 300);
}

TEST(CapacityBudgetTest, WithoutOptionsThereIsNone) {
  EXPECT_FALSE(budgetOf({}, provisioned(500, 100)).limits());
}

TEST(CapacityControlTest, UnitsConsumedBeyondTheBudgetAreWaitedFor) {
  testing::FakeClock clock;
  CapacityControl capacity({.read_units = 10, .write_units = 20}, clock);
  auto start = clock.monotonicNow();

  capacity.consumedWrite(20);  // a second's worth: no wait
  EXPECT_EQ(clock.monotonicNow(), start);
  capacity.consumedWrite(40);
  EXPECT_EQ(clock.monotonicNow() - start, seconds(2));
  capacity.consumedRead(10);  // reads have their own bucket
  EXPECT_EQ(clock.monotonicNow() - start, seconds(2));
}

}  // namespace
}  // namespace flamingock::dynamodb::detail
