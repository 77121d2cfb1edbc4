// Several processes of one service start at once on fresh tables: every change is applied exactly
// once, by exactly one of them (docs/exactly-once.md).
#include <gtest/gtest.h>

#include <map>

#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

constexpr int kProcesses = 8;
constexpr int kChanges = 50;
constexpr int kRounds = 20;  // about 30 s on DynamoDB Local with 2 cores

// How many times each change was applied: the helper's increments are idempotent per apply, so a
// request the client retried after a lost answer is not counted twice.
std::map<std::string, std::string> counters(const dynamodb::Client& client,
                                            const std::string& table) {
  std::map<std::string, std::string> counts;
  client.scanAll({.table_name = table, .consistent_read = true}, [&](dynamodb::ItemPage& page) {
    for (const dynamodb::Item& item : page.items) {
      counts[item.at("pk").asString()] = item.at("count").asNumber();
    }
  });
  return counts;
}

TEST(ConcurrencyTest, EightProcessesApplyEachChangeExactlyOnce) {
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    auto target = localTarget();
    auto store = freshStore(*target);
    std::string counter_table = createDataTable(target->client(), "counters");
    std::vector<std::string> arguments = programArguments(store, counter_table);
    arguments.insert(arguments.end(), {"--transactional", "alternate", "--changes",
                                       std::to_string(kChanges), "--lease-ms", "10000"});

    std::vector<StartedProgram> processes;
    for (int i = 0; i < kProcesses; ++i) processes.emplace_back(arguments);
    for (StartedProgram& process : processes) {
      ProgramResult result = process.wait();
      EXPECT_EQ(result.exit_code, 0) << result.output;
    }

    std::map<std::string, std::string> counts = counters(target->client(), counter_table);
    EXPECT_EQ(counts.size(), static_cast<std::size_t>(kChanges));
    for (const auto& [change, count] : counts) EXPECT_EQ(count, "1") << change;
    std::map<std::string, int> applied;
    for (const AuditEntry& entry : store.readHistory()) {
      applied[entry.change_id] += entry.state == AuditState::kApplied;
    }
    EXPECT_EQ(applied.size(), static_cast<std::size_t>(kChanges));
    for (const auto& [change, count] : applied) EXPECT_EQ(count, 1) << change;
  }
}

}  // namespace
}  // namespace flamingock::test
