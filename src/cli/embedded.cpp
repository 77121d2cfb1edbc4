// flamingock::cli::run: the CLI over a service's own store and pipeline.
#include <utility>

#include "cli/command_line.h"
#include "flamingock/cli.h"

namespace flamingock::cli {
namespace {

class ServicePipeline : public detail::Service {
 public:
  ServicePipeline(std::shared_ptr<AuditStore> store, FlamingockBuilder& builder)
      : store_(std::move(store)), builder_(builder) {}

  std::shared_ptr<AuditStore> auditStore(const detail::Settings&) override { return store_; }

  FlamingockBuilder pipeline(const detail::Settings& settings) override {
    builder_.setAuditStore(store_);
    settings.configure(builder_);
    return std::move(builder_);
  }

 private:
  std::shared_ptr<AuditStore> store_;
  FlamingockBuilder& builder_;
};

}  // namespace

int run(int argc, char** argv, std::shared_ptr<AuditStore> audit_store,
        FlamingockBuilder& builder) {
  ServicePipeline service(std::move(audit_store), builder);
  return detail::runCommandLine(argc, argv, detail::Mode::kEmbedded, service);
}

}  // namespace flamingock::cli
