// IdIndex: node id text -> NodeId for bulk loads. Open addressing with linear
// probing over one flat slot array, the id bytes in one arena: a lookup touches
// one slot and one run of arena bytes, where std::unordered_map<std::string>
// chases a bucket, a node and a heap string (the loader's hottest path on big
// edge files). Insert-only; not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kgq {

class IdIndex {
 public:
  void reserve(std::size_t ids);
  // Inserts `id` -> n; when `id` exists already returns its node and changes nothing.
  std::optional<std::uint32_t> insert(std::string_view id, std::uint32_t n);
  std::optional<std::uint32_t> find(std::string_view id) const { return find(id, hashOf(id)); }
  // The same, `hash` being hashOf(id).
  std::optional<std::uint32_t> find(std::string_view id, std::uint64_t hash) const;
  static std::uint64_t hashOf(std::string_view s);
  // Starts loading the slot of the id of this hash: on big graphs every lookup
  // misses the cache, and many prefetched lookups wait for memory together.
  void prefetch(std::uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
  }
  std::size_t size() const { return size_; }

 private:
  // Ids of up to 8 bytes (most generated ids) live in the slot itself, so a
  // lookup compares them without touching the arena.
  struct Slot {
    std::uint64_t hash = 0;  // 0 = empty (real hashes have their top bit set)
    std::uint64_t key = 0;   // the id's bytes when length <= 8, else its arena offset
    std::uint32_t length = 0;
    std::uint32_t node = 0;
  };
  static std::uint64_t packShort(std::string_view id);
  bool matches(const Slot& s, std::uint64_t h, std::string_view id) const;
  void grow();
  std::size_t probe(std::uint64_t h, std::string_view id) const;

  std::vector<Slot> slots_;
  std::string arena_;
  std::size_t size_ = 0;
};

}  // namespace kgq
