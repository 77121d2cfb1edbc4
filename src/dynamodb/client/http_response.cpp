#include "dynamodb/client/http_syntax.h"
#include "dynamodb/client/http_transport.h"

namespace flamingock::dynamodb::detail {

const std::string* HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (equalsIgnoringCase(key, name)) return &value;
  }
  return nullptr;
}

}  // namespace flamingock::dynamodb::detail
