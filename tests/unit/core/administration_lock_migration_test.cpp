// Administration's lock and migration queries: the lock as the store describes it, its release by
// force, and the progress of each change's latest chain of attempts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_support.h"
#include "flamingock/administration.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

class AdministrationLockMigrationTest : public EngineTest {
 protected:
  Administration administration() { return Administration(store, {.clock = clock}); }

  // `change_id`'s entry in `state` by execution `execution_id`, `minutes` after an earlier run.
  void seed(const std::string& change_id, AuditState state, int minutes,
            const std::string& execution_id) {
    AuditEntry entry = previous(change_id, state);
    entry.created_at += std::chrono::minutes(minutes);
    entry.execution_id = execution_id;
    store->seed(entry);
  }

  // A progress record of the piece of work `index` that `phase` started, in chain `chain`.
  void writeProgress(const std::string& change_id, ChangePhase phase, int index,
                     const std::string& chain) {
    store->progressStore()->write(
        {.key = {change_id, phase, index}, .attempt_chain = chain, .subject = "orders"}, fence_);
  }

  void SetUp() override { lockHeldElsewhere(); }

 private:
  Fence fence_{.lock_key = "DEFAULT_KEY", .owner = "other-runner"};
};

std::vector<std::pair<ChangePhase, int>> keysOf(const std::vector<ProgressRecord>& records) {
  std::vector<std::pair<ChangePhase, int>> keys;
  for (const ProgressRecord& record : records)
    keys.emplace_back(record.key.phase, record.key.index);
  return keys;
}

TEST_F(AdministrationLockMigrationTest, LockStatusIsTheLockAsTheStoreHoldsItOrNoneWhenFree) {
  std::optional<LockDescription> held = administration().lockStatus("DEFAULT_KEY");

  ASSERT_TRUE(held.has_value());
  EXPECT_EQ(held->owner, "other-runner");
  EXPECT_FALSE(administration().lockStatus("another-key").has_value());
}

TEST_F(AdministrationLockMigrationTest, ForceReleaseReleasesOnlyTheLockAsSeen) {
  LockDescription seen = *administration().lockStatus("DEFAULT_KEY");
  store->takeOverLock("DEFAULT_KEY", "runner-2");

  EXPECT_FALSE(administration().forceReleaseLock(seen));
  EXPECT_EQ(store->lockOwner(), "runner-2");

  EXPECT_TRUE(administration().forceReleaseLock(*administration().lockStatus("DEFAULT_KEY")));
  EXPECT_FALSE(store->lockOwner().has_value());
}

TEST_F(AdministrationLockMigrationTest, MigrationStatusKeepsTheLatestChainInPhaseThenIndexOrder) {
  seed("backfill", AuditState::kStarted, 0, "run-1");
  seed("backfill", AuditState::kFailed, 1, "run-1");
  seed("backfill", AuditState::kStarted, 2, "run-2");
  writeProgress("backfill", ChangePhase::kRollback, 0, "run-2");
  writeProgress("backfill", ChangePhase::kApply, 1, "run-2");
  writeProgress("backfill", ChangePhase::kApply, 0, "run-2");
  writeProgress("backfill", ChangePhase::kApply, 2, "run-1");  // an earlier chain's
  writeProgress("backfill", ChangePhase::kApply, 3, "");       // of no chain

  MigrationStatus status = administration().migrationStatus();

  ASSERT_EQ(status.count("backfill"), 1u);
  EXPECT_THAT(keysOf(status["backfill"]),
              ElementsAre(Pair(ChangePhase::kApply, 0), Pair(ChangePhase::kApply, 1),
                          Pair(ChangePhase::kRollback, 0)));
}

TEST_F(AdministrationLockMigrationTest, MigrationStatusOfAFinishedChainIsWhatItsLastAttemptDid) {
  seed("backfill", AuditState::kStarted, 0, "run-1");
  seed("backfill", AuditState::kApplied, 1, "run-1");
  seed("other", AuditState::kStarted, 0, "run-1");
  writeProgress("backfill", ChangePhase::kApply, 0, "run-1");
  writeProgress("other", ChangePhase::kApply, 0, "run-1");

  MigrationStatus status = administration().migrationStatus("backfill");

  EXPECT_THAT(status, ElementsAre(Pair("backfill", ::testing::SizeIs(1))));
}

class StoreWithoutProgress : public testing::InMemoryAuditStore {
 public:
  ProgressStore* progressStore() override { return nullptr; }
};

TEST(AdministrationWithoutProgressTest, MigrationStatusIsEmptyWhenTheStoreKeepsNoProgress) {
  auto store = std::make_shared<StoreWithoutProgress>();
  AuditEntry started;
  started.change_id = "backfill";
  started.execution_id = "run-1";
  started.state = AuditState::kStarted;
  store->seed(started);

  EXPECT_THAT(Administration(store).migrationStatus(), IsEmpty());
}

}  // namespace
}  // namespace flamingock::test
