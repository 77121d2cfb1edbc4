// What is wrong with one YAML change file, collected while reading it so that one pass reports
// every problem of the file, each with its line.
//
//   YamlProblems problems("orders.yaml");
//   problems.add(node.Mark(), "unknown key 'auhtor'");
//   // problems.list() == {"orders.yaml:3: unknown key 'auhtor'"}
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace flamingock::dynamodb::detail {

class YamlProblems {
 public:
  explicit YamlProblems(std::string file_name) : file_name_(std::move(file_name)) {}

  // A problem at `mark` (yaml-cpp counts lines from 0; messages from 1).
  void add(const YAML::Mark& mark, const std::string& what) { add(mark.line + 1, what); }
  void add(int line, const std::string& what) {
    list_.push_back(file_name_ + ":" + std::to_string(line) + ": " + what);
  }
  // A problem of the whole file, such as one that cannot be read.
  void add(const std::string& what) { list_.push_back(file_name_ + ": " + what); }

  bool empty() const { return list_.empty(); }
  std::size_t size() const { return list_.size(); }
  std::vector<std::string>& list() { return list_; }

 private:
  std::string file_name_;
  std::vector<std::string> list_;
};

}  // namespace flamingock::dynamodb::detail
