// What the fault tests share that have worker processes migrate a background job on DynamoDB
// Local (docs/operations.md#background-migrations): a store and its Administration, the migrated
// table and the helper program's counter table, the run that starts the job, and a worker's
// arguments.
//
//   class JobCancelTest : public BackgroundFleetTest {};
//   seedItems(client(), migration_.table, 3000);
//   ASSERT_NO_FATAL_FAILURE(runMigration());
//   StartedProgram worker(workerArguments(proxy.url()));
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "flamingock/flamingock.h"
#include "support/store_test_support.h"

namespace flamingock::test {

class BackgroundFleetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_->initialize();
    migration_.table = createDataTable(client(), "fleet");
    counters_ = createDataTable(client(), "counters");
  }

  // Runs the helper program: it starts the job, or a new job when the change is FAILED.
  void runMigration() const {
    BackgroundMigration run = migration_;
    run.command = "run";
    ProgramResult started = runProgram(backgroundMigrationArguments(*store_, counters_, run));
    ASSERT_EQ(started.exit_code, 0) << started.output;
  }

  // The helper program as a worker on the job, sending every request to `endpoint`.
  std::vector<std::string> workerArguments(const std::string& endpoint) const {
    BackgroundMigration work = migration_;
    work.endpoint = endpoint;
    return backgroundMigrationArguments(*store_, counters_, work);
  }

  const dynamodb::Client& client() const { return target_->client(); }

  std::shared_ptr<dynamodb::DynamoDBTargetSystem> target_ = localTarget();
  std::shared_ptr<dynamodb::DynamoDBAuditStore> store_ =
      std::make_shared<dynamodb::DynamoDBAuditStore>(freshStore(*target_));
  Administration admin_{store_};
  BackgroundMigration migration_;  // of the runs and the workers
  std::string counters_;
};

}  // namespace flamingock::test
