// What a change sees while it runs: its target systems, its own info, the run's metadata and, for
// a transactional change, the open transaction of its target.
//
//   void apply(flamingock::ChangeContext& ctx) override {
//     auto& db = ctx.target<dynamodb::DynamoDBTargetSystem>().client();
//     auto& other = ctx.target<MyTarget>("reports");
//     auto& tx = ctx.transaction<dynamodb::DynamoDBTransaction>();  // transactional changes only
//   }
//
// A context lives for one apply or rollback call and is used from that call's thread only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "flamingock/change.h"
#include "flamingock/change_progress.h"
#include "flamingock/error.h"
#include "flamingock/metadata.h"
#include "flamingock/target_system.h"

namespace flamingock {

class ChangeContext {
 public:
  // The engine builds contexts; tests of a user's change may too. `target` may be null (a change
  // with no target system), `transaction` is null unless the change is transactional, `progress`
  // may be null (none offered), `phase` says whether the context is given to the change's apply
  // or its rollback. All referenced objects must outlive the context.
  ChangeContext(const ChangeInfo& info, const std::string& execution_id, const Metadata& metadata,
                TargetSystem* target, const std::vector<TargetSystem*>& all_targets,
                TargetTransaction* transaction = nullptr, ChangeProgress* progress = nullptr,
                ChangePhase phase = ChangePhase::kApply);

  const ChangeInfo& change() const { return info_; }
  const std::string& executionId() const { return execution_id_; }
  const Metadata& metadata() const { return metadata_; }
  // What long-running work keeps its progress with (change_progress.h). Throws Error naming the
  // change when the context was built without one (a context made by hand in a test).
  ChangeProgress& progress() const;
  ChangePhase phase() const { return phase_; }
  // For long-running work (data migrations): the index of the piece starting now among those
  // started with this context, 0 for the first: its ProgressKey::index, so two pieces of one
  // change never share a progress record.
  int startMigration() { return migrations_started_++; }

  // The change's target system as `T`. Throws Error naming the change, the target and `T` when
  // the change has no target system or it is not a `T`.
  template <class T>
  T& target() {
    return as<T>(requireOwnTarget(), "target system");
  }

  // The registered target system `id` as `T`; throws Error naming the change, `id` and `T` when
  // there is no such target or it is not a `T`.
  template <class T>
  T& target(std::string_view id) {
    return as<T>(requireTarget(id), "target system");
  }

  // Whether the change runs in a transaction (declared transactional).
  bool inTransaction() const { return transaction_ != nullptr; }

  // The open transaction of the change's target as `T`, where the change adds its writes. Throws
  // Error naming the change when it is not transactional or the transaction is not a `T`.
  template <class T>
  T& transaction() {
    return as<T>(requireTransaction(), "transaction");
  }

 private:
  TargetSystem& requireOwnTarget() const;
  TargetSystem& requireTarget(std::string_view id) const;
  TargetTransaction& requireTransaction() const;
  [[noreturn]] void throwWrongType(std::string_view what, const std::type_info& actual,
                                   const std::type_info& expected) const;

  template <class T, class Base>
  T& as(Base& object, std::string_view what) const {
    if (auto* typed = dynamic_cast<T*>(&object)) return *typed;
    throwWrongType(what, typeid(object), typeid(T));
  }

  const ChangeInfo& info_;
  const std::string& execution_id_;
  const Metadata& metadata_;
  TargetSystem* target_;
  const std::vector<TargetSystem*>& all_targets_;
  TargetTransaction* transaction_;
  ChangeProgress* progress_;
  ChangePhase phase_;
  int migrations_started_ = 0;
};

}  // namespace flamingock
