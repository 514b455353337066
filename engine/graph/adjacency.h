// Adjacency: a node's relationships for inner loops, by direction and by type
// set. While the snapshot is exact (no relationship created or deleted since the
// last compaction) it walks the snapshot's CSR arrays directly, which is several
// times cheaper per relationship than AdjCursor; otherwise it falls back to
// AdjCursor. Either way the order is AdjCursor's: out, then in, and a self-loop
// once with Both. Calls are templates over the visitor (no indirect call per
// relationship). Valid while the graph is not modified.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>

#include "graph/graph.h"

namespace kgq {

inline AdjDirection reversed(AdjDirection d) {
  return d == AdjDirection::Both ? d : d == AdjDirection::Out ? AdjDirection::In : AdjDirection::Out;
}

class Adjacency {
 public:
  explicit Adjacency(const Graph& g);

  // The number of relationships forEach(n, dir) visits (a self-loop counts twice
  // with Both), for choosing the cheaper side of a search; 1 while the graph has
  // a delta, where counting would cost a walk.
  [[gnu::always_inline]] std::size_t degree(NodeId n, AdjDirection dir) const {  // inner loops call it per node
    if (!direct_) return 1;
    if (n >= csrNodes_) return 0;
    std::size_t d = 0;
    if (dir != AdjDirection::In) d += outStart_[n + 1] - outStart_[n];
    if (dir != AdjDirection::Out) d += inStart_[n + 1] - inStart_[n];
    return d;
  }

  // A relationship as forEach met it, turned into its id by relOf() only when
  // needed: a position in the CSR's out-side arrays, or (with a delta) the id.
  using EdgeRef = std::uint32_t;
  RelId relOf(EdgeRef ref) const { return direct_ ? outProps_[ref].id : ref; }

  // Graph::relNumbersInAdjacencyOrder while forEach walks the snapshot, indexed by
  // edge.slot(); empty otherwise (then read the property by relationship id).
  std::span<const double> relNumbers(KeyId key) const {
    return direct_ ? graph_.relNumbersInAdjacencyOrder(key) : std::span<const double>();
  }

  // Calls f(other, edge) for each relationship of n until f returns false, where
  // edge() gives the relationship's EdgeData (id and type) and edge.ref() its
  // EdgeRef (edge.slot() its place in this walk, for relNumbers); returns false when f stopped. edge() is lazy because it is a cache
  // miss (on the in side after an index into the out-side arrays) that a search
  // needs only for the nodes it keeps, and then often only as a ref.
  template <typename F>
  bool forEach(NodeId n, AdjDirection dir, F&& f) const {
    if (!direct_) {
      AdjCursor cursor = graph_.adjacency(n, dir);
      AdjEntry e;
      while (cursor.next(e))
        if (!f(e.other, CursorEdge{e})) return false;
      return true;
    }
    if (n >= csrNodes_) return true;
    if (dir != AdjDirection::In)
      for (auto i = outStart_[n], end = outStart_[n + 1]; i < end; ++i)
        if (!f(outTarget_[i], CsrEdge{outProps_, i, i})) return false;
    if (dir != AdjDirection::Out)
      for (auto i = inStart_[n], end = inStart_[n + 1]; i < end; ++i) {
        NodeId source = inSource_[i];
        if (dir == AdjDirection::Both && source == n) continue;  // the self-loop was seen going out
        if (!f(source, CsrEdge{outProps_, inEdge_[i], outCount_ + i})) return false;
      }
    return true;
  }

  // forEach over the relationships whose type is in `types` (none when it is empty).
  template <typename F>
  bool forEachOfTypes(NodeId n, AdjDirection dir, std::span<const TypeId> types, F&& f) const {
    return forEach(n, dir, [&](NodeId other, auto edge) {
      return std::find(types.begin(), types.end(), edge().type) == types.end() || f(other, edge);
    });
  }

 private:
  struct CsrEdge {
    const EdgeData* props;
    std::uint32_t pos;
    std::size_t at;
    EdgeData operator()() const { return props[pos]; }
    EdgeRef ref() const { return pos; }
    std::size_t slot() const { return at; }
  };
  struct CursorEdge {
    const AdjEntry& e;
    EdgeData operator()() const { return EdgeData{e.rel, e.type}; }
    EdgeRef ref() const { return e.rel; }
    std::size_t slot() const { return 0; }  // never read: relNumbers() is empty off the snapshot
  };

  const Graph& graph_;
  bool direct_ = false;
  std::size_t csrNodes_ = 0;
  const std::uint32_t* outStart_ = nullptr;
  const std::uint32_t* outTarget_ = nullptr;
  const EdgeData* outProps_ = nullptr;
  const std::uint32_t* inStart_ = nullptr;
  const std::uint32_t* inSource_ = nullptr;
  const std::uint32_t* inEdge_ = nullptr;  // index into the out-side arrays
  std::size_t outCount_ = 0;               // relationships in the snapshot
};

}  // namespace kgq
