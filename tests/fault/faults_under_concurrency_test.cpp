// Several processes of one service run the same changes through a proxy that spoils a fifth of
// all requests (dropped connections before and after the server saw them, 5xx, throttling, answers
// held back within and past the client's timeout): every change is still applied exactly once and
// recorded exactly once (docs/exactly-once.md). The tables are read directly, not through the
// proxy.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "fault/reliability_support.h"
#include "support/fault_proxy.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using Fault = FaultProxy::Fault;

constexpr int kProcesses = 4;
constexpr int kChanges = 50;
constexpr double kFaultRate = 0.2;
// An operator may start a process again after it failed with a clear error.
constexpr int kRunsPerProcess = 3;
// Past the runners' request timeout below: such an answer is lost after the server acted on it.
constexpr std::chrono::milliseconds kSlowAnswer{1500};

const std::vector<Fault> kFaults = {Fault::Drop,
                                    Fault::DropAfterForwarding,
                                    Fault::InternalErrorHtml,
                                    Fault::ServiceUnavailableEmpty,
                                    Fault::Throttling,
                                    Fault::ProvisionedThroughputExceeded,
                                    Fault::CorruptBody,
                                    Fault::Slow,
                                    Fault::Delayed};

// The helper service through the proxy: even changes transactional, odd ones not; short timeouts
// and quick retries so that faults are retried rather than waited out.
std::vector<std::string> faultyServiceOptions(const std::string& proxy_url) {
  const std::vector<std::pair<std::string, std::string>> options = {
      {"--endpoint", proxy_url},        {"--changes", std::to_string(kChanges)},
      {"--transactional", "alternate"}, {"--recovery", "always"},
      {"--lease-ms", "10000"},          {"--request-timeout-ms", "1000"},
      {"--max-attempts", "10"},         {"--base-delay-ms", "5"},
      {"--max-delay-ms", "200"}};
  std::vector<std::string> arguments;
  for (const auto& [name, value] : options) arguments.insert(arguments.end(), {name, value});
  return arguments;
}

struct ProcessOutcome {
  bool succeeded = false;
  std::string execution_id;         // of the run that succeeded
  std::vector<std::string> errors;  // the output of each failed run
};

std::string executionIdIn(const std::string& output) {
  auto at = output.find("execution ");
  if (at == std::string::npos) return "";
  auto begin = at + std::string("execution ").size();
  return output.substr(begin, output.find('\n', begin) - begin);
}

// Starts every process at once; a process that fails is started again, up to kRunsPerProcess.
std::vector<ProcessOutcome> runConcurrently(const std::vector<std::string>& arguments) {
  std::vector<ProcessOutcome> outcomes(kProcesses);
  std::vector<StartedProgram> running;
  for (int i = 0; i < kProcesses; ++i) running.emplace_back(arguments);
  for (int i = 0; i < kProcesses; ++i) {
    ProgramResult result = running[i].wait();
    while (result.exit_code != 0) {
      outcomes[i].errors.push_back(result.output);
      if (static_cast<int>(outcomes[i].errors.size()) == kRunsPerProcess) break;
      result = runProgram(arguments);
    }
    outcomes[i].succeeded = result.exit_code == 0;
    if (outcomes[i].succeeded) outcomes[i].execution_id = executionIdIn(result.output);
  }
  return outcomes;
}

TEST(FaultsUnderConcurrencyTest, FourProcessesApplyEachChangeOnceThroughAFaultyNetwork) {
  std::uint64_t seed = testSeed();
  int rounds = sizeFor(2, 10);
  for (int round = 0; round < rounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round) + " of seed " + std::to_string(seed));
    ServiceTables tables;
    FaultProxy proxy(localDynamoDbEndpoint(), kSlowAnswer);
    proxy.injectAtRandom(kFaultRate, kFaults, seed + round);

    std::vector<ProcessOutcome> outcomes =
        runConcurrently(tables.arguments(faultyServiceOptions(proxy.url())));

    // Every process got through, each failure on the way said why.
    std::set<std::string> succeeded_executions;
    int failed_runs = 0;
    for (const ProcessOutcome& outcome : outcomes) {
      EXPECT_TRUE(outcome.succeeded) << ::testing::PrintToString(outcome.errors);
      if (outcome.succeeded) succeeded_executions.insert(outcome.execution_id);
      for (const std::string& error : outcome.errors) {
        EXPECT_FALSE(error.empty()) << "a failed run printed no reason";
        std::cout << "[ rerun    ] a runner failed and was started again: " << error;
      }
      failed_runs += static_cast<int>(outcome.errors.size());
    }
    // Otherwise the proxy spoiled nothing and the round proved nothing about faults.
    EXPECT_GT(proxy.faultCount(), proxy.requestCount() / 10);
    std::cout << "[ faults   ] " << proxy.faultCount() << " of " << proxy.requestCount()
              << " requests spoiled, " << failed_runs << " failed run(s)" << std::endl;

    // Each change's side effect happened once.
    std::map<std::string, int> counts = tables.counters();
    EXPECT_EQ(counts.size(), static_cast<std::size_t>(kChanges));
    for (const auto& [change, count] : counts) EXPECT_EQ(count, 1) << change;

    // Each change has exactly one APPLIED entry, with the change's own fields; transactional ones
    // have nothing else. A STARTED entry of a non-transactional change is followed by an APPLIED
    // of the same execution, unless that execution was one of the runs that failed.
    AuditByChange audit = tables.auditByChange();
    EXPECT_EQ(audit.size(), static_cast<std::size_t>(kChanges));
    std::set<std::string> unfinished_executions;
    for (int number = 1; number <= kChanges; ++number) {
      std::string id = changeId(number);
      SCOPED_TRACE(id);
      const std::vector<AuditEntry>& entries = entriesOf(audit, id);
      bool transactional = number % 2 == 0;
      ASSERT_EQ(countState(entries, AuditState::kApplied), 1);
      std::set<std::string> applied_by;
      for (const AuditEntry& entry : entries) {
        EXPECT_EQ(entry.change_order, id.substr(7));
        EXPECT_EQ(entry.transaction_flag, transactional);
        EXPECT_EQ(entry.tx_strategy, transactional ? TxStrategy::kTxShared : TxStrategy::kNonTx);
        EXPECT_EQ(entry.recovery_strategy, RecoveryStrategy::kAlwaysRetry);
        EXPECT_EQ(entry.target_system_id, "dynamodb");
        if (entry.state == AuditState::kApplied) applied_by.insert(entry.execution_id);
      }
      for (const AuditEntry& entry : entries) {
        if (entry.state == AuditState::kApplied) continue;
        EXPECT_FALSE(transactional) << "a transactional change recorded " << toString(entry.state);
        if (entry.state == AuditState::kStarted && applied_by.contains(entry.execution_id)) {
          continue;
        }
        EXPECT_FALSE(succeeded_executions.contains(entry.execution_id))
            << "a run that succeeded left " << toString(entry.state);
        unfinished_executions.insert(entry.execution_id);
      }
    }
    EXPECT_LE(static_cast<int>(unfinished_executions.size()), failed_runs);
  }
}

}  // namespace
}  // namespace flamingock::test
