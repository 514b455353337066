// Variable-length expansion: relationship-unique paths enumerated depth-first,
// lazily, so that LIMIT stops the work and the expansion limit bounds it.
#include <algorithm>
#include <limits>

#include "exec/distinct_set.h"
#include "exec/evaluator.h"
#include "exec/operators.h"
#include "exec/traversal.h"

namespace kgq {

VarExpandOp::VarExpandOp(ExecContext& ctx, std::unique_ptr<Operator> input, VarExpandSpec spec)
    : Operator(ctx), spec_(std::move(spec)) {
  addChild(std::move(input));
}

VarExpandOp::~VarExpandOp() = default;

// An end node in distinctEnds mode: the relationship list is not observable there.
bool VarExpandOp::emitEnd(Row& row, NodeId end) {
  if (spec_.toBound) {
    const Value& to = row[static_cast<std::size_t>(spec_.toSlot)];
    return to.isNode() && to.asNode() == end;
  }
  if (!spec_.toCheck.empty() && !spec_.toCheck.nodeMatches(end, row, ctx_)) return false;
  row[static_cast<std::size_t>(spec_.toSlot)] = Value(NodeRef{end});
  return true;
}

// The nodes at the end of some relationship-unique path of 1..maxHops from
// `start` (minHops <= 1), in breadth-first order. Every node at BFS distance
// 1..max qualifies (a shortest path repeats no relationship). The start itself
// qualifies when minHops is 0, or when a cycle through it is short enough: a
// closing relationship back to it, or (undirected) a relationship joining two
// BFS branches, which closes a simple cycle through the start.
void VarExpandOp::reachable(NodeId start, bool collect) {
  const Graph& g = ctx_.graph;
  TraversalScratch& sc = ctx_.traversal();
  sc.marks.begin(g.nodeCount());
  sc.marks.mark(start, 0, 0, start);
  ends_.clear();
  endPos_ = 0;
  endCount_ = 0;
  collect_ = collect;
  int maxHops = spec_.maxHops < 0 ? std::numeric_limits<int>::max() : spec_.maxHops;
  bool startReached = spec_.minHops == 0;
  resolveTypes(spec_.types, spec_.typeExpr.get(), g.types(), types_);  // per start: a CREATE later in the statement may add a type
  const std::vector<TypeId>& types = types_;
  Adjacency adj(g);
  sc.front.assign(1, start);
  for (int depth = 0; depth < maxHops && !sc.front.empty(); ++depth) {
    sc.next.clear();
    bool closes = spec_.types.empty() && !spec_.typeExpr ? reachableLevel<true>(adj, start, depth, maxHops, types)
                                      : reachableLevel<false>(adj, start, depth, maxHops, types);
    startReached = startReached || closes;
    sc.front.swap(sc.next);
  }
  startIsEnd_ = startReached;
  if (startReached) addEnd(start);
}

// One BFS level of reachable(): adds the new nodes to the ends (addEnd) and to the
// next frontier; true when a cycle through the start closes.
template <bool Open>
bool VarExpandOp::reachableLevel(const Adjacency& adj, NodeId start, int depth, int maxHops,
                                 const std::vector<TypeId>& types) {
  if (depth + 1 >= maxHops)
    return collect_ ? reachableLastLevel<Open, true>(adj, start, depth, types)
                    : reachableLastLevel<Open, false>(adj, start, depth, types);
  TraversalScratch& sc = ctx_.traversal();
  NodeMarks& marks = sc.marks;
  bool undirected = spec_.dir == ast::Direction::Both;
  // Only the start is expanded at depth 0. Two branches can close a short enough
  // cycle only if depth + 1 + (the other node's distance, >= 1) <= maxHops.
  bool branchesMayMeet = undirected && depth > 0 && depth + 2 <= maxHops;
  bool startReached = false;
  for (NodeId u : sc.front) {
    RelId uBranch = marks.viaRel(u);
    std::uint64_t followed = 0;
    adj.forEach(u, adjDirection(spec_.dir), [&](NodeId other, auto edge) {
      if constexpr (!Open) {
        if (std::find(types.begin(), types.end(), edge().type) == types.end()) return true;
      }
      ++followed;
      if (other == start) {
        if (!undirected || depth == 0 || uBranch != edge().id) startReached = true;
        return true;
      }
      if (marks.seen(other)) {
        if (branchesMayMeet && marks.viaRel(other) != uBranch && depth + marks.dist(other) + 1 <= maxHops)
          startReached = true;
        return true;
      }
      addEnd(other);
      marks.mark(other, depth + 1, depth == 0 ? edge().id : uBranch, u);
      sc.next.push_back(other);
      return true;
    });
    ctx_.countExpansions(followed, depth + 1, spec_.maxHops >= 0);
  }
  return startReached;
}

// The last level of reachable(): most relationships are looked at here, and
// only whether each far end is new matters (no distances, no branches to meet;
// the start closes a cycle when reached other than back along u's own branch).
// Counting has its own instance: without the push_back in the loop the compiler
// keeps the adjacency's arrays in registers.
template <bool Open, bool Collect>
bool VarExpandOp::reachableLastLevel(const Adjacency& adj, NodeId start, int depth,
                                     const std::vector<TypeId>& types) {
  TraversalScratch& sc = ctx_.traversal();
  const NodeMarks::Stamps stamps = sc.marks.stamps();
  bool undirected = spec_.dir == ast::Direction::Both;
  AdjDirection dir = adjDirection(spec_.dir);
  bool startReached = false;
  std::size_t found = 0;
  for (NodeId u : sc.front) {
    RelId uBranch = sc.marks.viaRel(u);
    std::uint64_t followed = 0;
    adj.forEach(u, dir, [&](NodeId other, auto edge) {
      if constexpr (!Open) {
        if (std::find(types.begin(), types.end(), edge().type) == types.end()) return true;
      }
      ++followed;
      if (other == start) {
        if (!undirected || depth == 0 || uBranch != edge().id) startReached = true;
      } else if (!stamps.seen(other)) {
        stamps.markSeen(other);
        if constexpr (Collect) ends_.push_back(other);
        ++found;
      }
      return true;
    });
    ctx_.countExpansions(followed, depth + 1, spec_.maxHops >= 0);
  }
  if constexpr (!Collect) endCount_ += found;
  return startReached;
}

void VarExpandOp::reset() {
  Operator::reset();
  active_ = false;
  counted_ = false;
  stack_.clear();
  clearPath();
}

void VarExpandOp::pushRel(RelId r) {
  auto i = static_cast<std::size_t>(r);
  if (i >= onPath_.size()) onPath_.resize(std::max<std::size_t>(i + 1, ctx_.graph.relCount()));
  onPath_[i] = true;
  path_.push_back(r);
}

void VarExpandOp::popRel() {
  if (path_.empty()) return;
  onPath_[static_cast<std::size_t>(path_.back())] = false;
  path_.pop_back();
}

void VarExpandOp::clearPath() {
  while (!path_.empty()) popRel();
}

void VarExpandOp::push(NodeId n) { stack_.push_back(Frame{n, ctx_.graph.adjacency(n, adjDirection(spec_.dir))}); }

// With a relationship list bound earlier, the walk may only take the list's
// relationships, in order (from the far end when the walk is reversed).
bool VarExpandOp::followsBoundList(RelId r, std::size_t depth, const Row& row) const {
  const auto& list = row[static_cast<std::size_t>(spec_.relSlot)].asList();
  if (depth >= list.size()) return false;
  const Value& want = list[spec_.reversed ? list.size() - 1 - depth : depth];
  return want.isRel() && want.asRel() == r;
}

bool VarExpandOp::emit(Row& row, NodeId end) {
  if (spec_.relBound && path_.size() != row[static_cast<std::size_t>(spec_.relSlot)].asList().size()) return false;
  if (spec_.toBound) {
    const Value& to = row[static_cast<std::size_t>(spec_.toSlot)];
    if (!to.isNode() || to.asNode() != end) return false;
  } else {
    if (!spec_.toCheck.nodeMatches(end, row, ctx_)) return false;
    row[static_cast<std::size_t>(spec_.toSlot)] = Value(NodeRef{end});
  }
  if (spec_.relBound) return true;
  ValueList rels;
  rels.reserve(path_.size());
  if (spec_.reversed)
    for (auto it = path_.rbegin(); it != path_.rend(); ++it) rels.emplace_back(RelRef{*it});
  else
    for (auto r : path_) rels.emplace_back(RelRef{r});
  row[static_cast<std::size_t>(spec_.relSlot)] = Value(std::move(rels));
  return true;
}

// Drops the ends that fail the end node's labels/properties (checked against `row`).
void VarExpandOp::keepMatchingEnds(Row& row) {
  if (spec_.toCheck.empty()) return;
  std::size_t kept = 0;
  for (NodeId end : ends_)
    if (spec_.toCheck.nodeMatches(end, row, ctx_)) ends_[kept++] = end;
  ends_.resize(kept);
}

// Every node the search marked, but the start, is one of its ends.
std::size_t VarExpandOp::countListed(NodeId start, const ColumnCheck::Listed& listed) {
  const NodeMarks& marks = ctx_.traversal().marks;
  std::size_t reached = 0;
  for (NodeId n : *listed.nodes) reached += n == start ? startIsEnd_ : marks.seen(n);
  return listed.complement ? endCount_ - reached : reached;
}

// The count of distinct end nodes over all input rows. One start (the usual case)
// needs no set, nor even the list of its ends when they need no check: its BFS
// ends are distinct already. A second start puts the first one's ends into a set
// (searching again for them if they were only counted).
bool VarExpandOp::nextCount(Row& row) {
  if (counted_) return false;
  counted_ = true;
  Row first;
  bool any = false;
  std::size_t starts = 0, firstCount = 0;
  NodeId firstStart = 0;
  bool firstCollected = true;
  IdSet seen;
  auto addToSet = [&] {
    for (NodeId end : ends_) seen.insert(end);
  };
  while (input().next(row)) {
    ctx_.tick();
    if (!any) first = row, any = true;
    const Value& from = row[static_cast<std::size_t>(spec_.fromSlot)];
    if (!from.isNode()) continue;
    if (starts == 1) {
      if (!firstCollected) {
        reachable(firstStart);
        Row scratch = first;
        keepMatchingEnds(scratch);
      }
      addToSet();
    }
    // An end condition that a value index decides by a short list (`b.id <> 'x'`, `b.id = 'x'`)
    // needs no check per end: count the ends, then look up only the listed nodes.
    spec_.toCheck.fixOperands(row, ctx_);
    std::optional<ColumnCheck::Listed> listed;
    if (starts == 0 && !spec_.toCheck.empty()) listed = spec_.toCheck.listedNodes(ctx_);
    bool collect = starts > 0 || (!spec_.toCheck.empty() && !listed);
    reachable(from.asNode(), collect);
    if (collect) keepMatchingEnds(row);
    if (starts == 0) {
      firstStart = from.asNode(), firstCollected = collect;
      firstCount = collect ? ends_.size() : listed ? countListed(firstStart, *listed) : endCount_;
    }
    if (++starts > 1) addToSet();
  }
  std::size_t count = starts == 0 ? 0 : starts == 1 ? firstCount : seen.size();
  row = any ? std::move(first) : Row(row.size());
  row[static_cast<std::size_t>(countSlot_)] = Value(static_cast<std::int64_t>(count));
  return true;
}

bool VarExpandOp::next(Row& row) {
  if (countSlot_ >= 0) return nextCount(row);
  while (true) {
    if (!active_) {
      if (!input().next(row)) return false;
      const Value& from = row[static_cast<std::size_t>(spec_.fromSlot)];
      if (!from.isNode()) continue;
      if (spec_.relBound && !row[static_cast<std::size_t>(spec_.relSlot)].isList()) continue;  // null: no match
      if (spec_.distinctEnds) {
        // Only the end is bound per emitted row here: what the end's condition reads of the
        // row is fixed for all of this start's ends.
        spec_.toCheck.fixOperands(row, ctx_);
        reachable(from.asNode());
        active_ = true;
        while (endPos_ < ends_.size()) {
          NodeId end = ends_[endPos_++];
          if (emitEnd(row, end)) return true;
        }
        active_ = false;
        continue;
      }
      stack_.clear();
      clearPath();
      push(from.asNode());
      active_ = true;
      startPending_ = spec_.minHops == 0;
    }
    if (spec_.distinctEnds) {
      while (endPos_ < ends_.size())
        if (emitEnd(row, ends_[endPos_++])) return true;
      active_ = false;
      continue;
    }
    if (startPending_) {
      startPending_ = false;
      if (emit(row, stack_.back().node)) return true;
    }
    if (step(row)) return true;
    active_ = false;
  }
}

// Advances the depth-first search to the next path that should be emitted.
bool VarExpandOp::step(Row& row) {
  int maxHops = spec_.maxHops < 0 ? std::numeric_limits<int>::max() : spec_.maxHops;
  while (!stack_.empty()) {
    Frame& f = stack_.back();
    int depth = static_cast<int>(path_.size());
    if (depth >= maxHops) {
      stack_.pop_back();
      popRel();
      continue;
    }
    AdjEntry data;
    if (!f.cursor.next(data)) {
      stack_.pop_back();
      popRel();
      continue;
    }
    NodeId other = data.other;
    if (!spec_.typeMatches(data.type, ctx_.graph)) continue;
    if (spec_.relBound && !followsBoundList(data.rel, path_.size(), row)) continue;
    if (static_cast<std::size_t>(data.rel) < onPath_.size() && onPath_[static_cast<std::size_t>(data.rel)]) continue;
    if (spec_.used.contains(data.rel, row)) continue;
    if (!spec_.relCheck.relMatches(data.rel, row, ctx_)) continue;
    ctx_.countExpansion(depth + 1, spec_.maxHops >= 0);
    pushRel(data.rel);
    push(other);
    if (static_cast<int>(path_.size()) >= spec_.minHops && emit(row, other)) return true;
  }
  return false;
}

std::string VarExpandOp::describe() const {
  std::string s = countSlot_ >= 0        ? "VarLengthReachableCount (BFS, count of distinct ends) "
                  : spec_.distinctEnds ? "VarLengthReachable (BFS, distinct ends) "
                                       : std::string("VarLengthExpand") + (spec_.toBound ? "Into " : " ");
  return s + spec_.text + spec_.describeChecks();
}

}  // namespace kgq
