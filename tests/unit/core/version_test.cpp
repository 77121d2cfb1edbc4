#include "flamingock/version.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

TEST(VersionTest, IsSemanticVersionOfTheProject) {
  std::string version(flamingock::libraryVersion());
  EXPECT_TRUE(std::regex_match(version, std::regex(R"(\d+\.\d+\.\d+)"))) << version;
}
