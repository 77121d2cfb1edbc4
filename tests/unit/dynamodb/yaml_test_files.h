// A temporary directory of YAML change files for the tests of YAML changes, removed with the
// object.
//
//   YamlTestDirectory dir;
//   dir.write("0001-orders.yaml", "id: orders\norder: \"0001\"\napply: [...]\n");
//   auto changes = flamingock::dynamodb::loadYamlChanges(dir.path());
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

namespace flamingock::test {

class YamlTestDirectory {
 public:
  YamlTestDirectory() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("flamingock-yaml-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::create_directories(path_);
  }
  ~YamlTestDirectory() {
    std::error_code ignored;  // a leftover temporary directory must not fail a test
    std::filesystem::remove_all(path_, ignored);
  }
  YamlTestDirectory(const YamlTestDirectory&) = delete;
  YamlTestDirectory& operator=(const YamlTestDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Writes (or replaces) the file `name` with `text`; returns its path.
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::filesystem::path file = path_ / name;
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
    return file;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace flamingock::test
