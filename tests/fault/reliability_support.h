// What the reliability suite shares: its sizes (CI or full), logged random seeds, and the helper
// service (tests/integration/programs/concurrent_runner) on fresh tables that the tests read
// directly, never through a fault proxy.
//
//   ServiceTables tables;                          // fresh audit, lock and counter tables
//   runProgram(tables.arguments({"--changes", "10"}));
//   EXPECT_EQ(tables.counters().at("change-001"), 1);
//   for (auto& [change, entries] : tables.auditByChange()) ...
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "flamingock/audit_entry.h"
#include "flamingock/dynamodb/audit_store.h"
#include "flamingock/dynamodb/target_system.h"

namespace flamingock::test {

// True when FLAMINGOCK_FULL_TESTS=1: the suite then runs its full sizes instead of the CI ones.
bool fullTests();
int sizeFor(int ci_size, int full_size);

// A seed for one test's random choices: FLAMINGOCK_TEST_SEED when set (to replay a failure),
// otherwise a fresh one. Printed, with how to replay it, and recorded as a test property.
std::uint64_t testSeed();

// The helper service's id of change `number` ("change-007").
std::string changeId(int number);

using AuditByChange = std::map<std::string, std::vector<AuditEntry>>;

// The helper's tables on the local server: a fresh audit and lock table (created at once) and a
// fresh counter table.
class ServiceTables {
 public:
  ServiceTables();

  // The helper's arguments for these tables and the local server, followed by `options` (a later
  // option wins over an earlier one, so `{"--endpoint", proxy_url}` sends it through a proxy).
  std::vector<std::string> arguments(const std::vector<std::string>& options) const;

  // Each counter item's count, by change id.
  std::map<std::string, int> counters() const;
  // Every audit entry, grouped by change id.
  AuditByChange auditByChange();

  dynamodb::DynamoDBAuditStore& store() { return store_; }

 private:
  std::shared_ptr<dynamodb::DynamoDBTargetSystem> target_;
  dynamodb::DynamoDBAuditStore store_;
  std::string counter_table_;
};

// The entries of `change` (none when it has none).
const std::vector<AuditEntry>& entriesOf(const AuditByChange& audit, const std::string& change);
// How many of `entries` are in `state`.
int countState(const std::vector<AuditEntry>& entries, AuditState state);
// The count of `change` (0 when its counter was never written).
int counterOf(const std::map<std::string, int>& counters, const std::string& change);
// The keys of every entry: equal sets mean nothing was written in between.
std::set<std::string> auditKeys(const AuditByChange& audit);

}  // namespace flamingock::test
