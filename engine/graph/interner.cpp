#include "graph/interner.h"

namespace kgq {

std::uint32_t StringInterner::intern(std::string_view s) {
  if (auto it = ids_.find(s); it != ids_.end()) return it->second;
  auto id = static_cast<std::uint32_t>(names_.size());
  names_.emplace_back(s);
  ids_.emplace(names_.back(), id);
  return id;
}

std::optional<std::uint32_t> StringInterner::find(std::string_view s) const {
  if (auto it = ids_.find(s); it != ids_.end()) return it->second;
  return std::nullopt;
}

}  // namespace kgq
