#include "exec/traversal.h"

#include <algorithm>
#include <limits>

#include "exec/context.h"

namespace kgq {

void NodeMarks::begin(std::size_t nodeCount) {
  if (stamp_.size() < nodeCount) {
    stamp_.resize(nodeCount, 0);
    dist_.resize(nodeCount);
    rel_.resize(nodeCount);
    prev_.resize(nodeCount);
  }
  if (++gen_ == 0) {  // wrapped: clear once every 4 billion searches
    std::fill(stamp_.begin(), stamp_.end(), 0);
    gen_ = 1;
  }
}

void NodeMarks::mark(NodeId n, int d, RelId viaRel, NodeId viaNode) {
  stamp_[n] = gen_;
  dist_[n] = d;
  rel_[n] = viaRel;
  prev_[n] = viaNode;
}

std::optional<PathValue> ShortestPathFinder::shortest(NodeId s, NodeId t, const TraversalFilter& filter, int maxHops) {
  if (s == t) return PathValue{{s}, {}};
  int limit = maxHops < 0 ? std::numeric_limits<int>::max() : maxHops;
  fwd_.begin(graph_.nodeCount());
  bwd_.begin(graph_.nodeCount());
  fwd_.mark(s, 0, 0, s);
  bwd_.mark(t, 0, 0, t);
  std::vector<NodeId> fFront{s}, bFront{t}, next;
  int fDepth = 0, bDepth = 0;
  std::optional<NodeId> meet;
  int best = std::numeric_limits<int>::max();
  RelId meetRel = 0;
  NodeId meetFrom = 0;
  bool meetForward = true;
  while (!fFront.empty() && !bFront.empty() && fDepth + bDepth < limit) {
    bool forward = fFront.size() <= bFront.size();
    auto& front = forward ? fFront : bFront;
    auto& mine = forward ? fwd_ : bwd_;
    auto& theirs = forward ? bwd_ : fwd_;
    int depth = forward ? fDepth : bDepth;
    next.clear();
    for (NodeId u : front) {
      if (ctx_) ctx_->tick();
      forEachStep(graph_, u, filter, !forward, [&](Step st) {
        if (theirs.seen(st.other)) {
          int total = depth + 1 + theirs.dist(st.other);
          if (total < best && total <= limit) {
            best = total;
            meet = st.other;
            meetRel = st.rel;
            meetFrom = u;
            meetForward = forward;
          }
        }
        if (!mine.seen(st.other)) {
          mine.mark(st.other, depth + 1, st.rel, u);
          next.push_back(st.other);
        }
      });
    }
    front.swap(next);
    (forward ? fDepth : bDepth)++;
    if (meet) break;
  }
  if (!meet) return std::nullopt;
  // Stitch: s ... (forward side) -- meetRel -- (backward side) ... t
  NodeId fEnd = meetForward ? meetFrom : *meet;
  NodeId bStart = meetForward ? *meet : meetFrom;
  PathValue p;
  for (NodeId n = fEnd; n != s; n = fwd_.viaNode(n)) {
    p.nodes.push_back(n);
    p.rels.push_back(fwd_.viaRel(n));
  }
  p.nodes.push_back(s);
  std::reverse(p.nodes.begin(), p.nodes.end());
  std::reverse(p.rels.begin(), p.rels.end());
  p.rels.push_back(meetRel);
  for (NodeId n = bStart; n != t; n = bwd_.viaNode(n)) {
    p.nodes.push_back(n);
    p.rels.push_back(bwd_.viaRel(n));
  }
  p.nodes.push_back(t);
  return p;
}

std::vector<PathValue> ShortestPathFinder::allShortest(NodeId s, NodeId t, const TraversalFilter& filter,
                                                       int maxHops, std::size_t limit) {
  std::vector<PathValue> out;
  if (s == t) {
    out.push_back(PathValue{{s}, {}});
    return out;
  }
  int hopLimit = maxHops < 0 ? std::numeric_limits<int>::max() : maxHops;
  // Forward BFS layer by layer until t's layer is complete.
  fwd_.begin(graph_.nodeCount());
  fwd_.mark(s, 0, 0, s);
  std::vector<NodeId> front{s}, next;
  int depth = 0;
  bool found = false;
  while (!front.empty() && !found && depth < hopLimit) {
    next.clear();
    for (NodeId u : front) {
      if (ctx_) ctx_->tick();
      forEachStep(graph_, u, filter, false, [&](Step st) {
        if (!fwd_.seen(st.other)) {
          fwd_.mark(st.other, depth + 1, st.rel, u);
          next.push_back(st.other);
          if (st.other == t) found = true;
        }
      });
    }
    front.swap(next);
    ++depth;
  }
  if (!found) return out;
  // Walk back from t over every edge that descends one layer.
  std::vector<RelId> rels;
  std::vector<NodeId> nodes{t};
  std::function<void(NodeId)> back = [&](NodeId v) {
    if (out.size() >= limit) return;
    if (v == s) {
      PathValue p;
      p.nodes.assign(nodes.rbegin(), nodes.rend());
      p.rels.assign(rels.rbegin(), rels.rend());
      out.push_back(std::move(p));
      return;
    }
    int dv = fwd_.dist(v);
    std::vector<Step> preds;
    forEachStep(graph_, v, filter, true, [&](Step st) {
      if (fwd_.seen(st.other) && fwd_.dist(st.other) == dv - 1) preds.push_back(st);
    });
    for (const auto& st : preds) {
      if (ctx_) ctx_->tick();
      rels.push_back(st.rel);
      nodes.push_back(st.other);
      back(st.other);
      rels.pop_back();
      nodes.pop_back();
    }
  };
  back(t);
  return out;
}

}  // namespace kgq
