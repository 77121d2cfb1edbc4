// The `migrateItems` operation of YAML changes (docs/yaml-reference.md#migrateitems): read into a
// migration, and refused with file:line problems when its Scan, Update, Segments, rate,
// checkpoint interval or MaxFailedItems is wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dynamodb/yaml/yaml_change_file.h"

namespace flamingock::dynamodb {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

std::string migrationChange(const std::string& migrate_items) {
  return "id: backfill-order-status\n"
         "order: \"0004\"\n"
         "recovery: ALWAYS_RETRY\n"
         "apply:\n"
         "  - migrateItems:\n" +
         migrate_items;
}

// The problems of the change file `text`, read as "bad.yaml".
std::vector<std::string> problemsOf(const std::string& text) {
  detail::YamlProblems problems("bad.yaml");
  detail::readYamlChangeFile(text, "bad.yaml", problems);
  return problems.list();
}

TEST(YamlMigrationTest, ReadsScanUpdateSegmentsRateAndCheckpoint) {
  detail::YamlProblems problems("backfill.yaml");
  auto definition = detail::readYamlChangeFile(
      migrationChange(
          "      Scan: {TableName: orders, FilterExpression: \"attribute_not_exists(#s)\",\n"
          "             ExpressionAttributeNames: {\"#s\": status}, Limit: 50}\n"
          "      Update: {UpdateExpression: \"SET #s = :new\",\n"
          "               ConditionExpression: \"attribute_not_exists(#s)\",\n"
          "               ExpressionAttributeNames: {\"#s\": status},\n"
          "               ExpressionAttributeValues: {\":new\": {S: NEW}}}\n"
          "      Segments: 8\n"
          "      MaxItemsPerSecond: 2000\n"
          "      CheckpointSeconds: 2.5\n"),
      "backfill.yaml", problems);

  ASSERT_THAT(problems.list(), IsEmpty());
  ASSERT_TRUE(definition.has_value());
  ASSERT_EQ(definition->apply.size(), 1u);
  const auto& migration = definition->apply[0].migration;
  ASSERT_TRUE(migration.has_value());
  EXPECT_EQ(migration->options.scan.table_name, "orders");
  EXPECT_EQ(migration->options.scan.filter_expression, "attribute_not_exists(#s)");
  EXPECT_EQ(migration->options.scan.expression_attribute_names.at("#s"), "status");
  EXPECT_EQ(migration->options.scan.limit, 50);
  EXPECT_EQ(migration->options.segments, 8);
  EXPECT_EQ(migration->options.max_items_per_second, 2000);
  EXPECT_EQ(migration->options.checkpoint_interval, std::chrono::milliseconds(2500));
  EXPECT_EQ(migration->update.update_expression, "SET #s = :new");
  EXPECT_EQ(migration->update.condition_expression, "attribute_not_exists(#s)");
  EXPECT_EQ(migration->update.expression_attribute_values.at(":new"),
            AttributeValue::string("NEW"));
}

TEST(YamlMigrationTest, ReportsAMissingTableAndUpdateExpressionWithTheirLines) {
  auto problems =
      problemsOf(migrationChange("      Scan: {FilterExpression: x}\n"
                                 "      Update: {ConditionExpression: y}\n"));

  EXPECT_THAT(problems,
              ElementsAre("bad.yaml:6: migrateItems: Scan.TableName is missing",
                          "bad.yaml:7: migrateItems: Update.UpdateExpression is missing"));
}

TEST(YamlMigrationTest, ReportsSegmentsOutOfRangeAndANegativeRateNamingTheValue) {
  auto problems =
      problemsOf(migrationChange("      Scan: {TableName: orders}\n"
                                 "      Update: {UpdateExpression: \"SET a = :a\"}\n"
                                 "      Segments: 1000001\n"
                                 "      MaxItemsPerSecond: -5\n"
                                 "      CheckpointSeconds: 0\n"));

  EXPECT_THAT(problems,
              ElementsAre(HasSubstr("bad.yaml:8: migrateItems: Segments is '1000001'"),
                          HasSubstr("bad.yaml:9: migrateItems: MaxItemsPerSecond is '-5'"),
                          HasSubstr("bad.yaml:10: migrateItems: CheckpointSeconds is '0'")));
}

TEST(YamlMigrationTest, ReportsACheckpointIntervalBelowAMillisecondNamingTheValue) {
  auto problems =
      problemsOf(migrationChange("      Scan: {TableName: orders}\n"
                                 "      Update: {UpdateExpression: \"SET a = :a\"}\n"
                                 "      CheckpointSeconds: 0.0004\n"));

  EXPECT_THAT(problems, ElementsAre("bad.yaml:8: migrateItems: CheckpointSeconds is '0.0004'; it "
                                    "must be a number at least 0.001 and at most 86400"));
}

TEST(YamlMigrationTest, ReadsMaxFailedItemsAndTheCapacityLimits) {
  detail::YamlProblems problems("backfill.yaml");
  auto definition = detail::readYamlChangeFile(
      migrationChange("      Scan: {TableName: orders}\n"
                      "      Update: {UpdateExpression: \"SET a = :a\"}\n"
                      "      MaxFailedItems: 25\n"
                      "      MaxCapacityPercent: 20\n"
                      "      MaxWriteUnitsPerSecond: 500\n"),
      "backfill.yaml", problems);

  ASSERT_THAT(problems.list(), IsEmpty());
  const ItemMigrationOptions& options = definition->apply[0].migration->options;
  EXPECT_EQ(options.max_failed_items, 25);
  EXPECT_EQ(options.max_capacity_percent, 20);
  EXPECT_EQ(options.max_write_units_per_second, 500);
}

TEST(YamlMigrationTest, ReportsACapacityPercentAboveAHundredNamingIt) {
  auto problems =
      problemsOf(migrationChange("      Scan: {TableName: orders}\n"
                                 "      Update: {UpdateExpression: \"SET a = :a\"}\n"
                                 "      MaxCapacityPercent: 150\n"));

  EXPECT_THAT(problems, ElementsAre(HasSubstr("bad.yaml:8: migrateItems: MaxCapacityPercent is "
                                              "'150'; it must be a number at least 0 and at most "
                                              "100")));
}

TEST(YamlMigrationTest, ReportsMaxFailedItemsThatIsNotAWholeNumberInRange) {
  auto problems = problemsOf(migrationChange("      Scan: {TableName: orders}\n"
                                             "      Update: {UpdateExpression: \"SET a = :a\"}\n"
                                             "      MaxFailedItems: 2.5\n") +
                             "  - migrateItems:\n"
                             "      Scan: {TableName: orders}\n"
                             "      Update: {UpdateExpression: \"SET a = :a\"}\n"
                             "      MaxFailedItems: 10001\n");

  EXPECT_THAT(problems,
              ElementsAre("bad.yaml:8: migrateItems: MaxFailedItems must be a whole number",
                          HasSubstr("bad.yaml:12: migrateItems: MaxFailedItems is '10001'")));
}

// ItemMigration refuses an infinite rate (0 is "no limit"), but only once the change has started.
TEST(YamlMigrationTest, ReportsAnInfiniteRateNamingTheValue) {
  auto problems =
      problemsOf(migrationChange("      Scan: {TableName: orders}\n"
                                 "      Update: {UpdateExpression: \"SET a = :a\"}\n"
                                 "      MaxItemsPerSecond: .inf\n"));

  EXPECT_THAT(problems, ElementsAre("bad.yaml:8: migrateItems: MaxItemsPerSecond is '.inf'; it "
                                    "must be a number at least 0"));
}

TEST(YamlMigrationTest, ReportsScanValuesOfTheWrongTypeWithTheirLinesAndValues) {
  auto problems =
      problemsOf(migrationChange("      Scan: {TableName: orders, ConsistentRead: {always: true},\n"
                                 "             FilterExpression: [a], Limit: many,\n"
                                 "             ExpressionAttributeNames: {\"#s\": [status]}}\n"
                                 "      Update: {UpdateExpression: \"SET a = :a\"}\n"));

  EXPECT_THAT(problems,
              ElementsAre("bad.yaml:7: migrateItems: Scan.FilterExpression is [\"a\"]: type must "
                          "be string, but is array",
                          "bad.yaml:8: migrateItems: Scan.ExpressionAttributeNames is "
                          "{\"#s\":[\"status\"]}: type must be string, but is array",
                          "bad.yaml:6: migrateItems: Scan.ConsistentRead is {\"always\":true}: "
                          "type must be boolean, but is object",
                          "bad.yaml:7: migrateItems: Scan.Limit is \"many\": it must be a whole "
                          "number from 1 to 2147483647"));
}

TEST(YamlMigrationTest, ReportsUpdateValuesOfTheWrongTypeWithTheirLines) {
  auto problems =
      problemsOf(migrationChange("      Scan: {TableName: orders}\n"
                                 "      Update: {UpdateExpression: [SET],\n"
                                 "               ExpressionAttributeNames: {\"#a\": 5},\n"
                                 "               ExpressionAttributeValues: {\":a\": 5}}\n"));

  EXPECT_THAT(problems,
              ElementsAre(StartsWith("bad.yaml:7: migrateItems: Update.UpdateExpression is "
                                     "[\"SET\"]: type must be string"),
                          StartsWith("bad.yaml:8: migrateItems: Update.ExpressionAttributeNames is "
                                     "{\"#a\":5}: type must be string"),
                          StartsWith("bad.yaml:9: migrateItems: Update.ExpressionAttributeValues "
                                     "is {\":a\":5}: attribute value is not an object")));
}

TEST(YamlMigrationTest, ReportsUnknownFieldsAndAKeyInTheUpdate) {
  auto problems =
      problemsOf(migrationChange("      Scan: {TableName: orders, Segment: 2}\n"
                                 "      Update: {UpdateExpression: \"SET a = :a\",\n"
                                 "               Key: {pk: {S: x}}}\n"
                                 "      Parallel: 3\n"));

  EXPECT_THAT(problems,
              ElementsAre(HasSubstr("bad.yaml:9: migrateItems: unknown field 'Parallel'"),
                          HasSubstr("bad.yaml:6: migrateItems: unknown field 'Segment' of Scan"),
                          HasSubstr("bad.yaml:8: migrateItems: unknown field 'Key' of Update")));
}

TEST(YamlMigrationTest, IsRefusedInATransactionalChange) {
  auto problems = problemsOf(
      "id: backfill\norder: \"0004\"\ntransactional: true\napply:\n"
      "  - migrateItems: {Scan: {TableName: t}, Update: {UpdateExpression: x}}\n");

  EXPECT_THAT(problems, ElementsAre(HasSubstr("bad.yaml:5: operation 'migrateItems' is not "
                                              "allowed in a transactional change")));
}

}  // namespace
}  // namespace flamingock::dynamodb
