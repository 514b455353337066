// StringInterner: maps names (labels, relationship types, property keys) to
// dense 32-bit ids and back. Ids are assigned in first-seen order and never
// change, so they can index vectors. Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kgq {

class StringInterner {
 public:
  std::uint32_t intern(std::string_view s);
  std::optional<std::uint32_t> find(std::string_view s) const;
  const std::string& name(std::uint32_t id) const { return names_[id]; }
  std::size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
  std::vector<std::string> names_;
};

}  // namespace kgq
