#include "flamingock/dynamodb/attribute_value.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace flamingock::dynamodb {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

TEST(AttributeValueTest, DefaultIsNull) {
  AttributeValue value;

  EXPECT_TRUE(value.isNull());
  EXPECT_EQ(value.type(), AttributeValue::Type::kNull);
}

TEST(AttributeValueTest, NumberKeepsItsDecimalTextExactly) {
  const std::string digits38 = "12345678901234567890123456789012345678";

  EXPECT_EQ(AttributeValue::number(digits38).asNumber(), digits38);
  EXPECT_EQ(AttributeValue::number("1e-130").asNumber(), "1e-130");
  EXPECT_EQ(AttributeValue::number("-0.50").asNumber(), "-0.50");
}

TEST(AttributeValueTest, IntegerFactoryWritesDecimalText) {
  EXPECT_EQ(AttributeValue::number(-42).asNumber(), "-42");
  EXPECT_EQ(AttributeValue::number(std::int64_t{9007199254740993}).asNumber(), "9007199254740993");
}

TEST(AttributeValueTest, RejectsNumberTextThatIsNotDecimalNamingIt) {
  for (const char* bad : {"abc", "", "1e", "--1", "1.2.3", ".", "0x10", "1 "}) {
    EXPECT_THAT([&] { AttributeValue::number(bad); },
                ThrowsMessage<AttributeValueError>(HasSubstr("'" + std::string(bad) + "'")))
        << bad;
  }
}

TEST(AttributeValueTest, RejectsNumberSetWithABadMember) {
  EXPECT_THAT(
      [] {
        AttributeValue::numberSet({"1", "two"});
      },
      ThrowsMessage<AttributeValueError>(HasSubstr("'two'")));
}

TEST(AttributeValueTest, AccessorOfAnotherTypeThrowsNamingBothTypes) {
  AttributeValue value = AttributeValue::number("12");

  EXPECT_THAT([&] { (void)value.asString(); },
              ThrowsMessage<AttributeValueError>(HasSubstr("is N, not S")));
  EXPECT_THAT([&] { (void)value.asMap(); },
              ThrowsMessage<AttributeValueError>(HasSubstr("is N, not M")));
}

TEST(AttributeValueTest, AsInt64ParsesIntegersAndRejectsFractionsAndOverflow) {
  EXPECT_EQ(AttributeValue::number("1700000000123").asInt64(), 1700000000123);
  EXPECT_THROW((void)AttributeValue::number("1.5").asInt64(), AttributeValueError);
  EXPECT_THROW((void)AttributeValue::number("99999999999999999999").asInt64(), AttributeValueError);
}

TEST(AttributeValueTest, BinaryHoldsArbitraryBytes) {
  std::string bytes("\0\x01\xff\x80", 4);

  EXPECT_EQ(AttributeValue::binary(bytes).asBinary(), bytes);
}

TEST(AttributeValueTest, EqualityComparesTypeAndContent) {
  EXPECT_EQ(AttributeValue::string("1"), AttributeValue::string("1"));
  EXPECT_NE(AttributeValue::string("1"), AttributeValue::number("1"));
  EXPECT_NE(AttributeValue::number("1"), AttributeValue::number("1.0"));
  EXPECT_NE(AttributeValue::stringSet({"a"}), AttributeValue::binarySet({"a"}));
  EXPECT_EQ(AttributeValue::map({{"k", AttributeValue::list({AttributeValue::boolean(true)})}}),
            AttributeValue::map({{"k", AttributeValue::list({AttributeValue::boolean(true)})}}));
}

TEST(AttributeValueTest, NestedContainersAreReadable) {
  AttributeValue value = AttributeValue::map(
      {{"lines", AttributeValue::list({AttributeValue::number(3), AttributeValue::null()})}});

  const auto& lines = value.asMap().at("lines").asList();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].asNumber(), "3");
  EXPECT_TRUE(lines[1].isNull());
}

TEST(AttributeValueTest, TypeNamesAreDynamoDbs) {
  EXPECT_EQ(typeName(AttributeValue::Type::kBool), "BOOL");
  EXPECT_EQ(typeName(AttributeValue::Type::kBinarySet), "BS");
}

}  // namespace
}  // namespace flamingock::dynamodb
