// A target system: what changes act on (a DynamoDB account, a test double, ...).
//
// A target system has an id, by which changes name it (`ChangeInfo::target_system_id`), and may
// offer transactions: for a transactional change the engine asks the target to begin a
// `TargetTransaction`, the change adds its writes to it during apply (through
// `ChangeContext::transaction<T>()`), and the audit store commits those writes together with the
// APPLIED entry and its lock check, all or nothing (`AuditStore::commitTransaction`).
//
//   class MyTarget : public flamingock::TargetSystem {
//    public:
//     MyTarget() : TargetSystem("mine") {}
//   };
//   Flamingock::builder().addTargetSystems({std::make_shared<MyTarget>()});
#pragma once

#include <memory>
#include <string>

namespace flamingock {

// Writes of one transactional change, collected during its apply and not yet visible to anyone.
// Opaque to the engine: only the target that made it and an audit store that can commit it know
// its concrete type. Discarding it (destroying without commit) must leave no trace.
class TargetTransaction {
 public:
  virtual ~TargetTransaction() = default;
};

// Implementations must be usable from the runner's thread while other threads use their own
// objects; the engine itself never calls a target from two threads at once.
class TargetSystem {
 public:
  explicit TargetSystem(std::string id) : id_(std::move(id)) {}
  virtual ~TargetSystem() = default;

  // Unique among the registered target systems.
  const std::string& id() const { return id_; }

  // Whether `beginTransaction` works. False by default.
  virtual bool supportsTransactions() const { return false; }

  // A new, empty transaction for one change. Called only when `supportsTransactions()`; the
  // default throws ConfigurationError naming the target.
  virtual std::unique_ptr<TargetTransaction> beginTransaction();

 private:
  std::string id_;
};

}  // namespace flamingock
