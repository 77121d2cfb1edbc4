// Which pending changes a run leaves alone: disabled ones, those the active profiles exclude, and
// those after the run's target.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/profiles.h"
#include "engine_test_support.h"
#include "support/scoped_environment.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using detail::admits;

class RunSelectionTest : public EngineTest {
 protected:
  static std::vector<std::string> statusesOf(const RunSummary& summary) {
    std::vector<std::string> statuses;
    for (const ChangeOutcome& c : summary.changes) {
      statuses.push_back(c.change_id + " " + std::string(toString(c.status)));
    }
    return statuses;
  }
};

TEST(ProfilesTest, AChangeRunsWhenAnyExpressionHolds) {
  EXPECT_TRUE(admits({}, {}));
  EXPECT_TRUE(admits({"dev"}, {"dev"}));
  EXPECT_FALSE(admits({"dev"}, {"prod"}));
  EXPECT_TRUE(admits({"!prod"}, {}));
  EXPECT_FALSE(admits({"!prod"}, {"prod"}));
  EXPECT_TRUE(admits({"dev", "!prod"}, {"prod", "dev"}));
  EXPECT_FALSE(admits({"dev", "!prod"}, {"prod"}));
}

TEST_F(RunSelectionTest, ADisabledChangeIsNotRunNorRecorded) {
  RunSummary summary = builder()
                           .addChange(change({.id = "a", .order = "0001", .enabled = false}))
                           .addChange(change("b", "0002"))
                           .build()
                           .run();

  EXPECT_THAT(*journal, ElementsAre("apply:b"));
  EXPECT_THAT(statesOf("a"), IsEmpty());
  EXPECT_THAT(statusesOf(summary), ElementsAre("a DISABLED", "b APPLIED"));
}

TEST_F(RunSelectionTest, ProfilesExcludeChangesAndSayWhy) {
  RunSummary summary =
      builder()
          .setActiveProfiles({"prod"})
          .addChange(change({.id = "seed", .order = "0001", .profiles = {"dev", "!prod"}}))
          .addChange(change({.id = "index", .order = "0002", .profiles = {"prod"}}))
          .build()
          .run();

  EXPECT_THAT(*journal, ElementsAre("apply:index"));
  EXPECT_THAT(statesOf("seed"), IsEmpty());
  EXPECT_EQ(summary.changes[0].reason, "profiles [dev, !prod] do not hold (active: prod)");
}

TEST_F(RunSelectionTest, ActiveProfilesComeFromTheEnvironmentWhenNotSet) {
  ScopedEnvironment env;
  env.set("FLAMINGOCK_ACTIVE_PROFILES", "qa, dev");

  builder().addChange(change({.id = "seed", .order = "0001", .profiles = {"dev"}})).build().run();

  EXPECT_THAT(*journal, ElementsAre("apply:seed"));
}

TEST_F(RunSelectionTest, BadProfileSyntaxIsRejectedNamingIt) {
  EXPECT_THROW(builder().setActiveProfiles({"!dev"}), ConfigurationError);
  try {
    builder().addChange(change({.id = "a", .order = "0001", .profiles = {"dev|qa"}})).build();
    FAIL() << "expected ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_THAT(e.what(), HasSubstr("'dev|qa' is not a profile expression"));
  }
  ScopedEnvironment env;
  env.set("FLAMINGOCK_ACTIVE_PROFILES", "dev,,qa");
  EXPECT_THROW(builder().addChange(change("a", "0001")).build(), ConfigurationError);
}

TEST_F(RunSelectionTest, UpToLeavesLaterPendingChangesOfEveryStageWaiting) {
  auto build = [&] {
    return builder()
        .addChange(change("a", "0001"))
        .addChange(change("b", "0002"))
        .addStage("later")
        .addChange(change("c", "0001"))
        .build();
  };

  RunSummary summary = build().run({.up_to = "a"});

  EXPECT_THAT(*journal, ElementsAre("apply:a"));
  EXPECT_THAT(statusesOf(summary), ElementsAre("a APPLIED", "b WAITING", "c WAITING"));
  EXPECT_THROW(build().run({.up_to = "zz"}), ConfigurationError);
  build().run();
  EXPECT_THAT(*journal, ElementsAre("apply:a", "apply:b", "apply:c"));
}

}  // namespace
}  // namespace flamingock::test
