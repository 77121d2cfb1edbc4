// Bad YAML change files: each problem is reported with the file, the line and what is wrong, and
// a directory with any bad file loads nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flamingock/dynamodb/yaml_changes.h"
#include "yaml_test_files.h"

namespace flamingock::dynamodb {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::StartsWith;

// The problems reported for `text` read as "bad.yaml"; fails the test when it loads.
std::vector<std::string> problemsOf(const std::string& text) {
  try {
    parseYamlChange(text, "bad.yaml");
  } catch (const YamlChangeError& e) {
    return e.problems();
  }
  ADD_FAILURE() << "loaded without error:\n" << text;
  return {};
}

// The problems reported for the directory `dir`; fails the test when it loads.
std::vector<std::string> problemsOf(const test::YamlTestDirectory& dir) {
  try {
    loadYamlChanges(dir.path());
  } catch (const YamlChangeError& e) {
    return e.problems();
  }
  ADD_FAILURE() << "loaded without error: " << dir.path();
  return {};
}

// A valid change with id `id` and order `order`.
std::string validChange(const std::string& id, const std::string& order) {
  return "id: " + id + "\norder: \"" + order + "\"\napply:\n  - deleteTable: {TableName: " + id +
         "}\n";
}

TEST(YamlValidationTest, ReportsASyntaxErrorWithItsLine) {
  auto problems = problemsOf(
      "id: seed\n"
      "order: \"0001\"\n"
      "apply: [{putItem: {TableName: orders}\n"
      "author: ana\n");

  EXPECT_THAT(problems, ElementsAre(AllOf(StartsWith("bad.yaml:4: YAML syntax error: "),
                                          HasSubstr("end of map flow not found"))));
}

TEST(YamlValidationTest, ReportsEveryMissingRequiredKey) {
  auto problems = problemsOf("author: ana\n");

  EXPECT_THAT(problems,
              ElementsAre("bad.yaml:1: missing key 'id'", "bad.yaml:1: missing key 'order'",
                          "bad.yaml:1: missing key 'apply'"));
}

TEST(YamlValidationTest, ReportsAnUnknownKeyWithItsLine) {
  auto problems = problemsOf(
      "id: seed\n"
      "order: \"0001\"\n"
      "auhtor: ana\n"
      "apply:\n"
      "  - deleteTable: {TableName: orders}\n");

  EXPECT_THAT(problems, ElementsAre("bad.yaml:3: unknown key 'auhtor' (expected one of id, order, "
                                    "author, transactional, targetSystem, recovery, apply, "
                                    "rollback, enabled, profiles, background, requires)"));
}

TEST(YamlValidationTest, ReportsAnUnknownOperationWithItsLine) {
  auto problems = problemsOf(
      "id: seed\n"
      "order: \"0001\"\n"
      "apply:\n"
      "  - deleteTable: {TableName: orders}\n"
      "  - scanTable: {TableName: orders}\n");

  EXPECT_THAT(problems, ElementsAre("bad.yaml:5: unknown operation 'scanTable' (allowed: "
                                    "createTable, updateTable, deleteTable, putItem, updateItem, "
                                    "deleteItem, updateTimeToLive, migrateItems)"));
}

TEST(YamlValidationTest, RefusesTableOperationsInATransactionalChange) {
  auto problems = problemsOf(
      "id: seed\n"
      "order: \"0001\"\n"
      "transactional: true\n"
      "apply:\n"
      "  - createTable: {TableName: orders}\n");

  EXPECT_THAT(problems, ElementsAre("bad.yaml:5: operation 'createTable' is not allowed in a "
                                    "transactional change (allowed: putItem, updateItem, "
                                    "deleteItem, conditionCheck)"));
}

TEST(YamlValidationTest, RefusesAConditionCheckOutsideATransactionalApply) {
  auto problems = problemsOf(
      "id: seed\n"
      "order: \"0001\"\n"
      "apply:\n"
      "  - conditionCheck: {TableName: orders, Key: {pk: {S: a}}, ConditionExpression: x}\n");

  EXPECT_THAT(problems, ElementsAre(StartsWith("bad.yaml:4: operation 'conditionCheck' is allowed "
                                               "only in the apply of a transactional change")));
}

TEST(YamlValidationTest, RefusesAnApplyThatIsNotAList) {
  auto problems = problemsOf(
      "id: seed\n"
      "order: \"0001\"\n"
      "apply:\n"
      "  deleteTable: {TableName: orders}\n");

  EXPECT_THAT(problems, ElementsAre("bad.yaml:3: 'apply' must be a list of operations"));
}

TEST(YamlValidationTest, RefusesAnEmptyApply) {
  auto problems = problemsOf("id: seed\norder: \"0001\"\napply: []\n");

  EXPECT_THAT(problems, ElementsAre("bad.yaml:3: 'apply' lists no operation"));
}

TEST(YamlValidationTest, RefusesAnOperationWithSeveralKeys) {
  auto problems = problemsOf(
      "id: seed\n"
      "order: \"0001\"\n"
      "apply:\n"
      "  - deleteTable: {TableName: orders}\n"
      "    deleteItem: {TableName: orders, Key: {pk: {S: a}}}\n");

  EXPECT_THAT(problems, ElementsAre(StartsWith("bad.yaml:4: an operation must be a mapping with "
                                               "one key")));
}

TEST(YamlValidationTest, RefusesARequestThatIsNotAMapping) {
  auto problems = problemsOf(
      "id: seed\n"
      "order: \"0001\"\n"
      "apply:\n"
      "  - deleteTable: orders\n");

  EXPECT_THAT(problems, ElementsAre("bad.yaml:4: deleteTable takes a mapping, the DynamoDB "
                                    "DeleteTable request"));
}

TEST(YamlValidationTest, RefusesAnOperationWithoutTableName) {
  auto problems = problemsOf(
      "id: seed\n"
      "order: \"0001\"\n"
      "apply:\n"
      "  - putItem: {Item: {pk: {S: a}}}\n");

  EXPECT_THAT(problems, ElementsAre("bad.yaml:4: putItem: TableName is missing"));
}

TEST(YamlValidationTest, RefusesFieldsThatTransactWriteItemsDoesNotTake) {
  auto problems = problemsOf(
      "id: seed\n"
      "order: \"0001\"\n"
      "transactional: true\n"
      "apply:\n"
      "  - putItem:\n"
      "      TableName: orders\n"
      "      Item: {pk: {S: a}}\n"
      "      ReturnValues: ALL_OLD\n");

  EXPECT_THAT(problems, ElementsAre("bad.yaml:8: field 'ReturnValues' of putItem is not allowed "
                                    "in a transactional change"));
}

TEST(YamlValidationTest, RefusesATransactionalWriteMissingWhatItNeeds) {
  auto problems = problemsOf(
      "id: seed\n"
      "order: \"0001\"\n"
      "transactional: true\n"
      "apply:\n"
      "  - updateItem: {TableName: orders, Key: {pk: {S: a}}}\n");

  EXPECT_THAT(problems, ElementsAre("bad.yaml:5: updateItem: UpdateExpression is missing"));
}

TEST(YamlValidationTest, RefusesATransactionalWriteWithABadAttributeValue) {
  auto problems = problemsOf(
      "id: seed\n"
      "order: \"0001\"\n"
      "transactional: true\n"
      "apply:\n"
      "  - putItem: {TableName: orders, Item: {pk: {X: a}}}\n");

  EXPECT_THAT(problems, ElementsAre("bad.yaml:5: putItem: Item: unknown attribute value type 'X'"));
}

TEST(YamlValidationTest, RefusesDuplicateKeys) {
  auto problems = problemsOf(
      "id: seed\n"
      "order: \"0001\"\n"
      "id: seed-again\n"
      "apply:\n"
      "  - putItem:\n"
      "      TableName: orders\n"
      "      TableName: customers\n"
      "      Item: {pk: {S: a}}\n");

  EXPECT_THAT(problems, ElementsAre("bad.yaml:3: duplicate key 'id'",
                                    "bad.yaml:7: duplicate key 'TableName'"));
}

TEST(YamlValidationTest, RefusesValuesOfTheWrongType) {
  auto problems = problemsOf(
      "id: [seed]\n"
      "order: \"0001\"\n"
      "transactional: yes\n"
      "recovery: SOMETIMES\n"
      "apply:\n"
      "  - deleteTable: {TableName: orders}\n");

  EXPECT_THAT(problems,
              ElementsAre("bad.yaml:1: 'id' must be a non-empty text",
                          "bad.yaml:3: 'transactional' must be true or false",
                          "bad.yaml:4: 'recovery' must be MANUAL_INTERVENTION or ALWAYS_RETRY"));
}

TEST(YamlValidationTest, RefusesAFileWithSeveralDocuments) {
  auto problems = problemsOf(validChange("a", "0001") + "---\n" + validChange("b", "0002"));

  EXPECT_THAT(problems, ElementsAre("bad.yaml:5: a file holds one change, but this one has more "
                                    "than one YAML document"));
}

// yaml-cpp 0.7's LoadAll loops forever on this input (yaml-cpp issue 1040; found by the fuzzer).
TEST(YamlValidationTest, RefusesAStrayTokenInsteadOfHanging) {
  auto problems = problemsOf(",");

  EXPECT_THAT(problems, ElementsAre(HasSubstr("bad.yaml:1: YAML syntax error")));
}

TEST(YamlValidationTest, RefusesAnEmptyFile) {
  auto problems = problemsOf("# nothing yet\n");

  EXPECT_THAT(problems, ElementsAre("bad.yaml:1: expected a mapping with the keys id, order, "
                                    "author and apply"));
}

TEST(YamlValidationTest, ReportsAnIdUsedByTwoFilesWithBothPlaces) {
  test::YamlTestDirectory dir;
  auto first = dir.write("a.yaml", validChange("orders", "0001"));
  auto second = dir.write("b.yaml", validChange("orders", "0002"));

  EXPECT_THAT(problemsOf(dir), ElementsAre(second.string() +
                                           ":1: duplicate id 'orders', already "
                                           "used at " +
                                           first.string() + ":1"));
}

TEST(YamlValidationTest, ReportsAnOrderUsedByTwoFilesWithBothPlaces) {
  test::YamlTestDirectory dir;
  auto first = dir.write("a.yaml", validChange("orders", "0001"));
  auto second = dir.write("b.yml", validChange("customers", "0001"));

  EXPECT_THAT(problemsOf(dir), ElementsAre(second.string() +
                                           ":2: duplicate order '0001', "
                                           "already used at " +
                                           first.string() + ":2"));
}

TEST(YamlValidationTest, ReportsTheProblemsOfEveryFileAndLoadsNone) {
  test::YamlTestDirectory dir;
  dir.write("0001-good.yaml", validChange("good", "0001"));
  auto missing_order =
      dir.write("0002-bad.yaml", "id: bad\napply: [{deleteTable: {TableName: t}}]\n");
  auto unknown_key = dir.write("0003-worse.yml", validChange("worse", "0003") + "color: red\n");

  auto problems = problemsOf(dir);

  EXPECT_THAT(problems, ElementsAre(missing_order.string() + ":1: missing key 'order'",
                                    StartsWith(unknown_key.string() + ":5: unknown key 'color'")));
}

// A wrong value in a migration's Scan used to escape as an exception that hid every other problem.
TEST(YamlValidationTest, ReportsAMigrationsValueOfTheWrongTypeAmongTheOtherFilesProblems) {
  test::YamlTestDirectory dir;
  auto migration = dir.write("0001-backfill.yaml",
                             "id: backfill\norder: \"0001\"\napply:\n"
                             "  - migrateItems:\n"
                             "      Scan: {TableName: orders, ConsistentRead: yes}\n"
                             "      Update: {UpdateExpression: \"SET a = :a\"}\n");
  auto unknown_key = dir.write("0002-worse.yaml", validChange("worse", "0002") + "color: red\n");

  auto problems = problemsOf(dir);

  EXPECT_THAT(problems, ElementsAre(migration.string() +
                                        ":5: migrateItems: Scan.ConsistentRead is \"yes\": type "
                                        "must be boolean, but is string",
                                    StartsWith(unknown_key.string() + ":5: unknown key 'color'")));
}

TEST(YamlValidationTest, RefusesAMissingDirectory) {
  const std::filesystem::path missing = "/nonexistent/flamingock/changes";

  EXPECT_THAT(
      [&] { loadYamlChanges(missing); },
      ::testing::ThrowsMessage<YamlChangeError>(HasSubstr("'/nonexistent/flamingock/changes'")));
}

TEST(YamlValidationTest, TheErrorMessageListsEveryProblem) {
  try {
    parseYamlChange("author: ana\n", "bad.yaml");
    FAIL() << "loaded without error";
  } catch (const YamlChangeError& e) {
    EXPECT_THAT(e.problems(), SizeIs(3));
    EXPECT_STREQ(e.what(),
                 "invalid YAML changes (3 problems):\n"
                 "  - bad.yaml:1: missing key 'id'\n"
                 "  - bad.yaml:1: missing key 'order'\n"
                 "  - bad.yaml:1: missing key 'apply'");
  }
}

}  // namespace
}  // namespace flamingock::dynamodb
