#include "fault/reliability_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "support/store_test_support.h"

namespace flamingock::test {

bool fullTests() {
  const char* full = std::getenv("FLAMINGOCK_FULL_TESTS");
  return full != nullptr && std::string(full) == "1";
}

int sizeFor(int ci_size, int full_size) { return fullTests() ? full_size : ci_size; }

std::uint64_t testSeed() {
  const char* given = std::getenv("FLAMINGOCK_TEST_SEED");
  std::uint64_t seed = given != nullptr
                           ? std::stoull(given)
                           : (std::uint64_t{std::random_device{}()} << 32) | std::random_device{}();
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::cout << "[ seed     ] " << test->test_suite_name() << "." << test->name() << ": " << seed
            << " (FLAMINGOCK_TEST_SEED=" << seed << " replays it)" << std::endl;
  ::testing::Test::RecordProperty("seed", std::to_string(seed));
  return seed;
}

std::string changeId(int number) {
  char id[32];
  std::snprintf(id, sizeof id, "change-%03d", number);
  return id;
}

ServiceTables::ServiceTables()
    : target_(localTarget()),
      store_(freshStore(*target_)),
      counter_table_(createDataTable(target_->client(), "counters")) {
  // Created here so that the runs under test spend their time on changes, not on tables.
  store_.initialize();
}

std::vector<std::string> ServiceTables::arguments(const std::vector<std::string>& options) const {
  std::vector<std::string> all = programArguments(store_, counter_table_);
  all.insert(all.end(), options.begin(), options.end());
  return all;
}

std::map<std::string, int> ServiceTables::counters() const {
  std::map<std::string, int> counts;
  target_->client().scanAll(
      {.table_name = counter_table_, .consistent_read = true}, [&](dynamodb::ItemPage& page) {
        for (const dynamodb::Item& item : page.items) {
          counts[item.at("pk").asString()] = std::stoi(item.at("count").asNumber());
        }
      });
  return counts;
}

AuditByChange ServiceTables::auditByChange() {
  AuditByChange entries;
  for (AuditEntry& entry : store_.readHistory()) entries[entry.change_id].push_back(entry);
  return entries;
}

const std::vector<AuditEntry>& entriesOf(const AuditByChange& audit, const std::string& change) {
  static const std::vector<AuditEntry> kNone;
  auto found = audit.find(change);
  return found == audit.end() ? kNone : found->second;
}

int counterOf(const std::map<std::string, int>& counters, const std::string& change) {
  auto found = counters.find(change);
  return found == counters.end() ? 0 : found->second;
}

std::set<std::string> auditKeys(const AuditByChange& audit) {
  std::set<std::string> keys;
  for (const auto& [change, entries] : audit) {
    for (const AuditEntry& entry : entries) keys.insert(entry.partitionKey());
  }
  return keys;
}

int countState(const std::vector<AuditEntry>& entries, AuditState state) {
  return static_cast<int>(
      std::count_if(entries.begin(), entries.end(),
                    [&](const AuditEntry& entry) { return entry.state == state; }));
}

}  // namespace flamingock::test
