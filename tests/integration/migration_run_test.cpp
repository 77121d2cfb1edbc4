// One attempt of a data migration (dynamodb/migration/migration_run.h) on DynamoDB Local: when the
// system refuses a segment's thread, the segments started stop, their threads are joined and the
// attempt fails with an error that says so, instead of ending the process.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <system_error>

#include "core/run_progress.h"
#include "dynamodb/migration/migration_run.h"
#include "flamingock/error.h"
#include "support/migration_test_support.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;

TEST(MigrationRunTest, ASegmentThreadThatCannotBeStartedFailsTheAttemptCleanly) {
  auto target = localTarget();
  dynamodb::DynamoDBAuditStore store = freshStore(*target);
  store.initialize();
  const dynamodb::Client& client = target->client();
  std::string table_name = createDataTable(client, "threads");
  seedItems(client, table_name, 200);
  std::unique_ptr<Lock> lock = heldLock(store, "runner-a");
  std::string execution_id = "exec";
  flamingock::detail::ProgressRun run{store, *lock, Clock::system(), execution_id};
  flamingock::detail::RunProgress progress(run, "c", ChangePhase::kApply);
  dynamodb::ItemMigrationOptions options{.scan = {.table_name = table_name}, .segments = 4};
  dynamodb::ItemMigration::Callback callback = doubleItem;
  dynamodb::TableDescription table = client.describeTable({table_name}).table;
  int started = 0;
  dynamodb::detail::MigrationSetup setup{
      options,
      callback,
      client,
      table,
      progress,
      {"c"},
      dynamodb::detail::Checkpoint(dynamodb::detail::fingerprintOf(options.scan), 4),
      [&](std::function<void()> work) {
        if (++started == 2) {
          throw std::system_error(EAGAIN, std::generic_category(), "no thread for you");
        }
        return std::thread(std::move(work));
      }};

  EXPECT_THAT([&] { dynamodb::detail::runMigration(setup); },
              ::testing::ThrowsMessage<Error>(
                  ::testing::AllOf(HasSubstr("could not start segment thread 2 of 4"),
                                   HasSubstr("no thread for you"), HasSubstr(table_name))));

  // The one segment started stopped before its next page: its checkpoint was kept.
  EXPECT_TRUE(store.progressStore()->read({"c"}).has_value());
}

}  // namespace
}  // namespace flamingock::test
