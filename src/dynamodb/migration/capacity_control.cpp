#include "dynamodb/migration/capacity_control.h"

namespace flamingock::dynamodb::detail {
namespace {

std::optional<TokenBucket> bucketOf(double units, TokenBucket::TimePoint now) {
  if (units <= 0) return std::nullopt;
  return TokenBucket(units, now);
}

}  // namespace

CapacityBudget budgetOf(const ItemMigrationOptions& options, const TableDescription& table) {
  if (table.billing_mode == BillingMode::kPayPerRequest) {
    return {.write_units = options.max_write_units_per_second};
  }
  double share = options.max_capacity_percent / 100;
  return {
      .read_units = share * static_cast<double>(table.provisioned_throughput.read_capacity_units),
      .write_units =
          share * static_cast<double>(table.provisioned_throughput.write_capacity_units)};
}

CapacityControl::CapacityControl(CapacityBudget budget, Clock& clock)
    : budget_(budget),
      clock_(clock),
      read_(bucketOf(budget.read_units, clock.monotonicNow())),
      write_(bucketOf(budget.write_units, clock.monotonicNow())) {}

void CapacityControl::consumedRead(double units) { consume(read_, units); }

void CapacityControl::consumedWrite(double units) { consume(write_, units); }

void CapacityControl::consume(std::optional<TokenBucket>& bucket, double units) {
  std::chrono::nanoseconds wait{0};
  {
    std::lock_guard lock(mutex_);
    if (!bucket || units <= 0) return;
    wait = bucket->take(units, clock_.monotonicNow());
  }
  if (wait > std::chrono::nanoseconds(0)) {
    clock_.sleepFor(std::chrono::ceil<std::chrono::milliseconds>(wait));
  }
}

void CapacityControl::setShare(double share) {
  std::lock_guard lock(mutex_);
  auto now = clock_.monotonicNow();
  if (read_) read_->setRate(budget_.read_units * share, now);
  if (write_) write_->setRate(budget_.write_units * share, now);
}

}  // namespace flamingock::dynamodb::detail
