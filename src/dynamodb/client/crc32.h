// The CRC32 (IEEE 802.3, zlib's) that DynamoDB sends of every response body in x-amz-crc32.
//
//   if (crc32Of(response.body) != expected) { /* corrupted on the way */ }
#pragma once

#include <cstdint>
#include <string_view>

namespace flamingock::dynamodb::detail {

std::uint32_t crc32Of(std::string_view bytes);

}  // namespace flamingock::dynamodb::detail
