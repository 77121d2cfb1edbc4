// One Scan segment of a migration: page after page, each item through the callback, the page's
// writes acknowledged before the page is recorded in the checkpoint.
#pragma once

#include <vector>

#include "dynamodb/migration/migration_control.h"
#include "flamingock/dynamodb/client.h"
#include "flamingock/dynamodb/item_migration.h"

namespace flamingock::dynamodb::detail {

// The writes of the items of one page, behind MigrationWrites. Used from one thread.
class SegmentWriter {
 public:
  SegmentWriter(const Client& client, const MigrationShared& shared);

  MigrationWrites& writes() { return writes_; }
  bool update(UpdateItemRequest request);
  void put(Item item);
  void remove(Item key);
  Item keyOf(const Item& item) const;
  // Sends what is batched; when it returns, every write asked for so far was acknowledged.
  void flush();
  // An item of the page failed and was quarantined.
  void countFailed() { ++counts_.failed; }
  // The written, skipped and failed counts since the last call.
  MigrationTotals takeCounts();

  // Calls `request` until it gets an answer that is not throttling, slowing the migration down at
  // each throttling answer; stops (throws the migration's failure) when the migration stops.
  template <class Request>
  auto unthrottled(const Request& request) -> decltype(request());
  // Slows the migration down after the `attempt`th throttling (from 1), and waits the backoff.
  void slowDown(int attempt);

 private:
  void batch(WriteRequest write);

  const Client& client_;
  const MigrationShared& shared_;
  MigrationWrites writes_;
  std::vector<WriteRequest> batch_;
  MigrationTotals counts_;
};

// Runs `segment` from its checkpoint to its end, or until the migration stops. Throws what
// failed (the callback's error naming the item's key, a refused write, a lost lock).
void runSegment(const Client& client, int segment, const MigrationShared& shared);

}  // namespace flamingock::dynamodb::detail
