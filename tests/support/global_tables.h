// DynamoDB Local has no global tables: through a FaultProxy, its answers to DescribeTable of
// chosen tables list replicas (and MultiRegionConsistency), as DynamoDB's answers in a Region of a
// global table would (docs/operations.md#several-regions).
//
//   FaultProxy proxy(localDynamoDbEndpoint());
//   GlobalTables global(proxy);
//   global.replicate(audit_table, {"us-east-1", "eu-west-1"});   // MREC
//   config.endpoint = proxy.url();
//   ...
//   EXPECT_EQ(writeRequestCount(proxy), 0);
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "support/fault_proxy.h"

namespace flamingock::test {

// Rewrites `proxy`'s answers from construction on; outlives nothing: the proxy keeps what it needs.
class GlobalTables {
 public:
  explicit GlobalTables(FaultProxy& proxy);

  // From now on DescribeTable of `table` answers with `regions` as its ACTIVE replicas, and with
  // MultiRegionConsistency STRONG when `strong` (else without it: EVENTUAL).
  void replicate(const std::string& table, std::vector<std::string> regions, bool strong = false);

 private:
  struct Replication {
    std::vector<std::string> regions;
    bool strong = false;
  };
  struct Shared {
    std::mutex mutex;
    std::map<std::string, Replication> tables;
  };
  std::shared_ptr<Shared> shared_ = std::make_shared<Shared>();
};

// How many requests that write (CreateTable, PutItem, UpdateItem, DeleteItem, BatchWriteItem,
// TransactWriteItems) reached `proxy`.
int writeRequestCount(const FaultProxy& proxy);

}  // namespace flamingock::test
