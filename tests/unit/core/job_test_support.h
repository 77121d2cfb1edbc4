// Shared arrangements for the tests of background changes on the in-memory store: the apply of a
// background change that registers its job or works on its parts, and a fixture that builds
// background change "backfill" and reads its job and entries.
//
//   class MyTest : public JobTest {};
//   FlamingockBuilder built = builder();
//   built.addChange(backfill(jobOf({.parts = 2, .poisoned = true})));
//   built.build().run();   // starts the job
//   built.build().work();  // does it: the job ends FAILED, its 2 items quarantined
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine_test_support.h"

namespace flamingock::test {

inline constexpr std::chrono::milliseconds kJobLease{1000};

// What the job of a background change is and what its work does.
struct JobScript {
  int parts = 3;
  std::string fingerprint = "f1";
  // Each part's work quarantines its item "key-<part>", twice: a repeated page counts it once.
  bool poisoned = false;
  // Called with the job's parts after each part is saved done: what happens meanwhile.
  std::function<void(JobParts&)> after_each_part{};
};

// The apply of a background change: registers the job `script` describes, or, on a worker, does
// every part it can claim, counting 10 items scanned in each.
inline ScriptedChange::Step jobOf(JobScript script) {
  return [script](ChangeContext& ctx) {
    JobDefinition definition{.subject = "orders",
                             .total_parts = script.parts,
                             .fingerprint = script.fingerprint,
                             .lease = kJobLease,
                             .applied_metadata = {{"migration.table", "orders"}}};
    if (JobRegistrar* registrar = ctx.progress().jobRegistrar()) {
      return registrar->registerJob(definition);
    }
    JobParts& work = *ctx.progress().jobParts();
    if (!work.accepts(definition)) return;
    while (std::optional<JobPart> part = work.claim()) {
      for (int repeat = 0; script.poisoned && repeat < 2; ++repeat) {
        work.quarantine({.key = "key-" + std::to_string(part->index), .error = "bad item"});
      }
      part->counts.scanned = 10;
      part->done = true;
      work.save(*part);
      if (script.after_each_part) script.after_each_part(work);
    }
  };
}

class JobTest : public EngineTest {
 protected:
  // Background change "backfill" whose apply is `apply`.
  std::unique_ptr<ScriptedChange> backfill(ScriptedChange::Step apply) {
    std::unique_ptr<ScriptedChange> made =
        change({.id = "backfill", .order = "1", .background = true});
    made->onApply(std::move(apply));
    return made;
  }

  // The job of "backfill"; it must have one.
  JobRecord job() { return store->jobStore()->read("backfill").value(); }

  // The entry of `change_id` in `state`, valid until the next call; null when there is none.
  const AuditEntry* entryOf(const std::string& change_id, AuditState state) {
    history_ = store->readHistory();
    for (const AuditEntry& entry : history_) {
      if (entry.change_id == change_id && entry.state == state) return &entry;
    }
    return nullptr;
  }

 private:
  std::vector<AuditEntry> history_;
};

}  // namespace flamingock::test
