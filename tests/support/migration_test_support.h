// What the data migration tests share (README.md#data-migrations): a table seeded with numbered
// items, the doubling migration that each test runs (`v2 = 2 * v`, conditional, so harmless when
// repeated), a change running it, and a check of every item.
//
//   std::string table = createDataTable(client, "orders");
//   seedItems(client, table, 20000);
//   MigrationChange change(options, doubling());
//   EXPECT_EQ(unmigratedItems(client, table, 20000), std::vector<std::string>{});
#pragma once

#include <atomic>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "flamingock/change.h"
#include "flamingock/change_context.h"
#include "flamingock/dynamodb/client.h"
#include "flamingock/dynamodb/item_migration.h"
#include "flamingock/listener.h"
// Beside this header: the helper program includes it without the tests' include path.
#include "recording.h"

namespace flamingock::test {

// "item#00042".
inline std::string itemKey(int number) {
  char text[32];
  std::snprintf(text, sizeof text, "item#%05d", number);
  return text;
}

// Puts items 0 to count-1 ({pk, v = number, payload}) with BatchWriteItem, from a few threads.
inline void seedItems(const dynamodb::Client& client, const std::string& table, int count) {
  using namespace dynamodb;
  constexpr int kThreads = 4;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      BatchWriteItemRequest request;
      auto& writes = request.request_items[table];
      for (int i = t; i < count; i += kThreads) {
        writes.push_back(
            WriteRequest::put({{"pk", AttributeValue::string(itemKey(i))},
                               {"v", AttributeValue::number(i)},
                               {"payload", AttributeValue::string(std::string(64, 'x'))}}));
      }
      Client(client.config()).batchWriteAll(request);
    });
  }
  for (std::thread& thread : threads) thread.join();
}

// The test migration: sets v2 = 2 * v unless v2 is there already.
inline void doubleItem(const dynamodb::Item& item, dynamodb::MigrationWrites& out) {
  using namespace dynamodb;
  out.update({.key = out.keyOf(item),
              .update_expression = "SET v2 = :v2",
              .condition_expression = "attribute_not_exists(v2)",
              .expression_attribute_values = {
                  {":v2", AttributeValue::number(2 * item.at("v").asInt64())}}});
}

// The keys of items 0 to count-1 that are missing or whose v2 is not 2 * v (a consistent scan).
inline std::vector<std::string> unmigratedItems(const dynamodb::Client& client,
                                                const std::string& table, int count) {
  std::vector<bool> good(count, false);
  client.scanAll({.table_name = table, .consistent_read = true}, [&](dynamodb::ItemPage& page) {
    for (const dynamodb::Item& item : page.items) {
      auto v2 = item.find("v2");
      std::int64_t v = item.at("v").asInt64();
      if (v >= 0 && v < count && v2 != item.end() && v2->second.asInt64() == 2 * v) good[v] = true;
    }
  });
  std::vector<std::string> missing;
  for (int i = 0; i < count; ++i) {
    if (!good[i]) missing.push_back(itemKey(i));
  }
  return missing;
}

// The test migration's undoing: removes v2 where it is there.
inline void undoItem(const dynamodb::Item& item, dynamodb::MigrationWrites& out) {
  out.update({.key = out.keyOf(item),
              .update_expression = "REMOVE v2",
              .condition_expression = "attribute_exists(v2)"});
}

// How many items of `table` hold v2 (a consistent scan).
inline int itemsWithV2(const dynamodb::Client& client, const std::string& table) {
  int count = 0;
  client.scanAll({.table_name = table, .consistent_read = true}, [&](dynamodb::ItemPage& page) {
    for (const dynamodb::Item& item : page.items) count += item.contains("v2") ? 1 : 0;
  });
  return count;
}

// What a MigrationChange's rollback does.
enum class MigrationRollback {
  kNone,     // it has none
  kKeep,     // leaves the items alone
  kMigrate,  // an ItemMigration with undoItem, with the apply's options
};

// A change that runs one ItemMigration with `callback`, keeping its totals (of the apply or the
// rollback that ran last).
class MigrationChange : public Change {
 public:
  MigrationChange(dynamodb::ItemMigrationOptions options,
                  dynamodb::ItemMigration::Callback callback, std::string id = "migrate-items",
                  MigrationRollback rollback = MigrationRollback::kNone)
      : options_(std::move(options)),
        callback_(std::move(callback)),
        id_(std::move(id)),
        rollback_(rollback) {}

  // Makes it a background change (ChangeInfo::background): runs register it, workers do it.
  MigrationChange& inBackground() {
    background_ = true;
    return *this;
  }

  ChangeInfo info() const override {
    return {.id = id_,
            .order = "0001",
            .author = "ben",
            .recovery = RecoveryStrategy::kAlwaysRetry,
            .background = background_};
  }
  void apply(ChangeContext& ctx) override {
    totals_ = dynamodb::ItemMigration(options_).run(ctx, callback_);
  }
  void rollback(ChangeContext& ctx) override {
    if (rollback_ == MigrationRollback::kNone) Change::rollback(ctx);
    if (rollback_ == MigrationRollback::kMigrate) {
      totals_ = dynamodb::ItemMigration(options_).run(ctx, undoItem);
    }
  }
  bool hasRollback() const override { return rollback_ != MigrationRollback::kNone; }
  const dynamodb::MigrationTotals& totals() const { return totals_; }

 private:
  dynamodb::ItemMigrationOptions options_;
  dynamodb::ItemMigration::Callback callback_;
  std::string id_;
  MigrationRollback rollback_;
  bool background_ = false;
  dynamodb::MigrationTotals totals_;
};

// Keeps every progress event.
class ProgressRecorder : public Listener {
 public:
  void onProgress(const ProgressEvent& progress) override { events_.add(progress); }
  std::vector<ProgressEvent> events() const { return events_.values(); }

 private:
  Recording<ProgressEvent> events_;
};

}  // namespace flamingock::test
