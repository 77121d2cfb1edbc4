// Bounds on what an audit entry carries from outside (an error's text, the run's metadata), so
// that every entry, a FAILED one above all, fits in a DynamoDB item (400 KB) whatever a change
// throws or a user attaches. What is cut is replaced by a visible marker.
//
//   entry.error_trace = boundedErrorTrace(type, message);
//   entry.metadata = boundedMetadata(pipeline.metadata);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "flamingock/metadata.h"

namespace flamingock::detail {

// Escaping may grow a message up to six times: 16 KiB of text stays under 100 KB of JSON.
inline constexpr std::size_t kMaxErrorTextBytes = 16 * 1024;
// Of the metadata's JSON text.
inline constexpr std::size_t kMaxMetadataBytes = 64 * 1024;

// errorTraceJson(type, message) with type and message cut to kMaxErrorTextBytes each, at a UTF-8
// character boundary, followed by "... [truncated: N bytes in all]".
std::string boundedErrorTrace(std::string_view type, std::string_view message);

// `metadata`'s entries, in key order, while their JSON text stays within kMaxMetadataBytes; the
// rest are replaced by one entry under kTruncatedMetadataKey saying how many were left out.
inline constexpr char kTruncatedMetadataKey[] = "flamingock.truncated";
Metadata boundedMetadata(const Metadata& metadata);

}  // namespace flamingock::detail
