// Assembling a pipeline: audit store, target systems, changes (in stages) and options.
//
//   Flamingock::builder()
//       .setAuditStore(auditStore)                  // by value, or a std::shared_ptr<AuditStore>
//       .addTargetSystems({target})
//       .addChange<CreateOrdersTable>()
//       .addMetadata("deployedBy", "ci")
//       .build()                                    // validates; throws ValidationError
//       .run();
//
// Every setter returns the builder, so calls chain. A builder is used from one thread.
#pragma once

#include <concepts>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "flamingock/audit_store.h"
#include "flamingock/change.h"
#include "flamingock/clock.h"
#include "flamingock/listener.h"
#include "flamingock/lock.h"
#include "flamingock/logger.h"
#include "flamingock/metadata.h"
#include "flamingock/runner.h"
#include "flamingock/target_system.h"

namespace flamingock {

class FlamingockBuilder {
 public:
  FlamingockBuilder();
  FlamingockBuilder(FlamingockBuilder&&) noexcept;
  FlamingockBuilder& operator=(FlamingockBuilder&&) noexcept;
  ~FlamingockBuilder();

  // The audit store, copied or moved in (copies of a store share its log).
  template <class Store>
  requires std::derived_from<std::decay_t<Store>, AuditStore> FlamingockBuilder& setAuditStore(
      Store&& store) {
    return setAuditStore(std::make_shared<std::decay_t<Store>>(std::forward<Store>(store)));
  }
  // The audit store, shared with the caller (for example between several runners).
  FlamingockBuilder& setAuditStore(std::shared_ptr<AuditStore> store);
  // The audit store set so far; null until set (testing::givenBuilder sets an in-memory one then).
  const std::shared_ptr<AuditStore>& auditStore() const;

  // Registers target systems; their ids must be unique.
  FlamingockBuilder& addTargetSystems(std::initializer_list<std::shared_ptr<TargetSystem>> targets);

  // Starts a new stage named `name`: changes added from now on belong to it. Stages run in the
  // order they were added. Changes added before any stage belong to the stage "default".
  FlamingockBuilder& addStage(std::string name);

  // Adds a default-constructed `T` to the current stage.
  template <class T>
  requires std::derived_from<T, Change> && std::default_initializable<T> FlamingockBuilder&
  addChange() {
    return addChange(std::make_unique<T>());
  }
  // Adds `change`; that `T` overrides `rollback` makes its default `hasRollback()` true.
  template <class T>
  requires std::derived_from<T, Change> &&
      (!std::same_as<T, Change>)FlamingockBuilder& addChange(std::unique_ptr<T> change) {
    // An override this builder cannot see (a private one) needs hasRollback() to say so.
    if constexpr (requires { &T::rollback; }) {
      if (change) {
        change->overrides_rollback_ =
            !std::is_same_v<decltype(&T::rollback), void (Change::*)(ChangeContext&)>;
      }
    }
    return addChange(std::unique_ptr<Change>(std::move(change)));
  }
  FlamingockBuilder& addChange(std::unique_ptr<Change> change);
  FlamingockBuilder& addChanges(std::vector<std::unique_ptr<Change>> changes);

  // Replaces the run's metadata, recorded on every audit entry.
  FlamingockBuilder& withMetadata(Metadata metadata);
  // Adds (or replaces) one metadata key.
  FlamingockBuilder& addMetadata(std::string key, std::string value);

  // When false, `build()` validates nothing and `run()` does nothing. Default true.
  FlamingockBuilder& setEnabled(bool enabled);
  // When true, `run()` plans and reports without taking the lock or writing. Default false.
  FlamingockBuilder& setDryRun(bool dry_run);
  // When true, an applied change whose checksum changed is skipped instead of raising DriftError.
  FlamingockBuilder& setDriftAllowed(bool allowed);
  // When true, `run()` applies nothing: it checks the log against the code (as
  // `Runner::validate`) and raises PendingChangesError when they disagree, for services that
  // must not start with their data behind. Default false.
  FlamingockBuilder& setValidationOnly(bool validation_only);
  // When true, after each successful `run()` the runner works on the running jobs of the
  // pipeline's background changes in a background thread, as `Runner::work` does, and keeps
  // looking for new ones, until `Runner::stopWorkers()` or its destruction. Default false.
  FlamingockBuilder& setBackgroundWorkers(bool enabled);
  // The active profiles (names of letters, digits, `_`, `.`, `-`); a change with profiles runs
  // when any of its expressions holds. Not called: FLAMINGOCK_ACTIVE_PROFILES ("a,b"), read by
  // `build()`. Throws OptionError naming a bad name (also `build()`, for the variable's).
  FlamingockBuilder& setActiveProfiles(std::vector<std::string> profiles);
  // Replaces the lock options whole (LockOptions' defaults until called); checked by `build()`.
  FlamingockBuilder& setLockOptions(LockOptions options);
  // The lock options as set so far, to change some fields and set them back:
  //
  //   LockOptions lock = builder.lockOptions();
  //   lock.key = "orders";
  //   builder.setLockOptions(lock);  // the lease, timeouts and intervals as they were
  //
  // The reference is valid until the next call on this builder.
  const LockOptions& lockOptions() const;
  FlamingockBuilder& addListener(std::shared_ptr<Listener> listener);
  // The clock of the run and its lock; `Clock::system()` by default.
  FlamingockBuilder& setClock(std::shared_ptr<Clock> clock);
  // Where the run's report goes: a line per change applied or failed, per change skipped (at
  // debug), a summary, and the waits for the lock. `stderrLogger()` by default; nullptr: silent.
  FlamingockBuilder& setLogger(std::shared_ptr<Logger> logger);
  // Whether setLogger was called (with a logger or nullptr): the embedded CLI keeps a logger the
  // service chose, and quiets the default one, whose lines the CLI's own output already shows.
  bool loggerChosen() const { return logger_chosen_; }

  // Validates the pipeline (all problems at once, in one ValidationError) and moves everything
  // into a runner; the builder is left empty.
  Runner build();

 private:
  std::unique_ptr<detail::Pipeline> pipeline_;
  bool enabled_ = true;
  bool profiles_set_ = false;
  bool logger_chosen_ = false;
};

class Flamingock {
 public:
  static FlamingockBuilder builder() { return FlamingockBuilder(); }
};

// "a, b,c" -> {"a", "b", "c"}: the active profiles as FLAMINGOCK_ACTIVE_PROFILES and the CLI's
// --active-profiles give them, for setActiveProfiles. Throws OptionError naming a bad name (an
// empty one too).
std::vector<std::string> parseProfileList(std::string_view list);

}  // namespace flamingock
