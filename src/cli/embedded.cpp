// flamingock::cli::run: the CLI over a service's own store and pipeline.
#include <utility>

#include "cli/command_line.h"
#include "flamingock/cli.h"

namespace flamingock::cli {
namespace {

class ServicePipeline : public detail::Service {
 public:
  // `dynamodb_store`: the same store when it is on DynamoDB, for the lock commands; else null.
  ServicePipeline(std::shared_ptr<AuditStore> store, FlamingockBuilder& builder,
                  std::shared_ptr<dynamodb::DynamoDBAuditStore> dynamodb_store = nullptr)
      : store_(std::move(store)), builder_(builder), dynamodb_store_(std::move(dynamodb_store)) {}

  std::shared_ptr<AuditStore> auditStore(const detail::Settings&) override { return store_; }

  std::optional<dynamodb::LockTable> lockTable(const detail::Settings&) override {
    if (!dynamodb_store_) return std::nullopt;
    return dynamodb_store_->lockTable();
  }

  FlamingockBuilder pipeline(const detail::Settings& settings) override {
    builder_.setAuditStore(store_);
    settings.configure(builder_);
    return std::move(builder_);
  }

 private:
  std::shared_ptr<AuditStore> store_;
  FlamingockBuilder& builder_;
  std::shared_ptr<dynamodb::DynamoDBAuditStore> dynamodb_store_;
};

}  // namespace

int run(int argc, char** argv, std::shared_ptr<AuditStore> audit_store,
        FlamingockBuilder& builder) {
  ServicePipeline service(std::move(audit_store), builder);
  return detail::runCommandLine(argc, argv, detail::Mode::kEmbedded, service);
}

int run(int argc, char** argv, std::shared_ptr<dynamodb::DynamoDBAuditStore> audit_store,
        FlamingockBuilder& builder) {
  ServicePipeline service(audit_store, builder, audit_store);
  return detail::runCommandLine(argc, argv, detail::Mode::kEmbedded, service);
}

}  // namespace flamingock::cli
