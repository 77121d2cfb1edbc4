// Environment variables and files for one test, put back as they were when the test ends.
//
//   ScopedEnvironment environment;
//   environment.clearAws();                        // no AWS_* variable of the caller leaks in
//   environment.set("AWS_REGION", "eu-west-1");
//   TemporaryDirectory directory;
//   environment.set("AWS_CONFIG_FILE", directory.write("config", "[default]\nregion = x\n"));
//
// Not thread-safe: tests that use it must not run other threads that read the environment.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace flamingock::test {

class ScopedEnvironment {
 public:
  ScopedEnvironment() = default;
  ~ScopedEnvironment();  // restores every variable it changed
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

  void set(const std::string& name, const std::string& value);
  void unset(const std::string& name);

  // Unsets every variable the AWS settings of the client read, and points the shared credentials
  // and config files at paths that do not exist.
  void clearAws();

 private:
  void remember(const std::string& name);
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;  // first value of each
};

// A fresh directory under the system's temporary directory, removed with what it holds.
class TemporaryDirectory {
 public:
  TemporaryDirectory();
  ~TemporaryDirectory();
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

  const std::string& path() const { return path_; }
  // Writes `content` to the file `name` in the directory and returns the file's path.
  std::string write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

}  // namespace flamingock::test
