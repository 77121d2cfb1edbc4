// Loading good YAML change files: which files, in which order, and how each change describes
// itself to the engine and the audit log.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "flamingock/dynamodb/yaml_changes.h"
#include "yaml_test_files.h"

namespace flamingock::dynamodb {
namespace {

using ::testing::ElementsAre;

const std::filesystem::path kOrdersDirectory =
    std::filesystem::path(FLAMINGOCK_SOURCE_DIR) / "tests/data/yaml/orders";

std::vector<std::string> idsOf(const std::vector<std::unique_ptr<Change>>& changes) {
  std::vector<std::string> ids;
  for (const auto& change : changes) ids.push_back(change->info().id);
  return ids;
}

const Change& changeWithId(const std::vector<std::unique_ptr<Change>>& changes,
                           const std::string& id) {
  auto found = std::ranges::find_if(changes, [&](const auto& c) { return c->info().id == id; });
  if (found == changes.end()) throw std::logic_error("no change " + id);
  return **found;
}

const std::string kMinimalChange =
    "id: drop-orders\n"
    "order: \"0009\"\n"
    "apply:\n"
    "  - deleteTable: {TableName: orders}\n";

TEST(YamlLoadingTest, LoadsTheYamlAndYmlFilesOfTheDirectoryInTheirOrder) {
  auto changes = loadYamlChanges(kOrdersDirectory);

  EXPECT_THAT(idsOf(changes), ElementsAre("create-orders-table", "seed-orders", "add-orders-ttl"));
}

TEST(YamlLoadingTest, ReadsTheChangeInfoOfAFile) {
  auto changes = loadYamlChanges(kOrdersDirectory);

  ChangeInfo info = changeWithId(changes, "seed-orders").info();

  EXPECT_EQ(info.order, "0002");
  EXPECT_EQ(info.author, "ben");
  EXPECT_TRUE(info.transactional);
  EXPECT_EQ(info.recovery, RecoveryStrategy::kAlwaysRetry);
  EXPECT_EQ(info.target_system_id, "dynamodb");
}

TEST(YamlLoadingTest, OptionalKeysHaveTheEnginesDefaults) {
  ChangeInfo info = parseYamlChange(kMinimalChange, "drop.yaml")->info();

  EXPECT_EQ(info.author, "");
  EXPECT_FALSE(info.transactional);
  EXPECT_EQ(info.recovery, RecoveryStrategy::kManualIntervention);
  EXPECT_EQ(info.target_system_id, "");
  EXPECT_FALSE(info.version.has_value());
}

TEST(YamlLoadingTest, KeepsAnUnquotedOrderAsWritten) {
  auto change =
      parseYamlChange("id: a\norder: 0010\napply: [{deleteTable: {TableName: t}}]\n", "a.yaml");

  EXPECT_EQ(change->info().order, "0010");
}

TEST(YamlLoadingTest, DescribesItselfAsATemplateWithItsOperationsAndFile) {
  auto changes = loadYamlChanges(kOrdersDirectory);

  ChangeOrigin origin = changeWithId(changes, "create-orders-table").origin();

  EXPECT_EQ(origin.type, ChangeType::kStandardTemplate);
  EXPECT_EQ(origin.invoked_class, "DynamoDBYamlTemplate");
  EXPECT_EQ(origin.apply_method, "createTable,putItem");
  EXPECT_EQ(origin.rollback_method, "deleteTable");
  EXPECT_EQ(origin.source_file, "create-orders.yaml");
}

TEST(YamlLoadingTest, TheChecksumFollowsEveryByteOfTheFile) {
  auto original = parseYamlChange(kMinimalChange, "drop.yaml");
  auto same = parseYamlChange(kMinimalChange, "drop.yaml");
  auto commented = parseYamlChange(kMinimalChange + "# why we drop it\n", "drop.yaml");

  EXPECT_EQ(original->checksum(), same->checksum());
  EXPECT_NE(original->checksum(), commented->checksum());
  EXPECT_EQ(original->checksum(), checksumOf(kMinimalChange));
}

TEST(YamlLoadingTest, LoadsOneFile) {
  test::YamlTestDirectory dir;
  auto file = dir.write("drop.yaml", kMinimalChange);

  auto change = loadYamlChange(file);

  EXPECT_EQ(change->info().id, "drop-orders");
  EXPECT_EQ(change->origin().source_file, "drop.yaml");
}

TEST(YamlLoadingTest, ADirectoryWithoutYamlFilesHasNoChanges) {
  test::YamlTestDirectory dir;
  dir.write("README.md", "changes go here\n");

  EXPECT_TRUE(loadYamlChanges(dir.path()).empty());
}

}  // namespace
}  // namespace flamingock::dynamodb
