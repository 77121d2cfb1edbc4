#include "flamingock/testing/doubles.h"

namespace flamingock::testing {

void InMemoryTransaction::put(std::string key, std::string value) {
  writes_.emplace_back(std::move(key), std::move(value));
}

void InMemoryTransaction::erase(std::string key) {
  writes_.emplace_back(std::move(key), std::nullopt);
}

void InMemoryTransaction::commit() {
  std::lock_guard lock(target_.mutex_);
  for (auto& [key, value] : writes_) {
    if (value) {
      target_.data_[key] = *value;
    } else {
      target_.data_.erase(key);
    }
  }
  writes_.clear();
}

InMemoryTargetSystem::InMemoryTargetSystem(std::string id) : TargetSystem(std::move(id)) {}

std::unique_ptr<TargetTransaction> InMemoryTargetSystem::beginTransaction() {
  return std::make_unique<InMemoryTransaction>(*this);
}

void InMemoryTargetSystem::put(const std::string& key, std::string value) {
  std::lock_guard lock(mutex_);
  data_[key] = std::move(value);
}

std::optional<std::string> InMemoryTargetSystem::get(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto found = data_.find(key);
  if (found == data_.end()) return std::nullopt;
  return found->second;
}

std::map<std::string, std::string> InMemoryTargetSystem::data() const {
  std::lock_guard lock(mutex_);
  return data_;
}

}  // namespace flamingock::testing
