// A test of the `flamingock` binary against DynamoDB Local, on tables of its own.
//
//   TEST_F(CliTest, ListsTheLog) {
//     seed({entry("create-orders", AuditState::kApplied, "2026-01-01T00:00:01")});
//     CliResult result = flamingock({"audit", "list", "--json"});
//     EXPECT_EQ(json(result)[0]["state"], "APPLIED");
//   }
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "cli_process.h"
#include "flamingock/audit_entry.h"
#include "flamingock/dynamodb/audit_store.h"
#include "flamingock/dynamodb/client.h"
#include "support/scoped_environment.h"

namespace flamingock::test {

// What the CLI subprocesses see: DynamoDB Local's region and keys, no AWS files, no metadata.
std::vector<std::pair<std::string, std::string>> cliEnvironment();

// A client for DynamoDB Local, to arrange and inspect what the CLI should see.
dynamodb::Client localClient();

// An audit entry as a run would write it; `created_at` as in the log ("2026-01-01T00:00:01").
AuditEntry entry(const std::string& change_id, AuditState state, const std::string& created_at);

// Puts the items {pk: "item#<i>"}, i from 0 to count - 1, into `table`.
void seedNumberedItems(const std::string& table, int count);

// How many items of `table` have the attribute `name` (a consistent scan).
int itemsWithAttribute(const std::string& table, const std::string& name);

// A change file that puts one item into `table` (which must exist for it to succeed).
std::string putItemChange(const std::string& id, const std::string& order,
                          const std::string& table);

// The command that `text` prints starting with `start` (up to the end of its line); fails the test
// (and returns "") when there is none.
std::string printedCommand(const std::string& text, const std::string& start);

// How many times `part` occurs in `text` (overlapping occurrences counted).
std::size_t occurrences(const std::string& text, const std::string& part);

// Runs a command as a shell would run the pasted line: words split, single quotes removed, the
// program `flamingock` being the tool under test. Only the CLI's environment is added: no options.
CliResult runPasted(const std::string& command);

// stdout parsed as JSON; fails the test (and returns null) when it is not.
nlohmann::json json(const CliResult& result);

// The command was refused as a usage error (exit 2), saying `text` on stderr.
void expectUsageError(const CliResult& result, const std::string& text);

// `aws dynamodb <args>` (the AWS CLI) on DynamoDB Local, with JSON output.
CliResult awsDynamoDb(std::vector<std::string> args);

class CliTest : public ::testing::Test {
 protected:
  CliTest();

  // Runs `flamingock --endpoint ... --audit-table ... --lock-table ... <args>`.
  CliResult flamingock(const std::vector<std::string>& args) const;
  // `flamingock run --changes <this test's directory> <extra>`.
  CliResult runChanges(const std::vector<std::string>& extra = {}) const;

  // Writes a YAML change into this test's changes directory.
  void writeChange(const std::string& file_name, const std::string& yaml) const;
  // The audit store on this test's tables.
  dynamodb::DynamoDBAuditStore store() const;
  // Appends `entries` to this test's audit log, under its lock, as a runner would.
  void seed(const std::vector<AuditEntry>& entries) const;
  bool tableExists(const std::string& name) const;
  // Creates a PAY_PER_REQUEST table keyed by `pk` and waits until it is ACTIVE.
  void createTable(const std::string& name) const;

  std::string audit_table_;
  std::string lock_table_;
  TemporaryDirectory changes_;
};

}  // namespace flamingock::test
