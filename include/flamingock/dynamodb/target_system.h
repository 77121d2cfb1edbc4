// DynamoDB as a target system: what changes act on, and, for transactional changes, the
// transaction that commits a change's writes together with its audit entry.
//
//   auto client = flamingock::dynamodb::Client::fromEnvironment();
//   auto target = std::make_shared<flamingock::dynamodb::DynamoDBTargetSystem>("dynamodb", client);
//
//   // In a change:
//   void apply(flamingock::ChangeContext& ctx) override {
//     auto& db = ctx.target<flamingock::dynamodb::DynamoDBTargetSystem>().client();
//     db.createTable(/* ... */);                                 // non-transactional changes
//   }
//   void apply(flamingock::ChangeContext& ctx) override {       // a transactional change
//     auto& tx = ctx.transaction<flamingock::dynamodb::DynamoDBTransaction>();
//     tx.put({.table_name = "orders", .item = order});
//   }
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "flamingock/dynamodb/client.h"
#include "flamingock/dynamodb/transaction_model.h"
#include "flamingock/target_system.h"

namespace flamingock::dynamodb {

// The writes of one transactional change, in the order added. Nothing is sent until the audit
// store commits them, in one TransactWriteItems, with the change's APPLIED entry, the check that
// its FAILED entry is absent and its lock check; a transaction that is discarded leaves no trace.
// DynamoDB allows 100 actions in a transaction and three of them are the store's: a change may
// add 97. Used from one thread.
class DynamoDBTransaction : public TargetTransaction {
 public:
  DynamoDBTransaction& put(Put put);
  DynamoDBTransaction& update(Update update);
  DynamoDBTransaction& remove(Delete remove);
  DynamoDBTransaction& conditionCheck(ConditionCheck check);

  // The actions added so far.
  const std::vector<TransactWriteItem>& items() const { return items_; }

 private:
  DynamoDBTransaction& add(TransactWriteItem item);

  std::vector<TransactWriteItem> items_;
};

// A DynamoDB account (region, endpoint, credentials) that changes act on, under the id they name
// it by. Thread-safe: the client may be used from several threads at once.
class DynamoDBTargetSystem : public TargetSystem {
 public:
  DynamoDBTargetSystem(std::string id, Client client);

  // The client changes use. Copies of it share its connections.
  const Client& client() const { return client_; }

  bool supportsTransactions() const override { return true; }
  // A new, empty DynamoDBTransaction.
  std::unique_ptr<TargetTransaction> beginTransaction() override;

 private:
  Client client_;
};

}  // namespace flamingock::dynamodb
