#include "dynamodb/store/store_schema.h"

#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {

void checkTableName(const std::string& setting, const std::string& name) {
  bool valid = name.size() >= 3 && name.size() <= 255;
  for (char c : name) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_' || c == '.' || c == '-';
    valid = valid && allowed;
  }
  if (!valid) {
    throw ConfigurationError(setting + " '" + name +
                             "' is not a valid DynamoDB table name (3 to 255 characters of "
                             "a-z, A-Z, 0-9, '_', '.', '-')");
  }
}

}  // namespace flamingock::dynamodb::detail
