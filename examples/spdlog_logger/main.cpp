// Runs two in-memory changes with the report sent to spdlog at debug level: one line a change
// applied, one a change skipped (the second run), and a summary line a run.
#include <spdlog/spdlog.h>

#include "flamingock/flamingock.h"
#include "flamingock/testing.h"
#include "spdlog_logger.h"

namespace {

class Greet : public flamingock::Change {
 public:
  explicit Greet(std::string id) : id_(std::move(id)) {}
  flamingock::ChangeInfo info() const override {
    return {.id = id_, .order = id_, .author = "example"};
  }
  void apply(flamingock::ChangeContext&) override {}

 private:
  std::string id_;
};

flamingock::Runner runner(const std::shared_ptr<flamingock::AuditStore>& store) {
  std::vector<std::unique_ptr<flamingock::Change>> changes;
  changes.push_back(std::make_unique<Greet>("001"));
  changes.push_back(std::make_unique<Greet>("002"));
  return flamingock::Flamingock::builder()
      .setAuditStore(store)
      .addChanges(std::move(changes))
      .setLogger(std::make_shared<SpdlogLogger>(spdlog::default_logger()))
      .build();
}

}  // namespace

int main() {
  spdlog::set_level(spdlog::level::debug);
  auto store = std::make_shared<flamingock::testing::InMemoryAuditStore>();
  runner(store).run();  // applies both
  runner(store).run();  // skips both (debug lines)
  return 0;
}
