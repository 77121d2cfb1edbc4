#include <strings.h>

#include "dynamodb/client/http_transport.h"

namespace flamingock::dynamodb::detail {

const std::string* HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return &value;
    }
  }
  return nullptr;
}

}  // namespace flamingock::dynamodb::detail
