// A runner killed with SIGKILL at a random moment of its run, again and again: after each kill the
// audit log and the side effects agree, and the next run completes as the changes' recovery
// strategy says (docs/exactly-once.md). The delays come from a logged seed; the moments they hit
// depend on the machine, so each round reports where the kill landed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <optional>
#include <thread>

#include "fault/reliability_support.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;

constexpr int kChanges = 20;

// What a kill left behind, read directly from the tables.
struct KilledState {
  std::map<std::string, int> counters;
  AuditByChange audit;
  std::optional<std::string> interrupted;  // the change left STARTED without APPLIED, if any
  int applied = 0;                         // changes with an APPLIED entry
};

class KillAtRandomTest : public ::testing::Test {
 protected:
  // Even changes transactional, odd ones not; a lease of 1 s, so that the next run takes over the
  // dead runner's lock quickly.
  static std::vector<std::string> options(const std::string& recovery) {
    return {"--changes",       std::to_string(kChanges),
            "--transactional", "alternate",
            "--recovery",      recovery,
            "--lease-ms",      "1000"};
  }

  // How long an undisturbed run takes here, the fastest of a few (the server's first answers are
  // slow): the kills are spread over that time.
  static std::chrono::milliseconds undisturbedRunTime(const std::string& recovery) {
    auto fastest = std::chrono::milliseconds::max();
    for (int run = 0; run < 5; ++run) {
      ServiceTables tables;
      auto start = std::chrono::steady_clock::now();
      ProgramResult result = runProgram(tables.arguments(options(recovery)));
      EXPECT_EQ(result.exit_code, 0) << result.output;
      fastest = std::min(fastest, std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::steady_clock::now() - start));
    }
    return fastest;
  }

  // The tables once the killed runner's last request, which the server may still be carrying out,
  // has landed: two reads in a row agree.
  static KilledState settledState(ServiceTables& tables) {
    KilledState state{tables.counters(), tables.auditByChange()};
    while (true) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      KilledState again{tables.counters(), tables.auditByChange()};
      if (again.counters == state.counters && auditKeys(again.audit) == auditKeys(state.audit)) {
        return again;
      }
      state = std::move(again);
    }
  }

  // Starts the service, kills it after `delay`, and checks what it left.
  static KilledState runAndKillAfter(ServiceTables& tables, const std::string& recovery,
                                     std::chrono::milliseconds delay) {
    StartedProgram runner(tables.arguments(options(recovery)));
    std::this_thread::sleep_for(delay);
    // A runner that already finished is a zombie until waited for: the kill still succeeds.
    EXPECT_NO_THROW(runner.kill());
    ProgramResult killed = runner.wait();
    EXPECT_THAT(killed.exit_code, ::testing::AnyOf(-1, 0)) << killed.output;
    KilledState state = settledState(tables);
    expectAuditAndSideEffectsAgree(state);
    return state;
  }

  // Change by change: a side effect exists at most once, an APPLIED entry implies it, and a
  // transactional change's writes exist exactly when its APPLIED entry does; a non-transactional
  // side effect without APPLIED is the one change the kill interrupted, after its STARTED. Changes
  // ran in order, so everything before the interrupted one is applied and nothing after it began.
  static void expectAuditAndSideEffectsAgree(KilledState& state) {
    bool later_must_be_untouched = false;
    for (int number = 1; number <= kChanges; ++number) {
      std::string id = changeId(number);
      SCOPED_TRACE(id);
      const std::vector<AuditEntry>& entries = entriesOf(state.audit, id);
      int counter = counterOf(state.counters, id);
      int applied = countState(entries, AuditState::kApplied);
      int started = countState(entries, AuditState::kStarted);
      EXPECT_EQ(static_cast<int>(entries.size()), applied + started) << "only STARTED and APPLIED";
      EXPECT_LE(counter, 1);
      EXPECT_LE(applied, 1);
      if (later_must_be_untouched) {
        EXPECT_TRUE(entries.empty());
        EXPECT_EQ(counter, 0);
        continue;
      }
      if (number % 2 == 0) {
        EXPECT_EQ(counter, applied) << "a transactional change's writes without its APPLIED";
        EXPECT_EQ(started, 0);
      } else {
        EXPECT_EQ(started, entries.empty() ? 0 : 1);
        EXPECT_LE(applied, counter) << "an APPLIED entry without its side effect";
        EXPECT_LE(counter, started) << "a side effect without its STARTED";
        if (started == 1 && applied == 0) state.interrupted = id;
      }
      state.applied += applied;
      later_must_be_untouched = applied == 0;
    }
  }

  // Where the kill landed, for the log.
  static std::string describe(const KilledState& state) {
    if (state.interrupted) return "inside " + *state.interrupted;
    return std::to_string(state.applied) + " of " + std::to_string(kChanges) + " applied";
  }

  // Rounds of: fresh tables, a run with `recovery` killed after a random delay (checked as
  // above), then a run left to finish, which `check` judges from what the kill left.
  using RoundCheck =
      std::function<void(ServiceTables&, const KilledState&, const ProgramResult& next)>;
  static void killRounds(const std::string& recovery, int rounds, const RoundCheck& check) {
    std::mt19937_64 random(testSeed());
    std::chrono::milliseconds run_time = undisturbedRunTime(recovery);
    for (int round = 0; round < rounds; ++round) {
      ServiceTables tables;
      std::chrono::milliseconds delay(
          std::uniform_int_distribution<long>(0, run_time.count())(random));
      SCOPED_TRACE("round " + std::to_string(round) + ", killed after " +
                   std::to_string(delay.count()) + " ms");
      KilledState killed = runAndKillAfter(tables, recovery, delay);

      ProgramResult next = runProgram(tables.arguments(options(recovery)));

      std::cout << "[ kill     ] after " << delay.count() << " ms: " << describe(killed)
                << std::endl;
      check(tables, killed, next);
    }
  }
};

