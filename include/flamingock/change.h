// A change unit: code that runs exactly once, in order, across every instance of a service.
//
//   class CreateOrdersTable : public flamingock::Change {
//    public:
//     flamingock::ChangeInfo info() const override {
//       return {.id = "create-orders-table", .order = "0001", .author = "ana"};
//     }
//     void apply(flamingock::ChangeContext& ctx) override { /* create the table */ }
//     void rollback(flamingock::ChangeContext& ctx) override { /* optional: delete it */ }
//   };
//
// The engine calls a change's methods from one thread at a time; a change need not be thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

namespace flamingock {

class ChangeContext;

// What to do with a change whose previous attempt was left unfinished (STARTED, FAILED,
// ROLLBACK_FAILED): stop and ask a person (the default, Flamingock's), or apply it again.
enum class RecoveryStrategy { kManualIntervention, kAlwaysRetry };

// Which of a change's methods runs: its apply or its rollback.
enum class ChangePhase { kApply, kRollback };

// "apply" / "rollback".
const char* toString(ChangePhase phase);

// Whether a change is code (C++) or a template (YAML); recorded as the audit entry's `type`.
enum class ChangeType { kStandardCode, kStandardTemplate };

// A change's identity and how it runs. Fields are in this order so designated initialisers work:
//   {.id = "add-index", .order = "0002", .author = "ana", .transactional = true}
struct ChangeInfo {
  std::string id{};                      // unique in the pipeline; the audit log's key
  std::string order{};                   // unique in its stage; changes run sorted by it (as text)
  std::string author{};                  // recorded in the audit log
  std::optional<std::string> version{};  // bump it to mark a deliberate edit; part of the checksum
  // False by default, unlike Flamingock Java: DynamoDB DDL (createTable...) cannot run in a
  // transaction. When true, the change's writes and its APPLIED entry commit together.
  bool transactional = false;
  RecoveryStrategy recovery = RecoveryStrategy::kManualIntervention;  // see RecoveryStrategy
  std::string target_system_id{};  // empty: the only registered target system
  bool enabled = true;             // false: never run and nothing recorded, until enabled again
  // Empty: runs under any profiles. Otherwise runs when any expression holds: "dev" when dev is
  // active, "!prod" when prod is not (Flamingock's and Spring's rule).
  std::vector<std::string> profiles{};
  // True: a background change, whose apply is exactly one long-running piece of work (an
  // ItemMigration). A run that reaches it records STARTED and starts its job, which the fleet's
  // workers do; the run goes on with later changes (docs/operations.md#background-migrations).
  bool background = false;
  // Background changes, earlier in the pipeline, that must be finished before this one applies: a
  // run reaching it works on their jobs itself until they are. (YAML `requires`; `requires` is a
  // C++ keyword.)
  std::vector<std::string> needs{};
};

// How a change appears in the audit log. Code changes keep the defaults; templates (YAML) say
// which template, which operations and which file.
struct ChangeOrigin {
  ChangeType type = ChangeType::kStandardCode;
  std::string invoked_class{};               // empty: the change's C++ type name
  std::string apply_method = "apply";        // recorded on entries of the apply
  std::string rollback_method = "rollback";  // recorded on entries of the rollback
  std::string source_file{};                 // empty: none (code changes)
};

class Change {
 public:
  virtual ~Change() = default;

  // Identity and options. Must return the same value at every call.
  virtual ChangeInfo info() const = 0;

  // Makes the change. Throw to report failure (any exception, std or not).
  virtual void apply(ChangeContext& ctx) = 0;

  // Undoes `apply`: after a failed apply (not of a transactional change, whose writes were never
  // committed) and in `undo`. Called only when `hasRollback()` says true; the default throws
  // Error, as the change has no rollback.
  virtual void rollback(ChangeContext& ctx);

  // Whether the change has a rollback, the one answer the engine asks: when false, a failed apply
  // records only FAILED, and `undo` refuses, before touching anything, to select the change. By
  // default, whether its class overrides `rollback`, as the builder sees it in `addChange<T>()`
  // or `addChange(std::unique_ptr<T>)`; false for a change the builder sees only as a `Change`
  // (override this then, as YAML changes do).
  virtual bool hasRollback() const;

  // Identifies this version of the change; recorded when applied and compared on later runs
  // (drift). By default the checksum of id, order and version; templates use their file content.
  virtual std::string checksum() const;

  // How the change is described in the audit log.
  virtual ChangeOrigin origin() const;

 private:
  friend class FlamingockBuilder;  // tells it whether the class overrides rollback
  bool overrides_rollback_ = false;
};

// The FNV-1a 64-bit hash of `text` as 16 lowercase hex digits: stable across runs, compilers and
// platforms. The checksum scheme of changes.
std::string checksumOf(std::string_view text);

namespace detail {

// A readable name of a C++ type ("app::CreateOrdersTable").
std::string typeName(const std::type_info& type);

}  // namespace detail

}  // namespace flamingock
