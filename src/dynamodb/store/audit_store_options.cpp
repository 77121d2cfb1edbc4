// DynamoDBAuditStore's construction and settings: every value is checked when it is set, except
// that the two table names differ, which holds only once both are set.
#include "dynamodb/client/aws_environment.h"
#include "dynamodb/store/job_table.h"
#include "dynamodb/store/progress_table.h"
#include "dynamodb/store/region_role.h"
#include "dynamodb/store/store_schema.h"
#include "flamingock/dynamodb/audit_store.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb {
namespace {

std::int64_t checkedCapacity(const char* setting, std::int64_t units) {
  if (units < 1) {
    throw ConfigurationError(std::string(setting) + " must be at least 1, got " +
                             std::to_string(units));
  }
  return units;
}

}  // namespace

void DynamoDBAuditStore::checkTableNames() const {
  if (options_.audit_table_name == options_.lock_table_name) {
    throw ConfigurationError("the audit and lock tables must differ; both are named '" +
                             options_.audit_table_name +
                             "' (withAuditRepositoryName / withLockRepositoryName)");
  }
}

DynamoDBAuditStore DynamoDBAuditStore::from(const DynamoDBTargetSystem& target) {
  return DynamoDBAuditStore(target.client().config());
}

DynamoDBAuditStore::DynamoDBAuditStore(ClientConfig config)
    : client_(std::move(config)),
      progress_(std::make_shared<detail::ProgressTable>(client_, options_.lock_table_name)),
      jobs_(std::make_shared<detail::JobTable>(client_, options_)),
      known_role_(std::make_shared<detail::KnownRole>()),
      global_targets_(std::make_shared<detail::GlobalTargetTables>()) {}

DynamoDBAuditStore& DynamoDBAuditStore::withAutoCreate(bool auto_create) {
  options_.auto_create = auto_create;
  return *this;
}

DynamoDBAuditStore& DynamoDBAuditStore::withReadCapacityUnits(std::int64_t units) {
  options_.read_capacity_units = checkedCapacity("withReadCapacityUnits", units);
  return *this;
}

DynamoDBAuditStore& DynamoDBAuditStore::withWriteCapacityUnits(std::int64_t units) {
  options_.write_capacity_units = checkedCapacity("withWriteCapacityUnits", units);
  return *this;
}

DynamoDBAuditStore& DynamoDBAuditStore::withBillingMode(BillingMode mode) {
  options_.billing_mode = mode;
  return *this;
}

DynamoDBAuditStore& DynamoDBAuditStore::withAuditRepositoryName(std::string name) {
  detail::checkTableName("withAuditRepositoryName", name);
  options_.audit_table_name = std::move(name);
  jobs_ = std::make_shared<detail::JobTable>(client_, options_);
  known_role_ = std::make_shared<detail::KnownRole>();
  return *this;
}

DynamoDBAuditStore& DynamoDBAuditStore::withLockRepositoryName(std::string name) {
  detail::checkTableName("withLockRepositoryName", name);
  options_.lock_table_name = std::move(name);
  progress_ = std::make_shared<detail::ProgressTable>(client_, options_.lock_table_name);
  jobs_ = std::make_shared<detail::JobTable>(client_, options_);
  known_role_ = std::make_shared<detail::KnownRole>();
  return *this;
}

DynamoDBAuditStore& DynamoDBAuditStore::withHomeRegion(std::string region) {
  if (region.empty()) {
    throw ConfigurationError("withHomeRegion needs a Region name such as \"us-east-1\", got ''");
  }
  detail::validateRegion(region, "withHomeRegion");
  options_.home_region = std::move(region);
  known_role_ = std::make_shared<detail::KnownRole>();
  return *this;
}

}  // namespace flamingock::dynamodb
