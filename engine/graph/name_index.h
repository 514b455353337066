// NameIndex: names and aliases, folded to lower case, to the nodes that carry
// them; what PATH, NEIGHBOURS and CONNECT resolve entities through. Exact
// lookups, by far the most common (every question names two or more entities),
// hash. Prefix and word searches, for a name typed in part or with a typo, walk
// a sorted view that is built on first use after a change, so that loads and
// writes never pay for keeping an order. The names live in one arena and the hash
// table holds record numbers: a name costs no allocation of its own (the index is
// built for every node at once, on first use).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/value.h"

namespace kgq {

class NameIndex {
 public:
  struct Entry {
    std::string_view name;  // points into the index; valid until the next change
    NodeId node;
  };

  // Room for this many names of this many bytes in all.
  void reserve(std::size_t names, std::size_t bytes);
  void add(std::string_view folded, NodeId n);
  // Removes one (folded, n) entry, if there is one.
  void remove(std::string_view folded, NodeId n);

  // Calls f(node) for each entry named exactly `folded` (a node once per such name or alias).
  template <typename F>
  void forEachExact(std::string_view folded, F&& f) const {
    if (slots_.empty()) return;
    std::uint64_t h = hashOf(folded);
    for (std::size_t i = h & mask(); slots_[i] != kEmptySlot; i = (i + 1) & mask()) {
      const Record& r = records_[slots_[i]];
      if (r.hash == h && r.node != kRemoved && nameOf(r) == folded) f(r.node);
    }
  }

  // Every entry, by name then node; valid until the next change. Not for inner
  // loops: after a change the first call sorts the whole index.
  const std::vector<Entry>& sorted() const;
  // The entries whose name starts with `folded`, in sorted() order.
  std::span<const Entry> withPrefix(std::string_view folded) const;
  std::size_t size() const { return live_; }

 private:
  // An entry: its name in the arena, its node (kRemoved once removed) and its hash.
  struct Record {
    std::uint64_t hash;
    std::uint32_t offset, length;
    NodeId node;
  };
  static constexpr std::uint32_t kEmptySlot = ~std::uint32_t{0};
  static constexpr NodeId kRemoved = ~NodeId{0};
  static std::uint64_t hashOf(std::string_view s) { return std::hash<std::string_view>{}(s); }
  std::size_t mask() const { return slots_.size() - 1; }
  std::string_view nameOf(const Record& r) const { return std::string_view(arena_).substr(r.offset, r.length); }
  void rebuild(std::size_t capacity);

  // Names and aliases, folded, one after another (removed ones stay until a rebuild).
  std::string arena_;
  std::vector<Record> records_;
  // Open addressing with linear probing: record numbers, a power of two long, at
  // most half full (removed records count until the next rebuild drops them).
  std::vector<std::uint32_t> slots_;
  std::size_t live_ = 0;
  // A cache of the records in order, rebuilt lazily; `mutable` because building it
  // changes no answer (the Graph is not shared between threads).
  mutable std::vector<Entry> sorted_;
  mutable bool sortedValid_ = true;
};

}  // namespace kgq
