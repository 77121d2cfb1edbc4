#include "entry_bounds.h"

#include "flamingock/audit_entry.h"

namespace flamingock::detail {
namespace {

// The marker leaves room for itself within the bound.
constexpr std::size_t kMarkerRoom = 128;

std::string bounded(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  std::size_t cut = limit - kMarkerRoom;
  // Never split a UTF-8 character: back off over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "... [truncated: " + std::to_string(text.size()) +
         " bytes in all]";
}

}  // namespace

std::string boundedErrorTrace(std::string_view type, std::string_view message) {
  return errorTraceJson(bounded(type, kMaxErrorTextBytes), bounded(message, kMaxErrorTextBytes));
}

Metadata boundedMetadata(const Metadata& metadata) {
  if (metadataToJson(metadata).size() <= kMaxMetadataBytes) return metadata;
  Metadata kept;
  std::size_t used = 2;  // the braces
  for (const auto& [key, value] : metadata) {
    std::size_t size = metadataToJson({{key, value}}).size() - 1;  // with its comma
    if (used + size > kMaxMetadataBytes - kMarkerRoom) break;
    kept.emplace(key, value);
    used += size;
  }
  kept[kTruncatedMetadataKey] = std::to_string(metadata.size() - kept.size()) + " of " +
                                std::to_string(metadata.size()) + " entries left out: over " +
                                std::to_string(kMaxMetadataBytes) + " bytes";
  return kept;
}

}  // namespace flamingock::detail