TEST_F(KillAtRandomTest, AlwaysRetryChangesCompleteAfterEveryKill) {
  killRounds("always", sizeFor(20, 100),
             [](ServiceTables& tables, const KilledState& killed, const ProgramResult& next) {
               ASSERT_EQ(next.exit_code, 0) << next.output;
               std::map<std::string, int> counters = tables.counters();
               AuditByChange audit = tables.auditByChange();
               for (int number = 1; number <= kChanges; ++number) {
                 std::string id = changeId(number);
                 EXPECT_EQ(countState(entriesOf(audit, id), AuditState::kApplied), 1) << id;
                 // ALWAYS_RETRY applies an interrupted change again, whether or not its side effect
                 // happened before the kill: once more, and only that change.
                 int expected = id == killed.interrupted ? counterOf(killed.counters, id) + 1 : 1;
                 EXPECT_EQ(counterOf(counters, id), expected) << id;
               }
             });
}

TEST_F(KillAtRandomTest, ManualInterventionChangesWaitForAPersonAfterAKillInsideThem) {
  killRounds("manual", sizeFor(8, 40),
             [](ServiceTables& tables, const KilledState& killed, const ProgramResult& next) {
               if (killed.interrupted) {
                 // Blocked: the change is named, and nothing of the stage ran.
                 EXPECT_EQ(next.exit_code, 2) << next.output;
                 EXPECT_THAT(next.output, HasSubstr(*killed.interrupted));
                 EXPECT_EQ(tables.counters(), killed.counters);
                 EXPECT_EQ(auditKeys(tables.auditByChange()), auditKeys(killed.audit));
                 return;
               }
               // A kill between changes (or inside a transactional one) leaves nothing to resolve.
               EXPECT_EQ(next.exit_code, 0) << next.output;
               std::map<std::string, int> counters = tables.counters();
               AuditByChange audit = tables.auditByChange();
               for (int number = 1; number <= kChanges; ++number) {
                 std::string id = changeId(number);
                 EXPECT_EQ(counterOf(counters, id), 1) << id;
                 EXPECT_EQ(countState(entriesOf(audit, id), AuditState::kApplied), 1) << id;
               }
             });
}

}  // namespace
}  // namespace flamingock::test
