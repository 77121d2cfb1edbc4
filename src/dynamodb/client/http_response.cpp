#include "dynamodb/client/http_syntax.h"
#include "flamingock/dynamodb/http_transport.h"

namespace flamingock::dynamodb {

const std::string* HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (detail::equalsIgnoringCase(key, name)) return &value;
  }
  return nullptr;
}

}  // namespace flamingock::dynamodb
