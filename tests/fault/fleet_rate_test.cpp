// The rate an operator sets for a background job is the whole fleet's, shared among the worker
// processes by the parts each works on (docs/operations.md#steering-a-migration): three workers,
// each writing through a counting proxy of its own, keep together to the set rate over 10 s, each
// of them writing, whether the rate is set while they work or workers join while it holds. The
// upper bound is the limiter's and holds on any machine; the lower one asks only for a rate far
// below what DynamoDB Local reaches.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <numeric>
#include <thread>

#include "fault/background_fleet.h"
#include "flamingock/flamingock.h"
#include "support/fault_proxy.h"
#include "support/migration_test_support.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using std::chrono::seconds;
using ::testing::Each;
using ::testing::Gt;
using ::testing::IsEmpty;

constexpr char kChange[] = "migrate-items";
constexpr int kWorkers = 3;
constexpr seconds kWindow{10};

int sum(const std::vector<int>& values) { return std::accumulate(values.begin(), values.end(), 0); }

class FleetRateTest : public BackgroundFleetTest {
 protected:
  // Seeds `items` items and starts the job of their migration.
  void startJob(int items) {
    seedItems(client(), migration_.table, items);
    ASSERT_NO_FATAL_FAILURE(runMigration());
  }

  // Starts a worker on the job whose requests go through a proxy of its own.
  void startWorker() {
    proxies_.push_back(std::make_unique<FaultProxy>(localDynamoDbEndpoint()));
    workers_.emplace_back(workerArguments(proxies_.back()->url()));
  }

  // The migration's writes each worker sent so far, in the order they were started.
  std::vector<int> writesByWorker() const {
    std::vector<int> writes;
    for (const auto& proxy : proxies_) {
      writes.push_back(proxy->requestCount("UpdateItem", migration_.table));
    }
    return writes;
  }

  // Waits (up to a minute) until every worker started has written.
  void awaitEveryWorkerWriting() const {
    auto deadline = std::chrono::steady_clock::now() + seconds(60);
    while (std::ranges::count(writesByWorker(), 0) > 0 &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_THAT(writesByWorker(), Each(Gt(0)));
  }

  // Each worker's writes over the next kWindow, the job still unfinished at its end.
  std::vector<int> writesOverTheWindow(int items) const {
    std::vector<int> before = writesByWorker();
    std::this_thread::sleep_for(kWindow);
    std::vector<int> after = writesByWorker();
    EXPECT_LT(sum(after), items) << "the job ended within the window: more items are needed";
    for (std::size_t i = 0; i < after.size(); ++i) after[i] -= before[i];
    return after;
  }

  // Lifts the rate, so that the workers finish the job, and checks that each item was written
  // once, by one worker.
  void finishJob(int items) {
    admin_.setJobRate(kChange, 0);
    for (StartedProgram& worker : workers_) {
      ProgramResult ended = worker.wait();
      EXPECT_EQ(ended.exit_code, 0) << ended.output;
    }
    EXPECT_THAT(unmigratedItems(client(), migration_.table, items), IsEmpty());
    EXPECT_EQ(sum(writesByWorker()), items);
    EXPECT_EQ(store_->jobStore()->read(kChange)->state, JobState::kDone);
  }

  // The fleet's writes over the window, `during`, kept to `rate` (within 20 %), each worker's
  // share among them.
  static void expectTheFleetKeptTo(double rate, const std::vector<int>& during) {
    double fleet_rate = sum(during) / double(kWindow.count());
    RecordProperty("fleet_rate", std::to_string(fleet_rate));
    std::cout << "[ rate     ] fleet " << fleet_rate << " items/s, set " << rate << "; by worker "
              << ::testing::PrintToString(during) << std::endl;
    EXPECT_LE(fleet_rate, rate * 1.2);
    EXPECT_GE(fleet_rate, rate * 0.8);
    EXPECT_THAT(during, Each(Gt(0)));
  }

  std::vector<std::unique_ptr<FaultProxy>> proxies_;
  std::vector<StartedProgram> workers_;  // after the proxies: killed before them if still running
};

TEST_F(FleetRateTest, WorkersKeepTogetherToTheRateSetWhileTheyWork) {
  constexpr int kItems = 6000;
  constexpr double kRate = 200;
  migration_.items_per_second = 3 * kRate;  // the change's own, until the operator sets one
  ASSERT_NO_FATAL_FAILURE(startJob(kItems));
  for (int i = 0; i < kWorkers; ++i) startWorker();
  ASSERT_NO_FATAL_FAILURE(awaitEveryWorkerWriting());

  admin_.setJobRate(kChange, kRate);
  // Two checkpoints for every worker to read it, and a second for what their buckets held.
  std::this_thread::sleep_for(migration_.checkpoint * 2 + seconds(1));
  std::vector<int> during = writesOverTheWindow(kItems);
  finishJob(kItems);

  expectTheFleetKeptTo(kRate, during);
}

// The others' shares shrink within a second of a worker's joining, not at their next checkpoint,
// seconds later: the workers' first checkpoints come 5 s after their start, inside the window.
TEST_F(FleetRateTest, WorkersJoiningTheFleetTakeTheirShareOfTheRateFromTheOthers) {
  constexpr int kItems = 8000;
  constexpr double kRate = 300;
  migration_.checkpoint = seconds(5);  // ItemMigrationOptions' default
  migration_.lease = seconds(15);
  ASSERT_NO_FATAL_FAILURE(startJob(kItems));
  admin_.setJobRate(kChange, kRate);

  for (int i = 0; i < kWorkers; ++i) {
    startWorker();
    ASSERT_NO_FATAL_FAILURE(awaitEveryWorkerWriting());
  }
  std::vector<int> during = writesOverTheWindow(kItems);
  finishJob(kItems);

  expectTheFleetKeptTo(kRate, during);
}

}  // namespace
}  // namespace flamingock::test
