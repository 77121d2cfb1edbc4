// What a listener or a logger heard, kept from whichever threads call it and read as a copy.
//
//   Recording<std::string> lines;        // a logger's member
//   lines.add(record.message);           // in its log(), from any thread
//   EXPECT_THAT(lines.values(), Contains("..."));
#pragma once

#include <mutex>
#include <utility>
#include <vector>

namespace flamingock::test {

// Thread-safe.
template <class T>
class Recording {
 public:
  std::vector<T> values() const {
    std::lock_guard lock(mutex_);
    return values_;
  }
  void add(T value) {
    std::lock_guard lock(mutex_);
    values_.push_back(std::move(value));
  }

 private:
  mutable std::mutex mutex_;
  std::vector<T> values_;
};

}  // namespace flamingock::test
