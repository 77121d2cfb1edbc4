// The example service's code changes, in the order they run:
//   0001 create-orders-table   creates the `orders` table; rollback deletes it
//   0002 seed-first-orders     transactional: three orders and their audit entry commit together
//   0003 add-order-status      gives every order a status; rollback removes it
//   0004 backfill-total-cents  a data migration: every order gets its total in cents
//                              (parallel, throttled, checkpointed; a re-run resumes)
#pragma once

#include <flamingock/flamingock.h>

namespace orders {

inline constexpr const char* kOrdersTable = "orders";

class CreateOrdersTable : public flamingock::Change {
 public:
  flamingock::ChangeInfo info() const override;
  void apply(flamingock::ChangeContext& ctx) override;
  void rollback(flamingock::ChangeContext& ctx) override;
  bool hasRollback() const override { return true; }
};

class SeedFirstOrders : public flamingock::Change {
 public:
  flamingock::ChangeInfo info() const override;
  void apply(flamingock::ChangeContext& ctx) override;
};

class AddOrderStatus : public flamingock::Change {
 public:
  flamingock::ChangeInfo info() const override;
  void apply(flamingock::ChangeContext& ctx) override;
  void rollback(flamingock::ChangeContext& ctx) override;
  bool hasRollback() const override { return true; }
};

class BackfillTotalCents : public flamingock::Change {
 public:
  flamingock::ChangeInfo info() const override;
  void apply(flamingock::ChangeContext& ctx) override;
};

// Adds the four changes, in order: what the service runs, and what its tests run.
void addOrdersChanges(flamingock::FlamingockBuilder& builder);

}  // namespace orders
