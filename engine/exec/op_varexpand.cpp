// Variable-length expansion: relationship-unique paths enumerated depth-first,
// lazily, so that LIMIT stops the work and the expansion limit bounds it.
#include <algorithm>
#include <limits>

#include "exec/evaluator.h"
#include "exec/operators.h"
#include "exec/traversal.h"

namespace kgq {

VarExpandOp::VarExpandOp(ExecContext& ctx, std::unique_ptr<Operator> input, VarExpandSpec spec)
    : Operator(ctx), spec_(std::move(spec)) {
  addChild(std::move(input));
}

void VarExpandOp::reset() {
  Operator::reset();
  active_ = false;
  stack_.clear();
  path_.clear();
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

bool VarExpandOp::next(Row& row) {
  while (true) {
    if (!active_) {
      if (!input().next(row)) return false;
      const Value& from = row[static_cast<std::size_t>(spec_.fromSlot)];
      if (!from.isNode()) continue;
      if (spec_.relBound && !row[static_cast<std::size_t>(spec_.relSlot)].isList()) continue;  // null: no match
      stack_.clear();
      path_.clear();
      push(from.asNode());
      active_ = true;
      startPending_ = spec_.minHops == 0;
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
      if (!path_.empty()) path_.pop_back();
      continue;
    }
    AdjEntry data;
    if (!f.cursor.next(data)) {
      stack_.pop_back();
      if (!path_.empty()) path_.pop_back();
      continue;
    }
    NodeId other = data.other;
    if (!spec_.typeMatches(data.type, ctx_.graph)) continue;
    if (spec_.relBound && !followsBoundList(data.rel, path_.size(), row)) continue;
    if (std::find(path_.begin(), path_.end(), data.rel) != path_.end()) continue;
    if (spec_.used.contains(data.rel, row)) continue;
    if (!spec_.relCheck.relMatches(data.rel, row, ctx_)) continue;
    ctx_.countExpansion(depth + 1);
    path_.push_back(data.rel);
    push(other);
    if (static_cast<int>(path_.size()) >= spec_.minHops && emit(row, other)) return true;
  }
  return false;
}

std::string VarExpandOp::describe() const {
  return std::string("VarLengthExpand") + (spec_.toBound ? "Into " : " ") + spec_.text;
}

}  // namespace kgq
