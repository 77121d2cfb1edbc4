// Global tables (docs/operations.md#several-regions): which part this Region plays for the store's
// tables, and which of a change's target tables replicate item by item.
//
//   detail::RoleFinder finder(client.config().region, detail::homeRegionOf(options.home_region));
//   finder.add(audit_table);   // throws ConfigurationError: MREC replicas and no home Region
//   finder.add(lock_table);
//   StoreRole role = finder.role();
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "flamingock/dynamodb/client.h"
#include "flamingock/store_role.h"

namespace flamingock::dynamodb::detail {

// The environment variable a store reads its home Region from when none is set in code.
inline constexpr const char* kHomeRegionVariable = "FLAMINGOCK_HOME_REGION";

// A home Region and where it came from, for messages.
struct HomeRegion {
  std::string region;
  std::string origin;  // "withHomeRegion", "FLAMINGOCK_HOME_REGION"
};

// `configured` (withHomeRegion) when not empty, else FLAMINGOCK_HOME_REGION when set and not
// empty (checked: ConfigurationError naming the bad value), else none.
std::optional<HomeRegion> homeRegionOf(const std::string& configured);

// Whether `table` has replicas and is not STRONG: its conditional writes hold in one Region only.
bool isEventualGlobalTable(const TableDescription& table);

// Finds the role of the store's Region `here` from its tables, one table at a time, so that a
// table that refuses is found before the next one is created.
class RoleFinder {
 public:
  RoleFinder(std::string here, std::optional<HomeRegion> home);

  // Throws ConfigurationError naming the table, its replicas and the options when `table` is an
  // MREC global table and there is no home Region, or when the home Region is none of its Regions.
  void add(const TableDescription& table);
  StoreRole role() const;

 private:
  std::string here_;
  std::optional<HomeRegion> home_;
  bool replicated_ = false;  // some table has replicas
  bool eventual_ = false;    // some table has replicas and is not STRONG
};

// The store's role once found, shared by copies of a store with the same tables and home.
// Thread-safe.
class KnownRole {
 public:
  std::optional<StoreRole> get() const;
  void set(StoreRole role);

 private:
  mutable std::mutex mutex_;
  std::optional<StoreRole> role_;
};

// Which target tables of transactions are MREC global tables, each described once until cleared
// (at each initialize(), that is once per run). Thread-safe.
class GlobalTargetTables {
 public:
  // The run's log warning for a transaction writing to `tables`: which of them replicate item by
  // item, or could not be described; none when neither.
  std::optional<std::string> warningFor(const Client& client,
                                        const std::vector<std::string>& tables);
  void clear();

 private:
  // For one table: empty when not an MREC global table, else why it deserves the warning.
  std::string noteOf(const Client& client, const std::string& table);

  std::mutex mutex_;
  std::map<std::string, std::string> notes_;
};

}  // namespace flamingock::dynamodb::detail
