// The listeners of a worker hear a background change's outcome when the worker records its
// APPLIED or FAILED entry (include/flamingock/listener.h): once, by the worker whose write ended
// the job, as a run tells of a change it applied or failed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "job_test_support.h"
#include "support/recording.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// "applied:<change>" or "failed:<change>: <error>", as heard.
class OutcomesHeard : public Listener {
 public:
  void onChangeApplied(const ChangeOutcome& outcome) override {
    heard.add("applied:" + outcome.change_id);
  }
  void onChangeFailed(const ChangeOutcome& outcome) override {
    heard.add("failed:" + outcome.change_id + ": " + outcome.error);
  }
  Recording<std::string> heard;
};

class JobEndListenerTest : public JobTest {
 protected:
  // A runner of background change "backfill" whose apply is `apply`, heard by `ears`.
  Runner runner(ScriptedChange::Step apply) {
    FlamingockBuilder built = builder();
    built.addChange(backfill(std::move(apply)));
    built.addListener(ears);
    return built.build();
  }

  std::shared_ptr<OutcomesHeard> ears = std::make_shared<OutcomesHeard>();
};

TEST_F(JobEndListenerTest, TheWorkerThatRecordsAppliedTellsItsListenersOnce) {
  runner(jobOf({.parts = 2})).run();
  ASSERT_THAT(ears->heard.values(), IsEmpty());  // the run only started the job

  runner(jobOf({.parts = 2})).work();
  runner(jobOf({.parts = 2})).work();  // a later worker finds the job done

  EXPECT_THAT(ears->heard.values(), ElementsAre("applied:backfill"));
}

TEST_F(JobEndListenerTest, AJobFailedForUnacceptedItemsIsHeardAsAFailedChange) {
  runner(jobOf({.parts = 1, .poisoned = true})).run();

  runner(jobOf({.parts = 1, .poisoned = true})).work();

  EXPECT_THAT(ears->heard.values(),
              ElementsAre(::testing::StartsWith("failed:backfill: 1 items of the job of change "
                                                "'backfill' failed and are quarantined")));
}

TEST_F(JobEndListenerTest, AJobWhoseWorkThrewIsHeardAsAFailedChange) {
  ScriptedChange::Step throwing = [](ChangeContext& ctx) {
    if (ctx.progress().jobParts() == nullptr) return jobOf({.parts = 1})(ctx);
    throw Error("item k: more items failed than MaxFailedItems 0 allows");
  };
  runner(throwing).run();

  runner(throwing).work();

  EXPECT_THAT(ears->heard.values(),
              ElementsAre("failed:backfill: item k: more items failed than MaxFailedItems 0 "
                          "allows"));
}

}  // namespace
}  // namespace flamingock::test
