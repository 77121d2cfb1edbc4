#include "dynamodb/store/region_role.h"

#include <algorithm>
#include <cstdlib>

#include "dynamodb/client/aws_environment.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

// "us-east-1 (ACTIVE), eu-west-1 (CREATING)"
std::string listReplicas(const TableDescription& table) {
  std::string text;
  for (const Replica& replica : table.replicas) {
    if (!text.empty()) text += ", ";
    text += replica.region_name;
    if (!replica.replica_status.empty()) text += " (" + replica.replica_status + ")";
  }
  return text;
}

bool hasRegion(const TableDescription& table, const std::string& here, const std::string& region) {
  return region == here ||
         std::any_of(table.replicas.begin(), table.replicas.end(),
                     [&](const Replica& replica) { return replica.region_name == region; });
}

}  // namespace

std::optional<HomeRegion> homeRegionOf(const std::string& configured) {
  if (!configured.empty()) return HomeRegion{configured, "withHomeRegion"};
  const char* variable = std::getenv(kHomeRegionVariable);
  if (variable == nullptr || *variable == '\0') return std::nullopt;
  validateRegion(variable, kHomeRegionVariable);
  return HomeRegion{variable, kHomeRegionVariable};
}

bool isEventualGlobalTable(const TableDescription& table) {
  return !table.replicas.empty() &&
         table.multi_region_consistency != MultiRegionConsistency::kStrong;
}

RoleFinder::RoleFinder(std::string here, std::optional<HomeRegion> home)
    : here_(std::move(here)), home_(std::move(home)) {}

void RoleFinder::add(const TableDescription& table) {
  if (table.replicas.empty()) return;
  replicated_ = true;
  if (!isEventualGlobalTable(table)) return;
  eventual_ = true;
  if (!home_) {
    throw ConfigurationError(
        "table '" + table.table_name + "' is a global table with replicas " + listReplicas(table) +
        " in multi-Region eventual consistency: a lock taken in two Regions would be two locks, "
        "and each Region would apply the same changes. Name the one Region that applies them "
        "(this store's Region is " +
        here_ + "): withHomeRegion(\"<region>\") on DynamoDBAuditStore, --home-region, or " +
        kHomeRegionVariable + "; nothing was written");
  }
  if (!hasRegion(table, here_, home_->region)) {
    throw ConfigurationError("home Region '" + home_->region + "' (from " + home_->origin +
                             ") is not a Region of global table '" + table.table_name +
                             "': it has this store's Region " + here_ + " and replicas " +
                             listReplicas(table));
  }
}

StoreRole RoleFinder::role() const {
  if (eventual_) {
    return {home_->region == here_ ? StoreRole::Kind::kHome : StoreRole::Kind::kFollower, here_,
            home_->region};
  }
  if (replicated_) return {StoreRole::Kind::kAnywhere, here_, ""};
  return {StoreRole::Kind::kSingle, here_, ""};
}

std::optional<StoreRole> KnownRole::get() const {
  std::lock_guard lock(mutex_);
  return role_;
}

void KnownRole::set(StoreRole role) {
  std::lock_guard lock(mutex_);
  role_ = std::move(role);
}

std::optional<std::string> GlobalTargetTables::warningFor(const Client& client,
                                                          const std::vector<std::string>& tables) {
  std::string notes;
  for (const std::string& table : tables) {
    std::string note = noteOf(client, table);
    if (note.empty()) continue;
    notes += (notes.empty() ? "" : "; ") + note;
  }
  if (notes.empty()) return std::nullopt;
  return "the transaction commits at once in this Region, but other Regions receive its items "
         "one by one: " +
         notes;
}

void GlobalTargetTables::clear() {
  std::lock_guard lock(mutex_);
  notes_.clear();
}

std::string GlobalTargetTables::noteOf(const Client& client, const std::string& table) {
  std::lock_guard lock(mutex_);
  auto known = notes_.find(table);
  if (known != notes_.end()) return known->second;
  std::string note;
  try {
    TableDescription described = client.describeTable({.table_name = table}).table;
    if (isEventualGlobalTable(described)) {
      note = "table '" + table +
             "' is a global table in multi-Region eventual consistency "
             "(replicas " +
             listReplicas(described) + ")";
    }
  } catch (const std::exception& e) {
    // The warning is advice: a role without DescribeTable on a target table still commits.
    note = "whether table '" + table + "' is a global table is unknown (" + e.what() + ")";
  }
  notes_.emplace(table, note);
  return note;
}

}  // namespace flamingock::dynamodb::detail
