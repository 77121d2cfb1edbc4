// Anchors and aliases in YAML change files: an alias repeats its anchor's value, but one inside
// its own anchor (a value that contains itself) and aliases that expand past the loader's bound
// (a "billion laughs") are refused with the file and the alias's line, before anything walks the
// document.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dynamodb/yaml/yaml_change_file.h"

namespace flamingock::dynamodb {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// The problems of the change file `text`, read as "bad.yaml".
std::vector<std::string> problemsOf(const std::string& text) {
  detail::YamlProblems problems("bad.yaml");
  detail::readYamlChangeFile(text, "bad.yaml", problems);
  return problems.list();
}

// A putItem change whose Item holds `levels` lists, each of `width` aliases of the list before
// it; the first holds `width` strings: width^levels strings once expanded.
std::string aliasBomb(int width, int levels) {
  std::string text =
      "id: laughs\norder: \"0001\"\napply:\n  - putItem:\n      TableName: t\n"
      "      Item:\n        l0: &l0 [";
  for (int i = 0; i < width; ++i) text += i == 0 ? "lol" : ", lol";
  text += "]\n";
  for (int level = 1; level < levels; ++level) {
    const std::string previous = "*l" + std::to_string(level - 1);
    const std::string name = "l" + std::to_string(level);
    text += "        " + name + ": &" + name + " [";
    for (int i = 0; i < width; ++i) text += i == 0 ? previous : ", " + previous;
    text += "]\n";
  }
  return text;
}

TEST(YamlAliasTest, AnAliasRepeatsItsAnchorsValue) {
  detail::YamlProblems problems("reuse.yaml");
  auto definition = detail::readYamlChangeFile(
      "id: reuse\n"
      "order: \"0001\"\n"
      "apply:\n"
      "  - putItem: {TableName: t, Item: &item {pk: {S: a}}}\n"
      "  - deleteItem: {TableName: t, Key: *item}\n",
      "reuse.yaml", problems);

  ASSERT_THAT(problems.list(), IsEmpty());
  ASSERT_TRUE(definition.has_value());
  EXPECT_EQ(definition->apply[1].request_json, R"({"TableName":"t","Key":{"pk":{"S":"a"}}})");
}

TEST(YamlAliasTest, RefusesAnAliasInsideItsOwnAnchor) {
  auto problems = problemsOf(
      "id: self\n"
      "order: \"0001\"\n"
      "apply:\n"
      "  - putItem: &r {TableName: t, Item: {self: *r}}\n");

  EXPECT_THAT(problems, ElementsAre(StartsWith("bad.yaml:4: the alias *r is inside the value of "
                                               "its anchor &r, which would contain itself")));
}

TEST(YamlAliasTest, RefusesAnAliasInsideItsOwnAnchorDeeperDown) {
  auto problems = problemsOf(
      "id: self\n"
      "order: \"0001\"\n"
      "apply: &apply\n"
      "  - putItem:\n"
      "      TableName: t\n"
      "      Item: {pk: {L: [{S: a}, *apply]}}\n");

  EXPECT_THAT(problems,
              ElementsAre(StartsWith("bad.yaml:6: the alias *apply is inside the value of "
                                     "its anchor &apply, which would contain itself")));
}

TEST(YamlAliasTest, RefusesAliasesThatExpandPastTheBoundAtTheAliasThatCrossesIt) {
  // 9^8 strings once expanded; the aliases of l5 (line 12) pass 100,000 nodes.
  auto problems = problemsOf(aliasBomb(9, 8));

  EXPECT_THAT(problems, ElementsAre(StartsWith("bad.yaml:12: the aliases of this file expand to "
                                               "more than 100000 values")));
}

TEST(YamlAliasTest, RefusesAliasesOfLongTextThatExpandPastTheBound) {
  const std::string text(64 * 1024, 'x');
  auto problems = problemsOf(
      "id: long\n"
      "order: \"0001\"\n"
      "apply:\n"
      "  - putItem:\n"
      "      TableName: t\n"
      "      Item:\n"
      "        a: &a " +
      text +
      "\n"
      "        b: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n");

  EXPECT_THAT(problems, ElementsAre(StartsWith("bad.yaml:8: the aliases of this file expand to "
                                               "more than 100000 values or 1048576 bytes")));
}

}  // namespace
}  // namespace flamingock::dynamodb
