// Given / when / then for unit tests of a service's own changes, as Flamingock Java's
// FlamingockTestSupport: the audit log a test starts from, one lifecycle command, and what that
// command wrote to the log and threw.
//
//   using namespace flamingock::testing;
//   auto builder = Flamingock::builder();
//   builder.addTargetSystems({std::make_shared<InMemoryTargetSystem>("kv")})
//       .addChange<CreateOrders>()
//       .addChange<SeedOrders>();
//   givenBuilder(builder)                                  // no store set: an InMemoryAuditStore
//       .andExistingAudit({applied("create-orders")})
//       .whenRun()
//       .thenExpectNoError()
//       .thenExpectAuditSequence({started("seed-orders"), applied("seed-orders")});
//
// The checks throw ExpectationError, which a GoogleTest test reports as a failure ("C++ exception
// with description "..." thrown in the test body"), as Catch2 and others report theirs; the kit
// itself depends on no test framework. A when-method never throws what the command threw: the
// outcome keeps it for thenExpectError, and the other checks refuse to pass over it.
#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>
#include <vector>

#include "flamingock/audit_entry.h"
#include "flamingock/audit_store.h"
#include "flamingock/builder.h"
#include "flamingock/error.h"
#include "flamingock/lifecycle.h"
#include "flamingock/run_summary.h"

namespace flamingock::testing {

// A check of the test kit failed; the message says what was expected and what happened.
class ExpectationError : public Error {
 public:
  using Error::Error;
};

// Audit entries of `change_id` in one state (`applied("create-orders")`), for andExistingAudit
// (where the other fields get defaults: stage "default", author "test", no checksum, so no drift)
// and for thenExpectAuditSequence (which compares change id and state). Set fields on the returned
// value to seed more, for example a checksum that differs from the code's.
struct EntryInState {
  AuditState state;
  AuditEntry operator()(std::string change_id) const;
};
inline constexpr EntryInState started{AuditState::kStarted};
inline constexpr EntryInState applied{AuditState::kApplied};
inline constexpr EntryInState failed{AuditState::kFailed};
inline constexpr EntryInState rolledBack{AuditState::kRolledBack};
inline constexpr EntryInState rollbackFailed{AuditState::kRollbackFailed};
inline constexpr EntryInState manualMarkedAsApplied{AuditState::kManualMarkedAsApplied};
inline constexpr EntryInState manualMarkedAsRolledBack{AuditState::kManualMarkedAsRolledBack};

// What one when-method did: the entries it added to the log, what it threw, and its result. The
// checks return the outcome, so they chain; each throws ExpectationError when it does not hold.
class Outcome {
 public:
  // The entries the command added, in the order the store lists them (the order written, for
  // InMemoryAuditStore), are `expected` by change id and state. An error the command threw must
  // be expected first (thenExpectError), so that a failure never passes unseen.
  Outcome& thenExpectAuditSequence(const std::vector<AuditEntry>& expected);

  // The command threw an `E` (or a type derived from it) whose message contains `message_part`.
  template <class E>
  Outcome& thenExpectError(std::string_view message_part = {}) {
    return expectError(
        typeid(E), [](const std::exception& e) { return dynamic_cast<const E*>(&e) != nullptr; },
        message_part);
  }

  // The command threw nothing.
  Outcome& thenExpectNoError();

  // For checks of your own. Each throws ExpectationError when the command was another or threw.
  const RunSummary& runSummary() const;
  const UndoSummary& undoSummary() const;
  const ValidationReport& validationReport() const;
  const std::vector<AuditEntry>& writtenEntries() const { return written_; }

 private:
  friend class TestSupport;
  explicit Outcome(std::string action) : action_(std::move(action)) {}
  Outcome& expectError(const std::type_info& type, bool (*matches)(const std::exception&),
                       std::string_view message_part);
  void requireNoUnexpectedError(std::string_view check) const;
  // What the command threw, as "<type>: <message>"; empty when it threw nothing.
  std::string errorText() const;

  std::string action_;  // "whenRun()", ...
  std::vector<AuditEntry> written_;
  std::exception_ptr error_;
  bool error_expected_ = false;
  std::optional<RunSummary> run_summary_;
  std::optional<UndoSummary> undo_summary_;
  std::optional<ValidationReport> validation_report_;
};

// A builder under test and its audit log. The first when-method builds the runner (a
// ValidationError of the build is that command's error); later ones reuse it, so a test may run,
// then undo, and check each.
class TestSupport {
 public:
  // Takes the builder's contents, as build() does. Without an audit store, sets an
  // InMemoryAuditStore on it. With another store (a DynamoDBAuditStore on a LocalDynamoDB), the
  // when- and then-methods work alike; only andExistingAudit needs the in-memory one.
  explicit TestSupport(FlamingockBuilder builder);
  TestSupport(TestSupport&&) noexcept;
  TestSupport& operator=(TestSupport&&) noexcept;
  ~TestSupport();

  // Appends `entries` to the log, in order, before the first when-method; each without a
  // created_at gets one in 2001, a millisecond after the previous, so that runs (on any clock)
  // come after. Throws ExpectationError when the store is not an InMemoryAuditStore.
  TestSupport& andExistingAudit(const std::vector<AuditEntry>& entries);

  Outcome whenRun(const RunOptions& options = {});
  Outcome whenUndo(const UndoOptions& options = {});
  Outcome whenValidate(const ValidateOptions& options = {});

  // The store the commands write to, for checks of your own.
  const std::shared_ptr<AuditStore>& auditStore() const { return store_; }

 private:
  template <class Command>
  Outcome when(std::string action, Command command);

  FlamingockBuilder builder_;
  std::shared_ptr<AuditStore> store_;
  std::optional<Runner> runner_;
  std::exception_ptr build_error_;  // what build() threw; then runner_ stays empty
  int seeded_ = 0;  // entries given so far, which number their times and execution ids
};

// Starts a test of `builder`'s pipeline; the builder is left empty, as after build().
TestSupport givenBuilder(FlamingockBuilder& builder);
TestSupport givenBuilder(FlamingockBuilder&& builder);

}  // namespace flamingock::testing
