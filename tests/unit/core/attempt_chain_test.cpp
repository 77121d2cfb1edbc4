// Which chain of attempts a progress record (a migration's checkpoint) belongs to
// (docs/exactly-once.md#data-migrations-which-checkpoint-is-resumed): it starts at the first
// STARTED entry after the change's last attempt-ending entry, and any such entry closes it.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/attempt_chain.h"

namespace flamingock::detail {
namespace {

using std::chrono::minutes;

class AttemptChainTest : public ::testing::Test {
 protected:
  // Appends an entry of change "c" by `execution`, a minute after the previous one.
  void add(const std::string& execution, AuditState state, const std::string& change = "c") {
    AuditEntry entry;
    entry.execution_id = execution;
    entry.change_id = change;
    entry.state = state;
    entry.created_at = std::chrono::system_clock::time_point{} + minutes(log_.size());
    log_.push_back(entry);
  }

  AttemptChain chain() const { return attemptChainOf(log_, "c"); }

  std::vector<AuditEntry> log_;
};

TEST_F(AttemptChainTest, AChangeNeverRunHasNone) {
  add("x", AuditState::kStarted, "other");

  EXPECT_EQ(chain().id, "");
  EXPECT_FALSE(chain().open);
}

TEST_F(AttemptChainTest, KilledAttemptsChainToTheFirstOfThem) {
  add("a", AuditState::kStarted);
  add("a", AuditState::kApplied);
  add("u", AuditState::kRolledBack);
  add("b", AuditState::kStarted);  // killed
  add("c", AuditState::kStarted);  // the attempt asking

  EXPECT_EQ(chain().id, "b");
  EXPECT_TRUE(chain().open);
}

TEST_F(AttemptChainTest, EveryEntryThatEndsAnAttemptClosesTheChain) {
  for (AuditState ending : {AuditState::kApplied, AuditState::kFailed, AuditState::kRolledBack,
                            AuditState::kRollbackFailed, AuditState::kManualMarkedAsApplied,
                            AuditState::kManualMarkedAsRolledBack}) {
    log_.clear();
    add("a", AuditState::kStarted);
    add("a", ending);

    EXPECT_EQ(chain().id, "a") << toString(ending);
    EXPECT_FALSE(chain().open) << toString(ending);

    add("b", AuditState::kStarted);
    EXPECT_EQ(chain().id, "b") << toString(ending);
    EXPECT_TRUE(chain().open) << toString(ending);
  }
}

TEST_F(AttemptChainTest, AnUnreadableEntryClosesTheChain) {
  add("a", AuditState::kStarted);
  add("?", AuditState::kStarted);
  log_.back().unreadable_key = "item-1";
  log_.back().unreadable_reason = "bad createdAt";

  EXPECT_FALSE(chain().open);
}

TEST_F(AttemptChainTest, TheOrderOfTheLogDoesNotMatterOnlyTheEntriesTimes) {
  add("a", AuditState::kStarted);
  add("a", AuditState::kFailed);
  add("b", AuditState::kStarted);
  std::reverse(log_.begin(), log_.end());

  EXPECT_EQ(chain().id, "b");
  EXPECT_TRUE(chain().open);
}

}  // namespace
}  // namespace flamingock::detail
