// Exports what flamingock does as Prometheus metrics: runs a change and a background change (its
// job of 4 parts, 250 items each, done by a worker) on the in-memory store with a
// PrometheusListener, then prints the metrics in Prometheus's text format. With an address
// (`prometheus_metrics_example 127.0.0.1:9464`; port 0: a free one) it also serves them on
// /metrics until Enter (or the end of its input).
#include <prometheus/exposer.h>
#include <prometheus/text_serializer.h>

#include <iostream>
#include <string>

#include "flamingock/flamingock.h"
#include "flamingock/testing.h"
#include "prometheus_listener.h"

namespace {

class CreateOrders : public flamingock::Change {
 public:
  flamingock::ChangeInfo info() const override {
    return {.id = "create-orders", .order = "001", .author = "example"};
  }
  void apply(flamingock::ChangeContext&) override {}
};

// A background change whose job is 4 parts of 250 items: the run registers it, a worker does it,
// reporting its progress as a migration would.
class BackfillOrders : public flamingock::Change {
 public:
  flamingock::ChangeInfo info() const override {
    return {.id = "backfill-orders", .order = "002", .author = "example", .background = true};
  }
  void apply(flamingock::ChangeContext& ctx) override {
    flamingock::JobDefinition job{.subject = "orders", .total_parts = kParts, .fingerprint = "v1"};
    flamingock::ChangeProgress& progress = ctx.progress();
    if (flamingock::JobRegistrar* registrar = progress.jobRegistrar()) {
      return registrar->registerJob(job);
    }
    flamingock::JobParts& parts = *progress.jobParts();
    if (!parts.accepts(job)) return;
    int done = 0;
    while (std::optional<flamingock::JobPart> part = parts.claim()) {
      part->counts = {.scanned = kItemsPerPart, .written = kItemsPerPart};
      part->done = true;
      parts.save(*part);
      ++done;
      progress.report({.change_id = info().id,
                       .subject = job.subject,
                       .scanned = done * kItemsPerPart,
                       .written = done * kItemsPerPart,
                       .parts_done = done,
                       .total_parts = kParts,
                       .finished = done == kParts});
    }
  }

 private:
  static constexpr int kParts = 4;
  static constexpr std::int64_t kItemsPerPart = 250;
};

}  // namespace

int main(int argc, char** argv) {
  auto metrics = std::make_shared<PrometheusListener>();
  auto store = std::make_shared<flamingock::testing::InMemoryAuditStore>();
  flamingock::Runner runner = flamingock::Flamingock::builder()
                                  .setAuditStore(store)
                                  .addListener(metrics)
                                  .addChange(std::make_unique<CreateOrders>())
                                  .addChange(std::make_unique<BackfillOrders>())
                                  .build();
  runner.run();   // applies create-orders, starts the job of backfill-orders
  runner.work();  // a worker does the job: APPLIED

  std::cout << prometheus::TextSerializer().Serialize(metrics->registry()->Collect());
  if (argc > 1) {
    prometheus::Exposer exposer(argv[1]);
    exposer.RegisterCollectable(metrics->registry());
    // The port bound, not the one asked: port 0 leaves the choice to the system.
    std::string address = argv[1];
    std::cout << "serving http://" << address.substr(0, address.rfind(':')) << ':'
              << exposer.GetListeningPorts().front() << "/metrics; press Enter to stop\n";
    std::string line;
    std::getline(std::cin, line);
  }
  return 0;
}
