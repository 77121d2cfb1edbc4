// The rate an operator sets for a background job is the whole fleet's, shared among the worker
// processes by the parts each works on (docs/operations.md#steering-a-migration): three workers,
// each writing through a counting proxy of its own, keep together to the set rate over 10 s, each
// of them writing. The upper bound is the limiter's and holds on any machine; the lower one asks
// only for a rate far below what DynamoDB Local reaches.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <numeric>
#include <thread>

#include "fault/reliability_support.h"
#include "flamingock/flamingock.h"
#include "support/fault_proxy.h"
#include "support/migration_test_support.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::Each;
using ::testing::Gt;
using ::testing::IsEmpty;

constexpr char kChange[] = "migrate-items";

class FleetRateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_->initialize();
    table_ = createDataTable(client(), "fleet");
    counters_ = createDataTable(client(), "counters");
  }

  // A worker on the job whose requests go through `proxy`.
  StartedProgram startWorker(const FaultProxy& proxy, double own_rate) const {
    return StartedProgram(backgroundMigrationArguments(
        *store_, counters_,
        {.table = table_, .items_per_second = own_rate, .endpoint = proxy.url()}));
  }

  // The migration's writes each worker sent so far, in the order of `proxies_`.
  std::vector<int> writesByWorker() const {
    std::vector<int> writes;
    for (const auto& proxy : proxies_) writes.push_back(proxy->requestCount("UpdateItem", table_));
    return writes;
  }

  // Waits (up to a minute) until every worker has written.
  void awaitEveryWorkerWriting() const {
    auto deadline = std::chrono::steady_clock::now() + seconds(60);
    while (std::ranges::count(writesByWorker(), 0) > 0 &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(milliseconds(20));
    }
    ASSERT_THAT(writesByWorker(), Each(Gt(0)));
  }

  const dynamodb::Client& client() const { return target_->client(); }

  std::shared_ptr<dynamodb::DynamoDBTargetSystem> target_ = localTarget();
  std::shared_ptr<dynamodb::DynamoDBAuditStore> store_ =
      std::make_shared<dynamodb::DynamoDBAuditStore>(freshStore(*target_));
  Administration admin_{store_};
  std::vector<std::unique_ptr<FaultProxy>> proxies_;
  std::string table_;
  std::string counters_;
};

int sum(const std::vector<int>& values) { return std::accumulate(values.begin(), values.end(), 0); }

TEST_F(FleetRateTest, WorkerProcessesShareTheRateSetForTheFleet) {
  constexpr int kItems = 6000;
  constexpr int kWorkers = 3;
  constexpr double kOwnRate = 600;  // the change's own, until the operator sets one
  constexpr double kRate = 200;
  constexpr seconds kWindow{10};
  seedItems(client(), table_, kItems);
  ProgramResult started = runProgram(
      backgroundMigrationArguments(*store_, counters_, {.table = table_, .command = "run"}));
  ASSERT_EQ(started.exit_code, 0) << started.output;
  std::vector<StartedProgram> workers;
  for (int i = 0; i < kWorkers; ++i) {
    proxies_.push_back(std::make_unique<FaultProxy>(localDynamoDbEndpoint()));
    workers.push_back(startWorker(*proxies_.back(), kOwnRate));
  }
  awaitEveryWorkerWriting();

  admin_.setJobRate(kChange, kRate);
  // Two checkpoints for every worker to read it, and a second for what their buckets held.
  std::this_thread::sleep_for(BackgroundMigration{}.checkpoint * 2 + seconds(1));
  std::vector<int> before = writesByWorker();
  std::this_thread::sleep_for(kWindow);
  std::vector<int> during = writesByWorker();
  ASSERT_LT(sum(during), kItems) << "the job ended within the window: more items are needed";
  for (int i = 0; i < kWorkers; ++i) during[i] -= before[i];
  admin_.setJobRate(kChange, 0);  // the rest at full speed
  for (StartedProgram& worker : workers) {
    ProgramResult ended = worker.wait();
    EXPECT_EQ(ended.exit_code, 0) << ended.output;
  }

  double fleet_rate = sum(during) / double(kWindow.count());
  RecordProperty("fleet_rate", std::to_string(fleet_rate));
  std::cout << "[ rate     ] fleet " << fleet_rate << " items/s, set " << kRate << "; by worker "
            << ::testing::PrintToString(during) << std::endl;
  EXPECT_LE(fleet_rate, kRate * 1.2);
  EXPECT_GE(fleet_rate, kRate * 0.8);
  EXPECT_THAT(during, Each(Gt(0)));
  EXPECT_THAT(unmigratedItems(client(), table_, kItems), IsEmpty());
  EXPECT_EQ(sum(writesByWorker()), kItems);  // each item's update sent once, by one worker
  EXPECT_EQ(store_->jobStore()->read(kChange)->state, JobState::kDone);
}

}  // namespace
}  // namespace flamingock::test
