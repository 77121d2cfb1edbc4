#include "dynamodb/yaml/yaml_aliases.h"

#include <utility>

namespace flamingock::dynamodb::detail {

AliasGuard::Size& AliasGuard::Size::operator+=(const Size& other) {
  values += other.values;
  text_bytes += other.text_bytes;
  return *this;
}

void AliasGuard::OnDocumentStart(const YAML::Mark&) {
  // Anchors belong to their document; yaml-cpp numbers them afresh in each.
  anchors_.clear();
  open_.clear();
  aliased_ = {};
}

void AliasGuard::OnAnchor(const YAML::Mark&, const std::string& name) { pending_name_ = name; }

void AliasGuard::OnNull(const YAML::Mark&, YAML::anchor_t anchor) { leaf(anchor, 0); }

void AliasGuard::OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                          const std::string& value) {
  leaf(anchor, value.size());
}

void AliasGuard::OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                                 YAML::EmitterStyle::value) {
  open(anchor);
}

void AliasGuard::OnSequenceEnd() { close(); }

void AliasGuard::OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                            YAML::EmitterStyle::value) {
  open(anchor);
}

void AliasGuard::OnMapEnd() { close(); }

void AliasGuard::OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) {
  const Anchor& target = anchorAt(anchor);
  if (!target.size) {
    throw AliasRefused(mark, "the alias *" + target.name + " is inside the value of its anchor &" +
                                 target.name +
                                 ", which would contain itself without end: an alias may only "
                                 "repeat a value that is complete");
  }
  aliased_ += *target.size;
  if (aliased_.values > kMaxAliasedValues || aliased_.text_bytes > kMaxAliasedTextBytes) {
    throw AliasRefused(mark, "the aliases of this file expand to more than " +
                                 std::to_string(kMaxAliasedValues) + " values or " +
                                 std::to_string(kMaxAliasedTextBytes) +
                                 " bytes of text (each alias repeats the whole value of its "
                                 "anchor): write the values out, or repeat less");
  }
  finish(YAML::NullAnchor, *target.size);
}

AliasGuard::Anchor& AliasGuard::anchorAt(YAML::anchor_t anchor) {
  if (anchor >= anchors_.size()) anchors_.resize(anchor + 1);
  return anchors_[anchor];
}

void AliasGuard::leaf(YAML::anchor_t anchor, std::size_t text_bytes) {
  if (anchor != YAML::NullAnchor) anchorAt(anchor).name = std::exchange(pending_name_, {});
  finish(anchor, Size{.values = 1, .text_bytes = text_bytes});
}

void AliasGuard::open(YAML::anchor_t anchor) {
  if (anchor != YAML::NullAnchor) anchorAt(anchor).name = std::exchange(pending_name_, {});
  open_.push_back({.anchor = anchor, .size = {.values = 1, .text_bytes = 0}});
}

void AliasGuard::close() {
  const Open closed = open_.back();
  open_.pop_back();
  finish(closed.anchor, closed.size);
}

void AliasGuard::finish(YAML::anchor_t anchor, const Size& size) {
  if (anchor != YAML::NullAnchor) anchorAt(anchor).size = size;
  if (!open_.empty()) open_.back().size += size;
}

}  // namespace flamingock::dynamodb::detail
