// A change read from a YAML file: its operations run with the DynamoDB target system's client,
// or join the change's DynamoDB transaction when it is transactional.
//
//   YamlProblems problems("0001-orders.yaml");
//   std::optional<YamlChangeDefinition> definition = readYamlChangeFile(text, "0001-orders.yaml",
//                                                                       problems);
//   auto change = std::make_unique<YamlChange>(std::move(*definition));
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dynamodb/yaml/yaml_operations.h"
#include "flamingock/change.h"

namespace flamingock::dynamodb::detail {

struct YamlChangeDefinition {
  ChangeInfo info;
  std::string source_file;  // the file's name, for the audit log and messages
  std::string checksum;     // of the file's content
  int id_line = 0;          // where `id` and `order` are written, for messages about duplicates
  int order_line = 0;
  // In a transactional change, each of these holds its transact_item.
  std::vector<YamlOperation> apply;
  std::optional<std::vector<YamlOperation>> rollback;  // nullopt: the change has no rollback
};

class YamlChange : public Change {
 public:
  explicit YamlChange(YamlChangeDefinition definition) : definition_(std::move(definition)) {}

  const YamlChangeDefinition& definition() const { return definition_; }

  ChangeInfo info() const override { return definition_.info; }
  // Throws flamingock::Error naming the file, the line and the operation that failed, with the
  // cause's message.
  void apply(ChangeContext& ctx) override;
  void rollback(ChangeContext& ctx) override;
  bool hasRollback() const override { return definition_.rollback.has_value(); }
  std::string checksum() const override { return definition_.checksum; }
  ChangeOrigin origin() const override;

 private:
  // Sends `operations`, or adds them to the change's transaction when it is transactional.
  void run(ChangeContext& ctx, const std::vector<YamlOperation>& operations) const;
  void send(ChangeContext& ctx, const std::vector<YamlOperation>& operations) const;

  YamlChangeDefinition definition_;
};

}  // namespace flamingock::dynamodb::detail
