// Shared arrangements for the engine's unit tests: scripted changes that record what ran, and a
// fixture with an in-memory store, a fake clock and builders preset with both.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "flamingock/flamingock.h"
#include "flamingock/testing.h"

namespace flamingock::test {

// What changes did, in order: "apply:<id>", "rollback:<id>".
using Journal = std::vector<std::string>;

// A change whose apply and rollback are given as functions; records each call in a journal.
class ScriptedChange : public Change {
 public:
  using Step = std::function<void(ChangeContext&)>;

  ScriptedChange(ChangeInfo info, std::shared_ptr<Journal> journal)
      : info_(std::move(info)), journal_(std::move(journal)) {}

  ScriptedChange& onApply(Step step) {
    apply_ = std::move(step);
    return *this;
  }
  // Without it the change has no rollback.
  ScriptedChange& onRollback(Step step) {
    rollback_ = std::move(step);
    return *this;
  }

  ChangeInfo info() const override { return info_; }
  void apply(ChangeContext& ctx) override {
    journal_->push_back("apply:" + info_.id);
    if (apply_) apply_(ctx);
  }
  void rollback(ChangeContext& ctx) override {
    if (!rollback_) Change::rollback(ctx);
    journal_->push_back("rollback:" + info_.id);
    rollback_(ctx);
  }
  bool hasRollback() const override { return static_cast<bool>(rollback_); }

 private:
  ChangeInfo info_;
  std::shared_ptr<Journal> journal_;
  Step apply_;
  Step rollback_;
};

class EngineTest : public ::testing::Test {
 protected:
  // A change "<id>" with order "<order>" by "ana", recorded in `journal`.
  std::unique_ptr<ScriptedChange> change(ChangeInfo info) {
    if (info.author.empty()) info.author = "ana";
    return std::make_unique<ScriptedChange>(std::move(info), journal);
  }
  std::unique_ptr<ScriptedChange> change(const std::string& id, const std::string& order) {
    return change(ChangeInfo{.id = id, .order = order});
  }

  // A builder with this fixture's store and clock.
  FlamingockBuilder builder() {
    FlamingockBuilder builder = Flamingock::builder();
    builder.setAuditStore(store).setClock(clock);
    return builder;
  }

  // The states recorded for `change_id`, in write order.
  std::vector<AuditState> statesOf(const std::string& change_id) {
    std::vector<AuditState> states;
    for (const AuditEntry& entry : store->readHistory()) {
      if (entry.change_id == change_id) states.push_back(entry.state);
    }
    return states;
  }

  // An entry as a previous run would have left it.
  AuditEntry previous(const std::string& change_id, AuditState state,
                      TxStrategy tx = TxStrategy::kNonTx) {
    AuditEntry entry;
    entry.execution_id = "earlier-run";
    entry.stage_id = "default";
    entry.change_id = change_id;
    entry.state = state;
    entry.tx_strategy = tx;
    entry.created_at = clock->wallNow() - std::chrono::hours(1);
    entry.execution_hostname = "host-a";
    return entry;
  }

  // Another runner holds the lock; acquiring it fails at once on the fake clock.
  void lockHeldElsewhere() { store->takeOverLock("DEFAULT_KEY", "other-runner"); }

  std::shared_ptr<Journal> journal = std::make_shared<Journal>();
  std::shared_ptr<testing::InMemoryAuditStore> store =
      std::make_shared<testing::InMemoryAuditStore>();
  std::shared_ptr<testing::FakeClock> clock = std::make_shared<testing::FakeClock>();
};

}  // namespace flamingock::test
