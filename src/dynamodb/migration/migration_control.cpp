#include "dynamodb/migration/migration_control.h"

namespace flamingock::dynamodb::detail {

void MigrationControl::fail(std::exception_ptr error) {
  {
    std::lock_guard lock(mutex_);
    if (!error_) error_ = std::move(error);
  }
  changed_.notify_all();
}

bool MigrationControl::stopped() const {
  std::lock_guard lock(mutex_);
  return error_ != nullptr;
}

std::exception_ptr MigrationControl::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

void MigrationControl::workerEnded() {
  {
    std::lock_guard lock(mutex_);
    ++ended_;
  }
  changed_.notify_all();
}

bool MigrationControl::waitForWorkers(int workers, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return ended_ == workers || error_ != nullptr; });
  return ended_ == workers;
}

}  // namespace flamingock::dynamodb::detail
