#include "dynamodb/store/transaction_size.h"

#include <numeric>
#include <type_traits>

namespace flamingock::dynamodb::detail {
namespace {

std::size_t valueSize(const AttributeValue& value);

template <class Named>
std::size_t namedSize(const Named& values) {
  std::size_t size = 0;
  for (const auto& [name, value] : values) size += name.size() + valueSize(value);
  return size;
}

std::size_t textsSize(const std::vector<std::string>& texts) {
  return std::accumulate(
      texts.begin(), texts.end(), std::size_t{0},
      [](std::size_t sum, const std::string& text) { return sum + text.size(); });
}

// DynamoDB's item-size rules, with a number counted by its text (never less than it stores).
std::size_t valueSize(const AttributeValue& value) {
  constexpr std::size_t kContainerOverhead = 3;
  switch (value.type()) {
    case AttributeValue::Type::kString:
      return value.asString().size();
    case AttributeValue::Type::kNumber:
      return value.asNumber().size();
    case AttributeValue::Type::kBinary:
      return value.asBinary().size();
    case AttributeValue::Type::kBool:
    case AttributeValue::Type::kNull:
      return 1;
    case AttributeValue::Type::kMap:
      return kContainerOverhead + namedSize(value.asMap());
    case AttributeValue::Type::kList: {
      std::size_t size = kContainerOverhead;
      for (const AttributeValue& element : value.asList()) size += 1 + valueSize(element);
      return size;
    }
    case AttributeValue::Type::kStringSet:
      return textsSize(value.asStringSet());
    case AttributeValue::Type::kNumberSet:
      return textsSize(value.asNumberSet());
    case AttributeValue::Type::kBinarySet:
      return textsSize(value.asBinarySet());
  }
  return 0;
}

}  // namespace

std::size_t transactionSize(const std::vector<TransactWriteItem>& actions) {
  std::size_t size = 0;
  for (const TransactWriteItem& action : actions) {
    size += std::visit(
        [](const auto& write) {
          if constexpr (std::is_same_v<std::decay_t<decltype(write)>, Put>) {
            return namedSize(write.item) + namedSize(write.expression_attribute_values);
          } else {
            return namedSize(write.key) + namedSize(write.expression_attribute_values);
          }
        },
        action);
  }
  return size;
}

}  // namespace flamingock::dynamodb::detail
