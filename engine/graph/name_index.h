// NameIndex: names and aliases, folded to lower case, to the nodes that carry
// them; what PATH, NEIGHBOURS and CONNECT resolve entities through. Exact
// lookups, by far the most common (every question names two or more entities),
// hash. Prefix and word searches, for a name typed in part or with a typo, walk
// a sorted view that is built on first use after a change, so that loads and
// writes never pay for keeping an order.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/value.h"

namespace kgq {

class NameIndex {
 public:
  struct Entry {
    std::string_view name;  // points into the index; valid until the next change
    NodeId node;
  };

  void reserve(std::size_t names) { exact_.reserve(names); }
  void add(std::string folded, NodeId n);
  // Removes one (folded, n) entry, if there is one.
  void remove(std::string_view folded, NodeId n);

  // Calls f(node) for each entry named exactly `folded` (a node once per such name or alias).
  template <typename F>
  void forEachExact(std::string_view folded, F&& f) const {
    auto [lo, hi] = exact_.equal_range(folded);
    for (auto it = lo; it != hi; ++it) f(it->second);
  }

  // Every entry, by name then node; valid until the next change. Not for inner
  // loops: after a change the first call sorts the whole index.
  const std::vector<Entry>& sorted() const;
  // The entries whose name starts with `folded`, in sorted() order.
  std::span<const Entry> withPrefix(std::string_view folded) const;
  std::size_t size() const { return exact_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_multimap<std::string, NodeId, Hash, std::equal_to<>> exact_;
  // A cache of exact_ in order, rebuilt lazily; `mutable` because building it
  // changes no answer (the Graph is not shared between threads).
  mutable std::vector<Entry> sorted_;
  mutable bool sortedValid_ = true;
};

}  // namespace kgq
