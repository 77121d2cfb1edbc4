#include "cli/standalone_service.h"

#include <cstdlib>

#include "flamingock/dynamodb/audit_store.h"
#include "flamingock/dynamodb/client.h"
#include "flamingock/dynamodb/target_system.h"
#include "flamingock/dynamodb/yaml_changes.h"

namespace flamingock::cli::detail {
namespace {

class YamlOnDynamoDb : public Service {
 public:
  std::shared_ptr<AuditStore> auditStore(const Settings& settings) override {
    connect(settings);
    return store_;
  }

  FlamingockBuilder pipeline(const Settings& settings) override {
    auto changes = dynamodb::loadYamlChanges(settings.changes_dir);
    connect(settings);
    FlamingockBuilder builder;
    builder.setAuditStore(store_).addTargetSystems({target_}).addChanges(std::move(changes));
    settings.configure(builder);
    return builder;
  }

 private:
  void connect(const Settings& settings) {
    if (store_) return;
    // The options win over the environment; setting them there lets the client resolve the
    // profile's region and credentials exactly as it does for a service.
    setIfGiven("AWS_PROFILE", settings.profile);
    setIfGiven("AWS_REGION", settings.region);
    setIfGiven("AWS_ENDPOINT_URL_DYNAMODB", settings.endpoint);
    dynamodb::Client client(dynamodb::Client::configFromEnvironment());
    target_ = std::make_shared<dynamodb::DynamoDBTargetSystem>("dynamodb", client);
    auto store = dynamodb::DynamoDBAuditStore::from(*target_);
    try {
      if (!settings.audit_table.empty()) store.withAuditRepositoryName(settings.audit_table);
      if (!settings.lock_table.empty()) store.withLockRepositoryName(settings.lock_table);
    } catch (const ConfigurationError& error) {
      throw UsageError(std::string("--audit-table/--lock-table: ") + error.what());
    }
    try {
      if (!settings.home_region.empty()) store.withHomeRegion(settings.home_region);
    } catch (const ConfigurationError& error) {
      throw UsageError(std::string("--home-region: ") + error.what());
    }
    store_ = std::make_shared<dynamodb::DynamoDBAuditStore>(std::move(store));
  }

  static void setIfGiven(const char* name, const std::string& value) {
    if (!value.empty()) setenv(name, value.c_str(), 1);
  }

  std::shared_ptr<dynamodb::DynamoDBTargetSystem> target_;
  std::shared_ptr<dynamodb::DynamoDBAuditStore> store_;
};

}  // namespace

std::unique_ptr<Service> standaloneService() { return std::make_unique<YamlOnDynamoDb>(); }

}  // namespace flamingock::cli::detail
