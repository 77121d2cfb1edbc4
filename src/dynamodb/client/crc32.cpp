#include "dynamodb/client/crc32.h"

#include <zlib.h>

namespace flamingock::dynamodb::detail {

std::uint32_t crc32Of(std::string_view bytes) {
  return static_cast<std::uint32_t>(
      crc32_z(0L, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
}

}  // namespace flamingock::dynamodb::detail
