// shortestPath / allShortestPaths between two bound nodes.
#include "exec/evaluator.h"
#include "exec/operators.h"
#include "exec/traversal.h"

namespace kgq {

ShortestPathOp::ShortestPathOp(ExecContext& ctx, std::unique_ptr<Operator> input, ShortestSpec spec)
    : Operator(ctx), spec_(std::move(spec)) {
  addChild(std::move(input));
}

ShortestPathOp::~ShortestPathOp() = default;

void ShortestPathOp::reset() {
  Operator::reset();
  active_ = false;
}

void ShortestPathOp::search(Row& row) {
  results_.clear();
  pos_ = 0;
  const Value& from = row[static_cast<std::size_t>(spec_.fromSlot)];
  const Value& to = row[static_cast<std::size_t>(spec_.toSlot)];
  if (!from.isNode() || !to.isNode()) return;
  NodeId s = from.asNode(), t = to.asNode();
  if (s == t && spec_.minHops > 0) return;
  TraversalFilter filter;
  filter.dir = spec_.dir;
  filter.typed = !spec_.types.empty() || spec_.typeExpr;
  resolveTypes(spec_.types, spec_.typeExpr.get(), ctx_.graph.types(), filter.types);
  auto holds = [&](const std::vector<std::pair<int, const bound::Expr*>>& preds, const Value& element) {
    for (const auto& [slot, pred] : preds) {
      row[static_cast<std::size_t>(slot)] = element;
      Value v = evaluate(*pred, row, ctx_);
      if (!v.isBool() || !v.asBool()) return false;
    }
    return true;
  };
  const auto& nodePreds = spec_.pathNodePredicates;
  const auto& relPreds = spec_.pathRelPredicates;
  // A path whose end fails a condition on every node does not exist, however long.
  if (!nodePreds.empty() && (!holds(nodePreds, Value(NodeRef{s})) || !holds(nodePreds, Value(NodeRef{t})))) return;
  if (!spec_.relCheck.empty() || !nodePreds.empty() || !relPreds.empty())
    filter.accept = [&](RelId r, TypeId) {
      if (!spec_.relCheck.empty() && !spec_.relCheck.relMatches(r, row, ctx_)) return false;
      if (!relPreds.empty() && !holds(relPreds, Value(RelRef{r}))) return false;
      if (nodePreds.empty()) return true;
      // Both ends: the search may reach either first; the one it came from passed already.
      const auto& rd = ctx_.graph.rel(r);
      return holds(nodePreds, Value(NodeRef{rd.start})) && (rd.end == rd.start || holds(nodePreds, Value(NodeRef{rd.end})));
    };
  ShortestPathFinder finder(ctx_.graph, &ctx_, ctx_.traversal());
  switch (spec_.kind) {
    case ast::ShortestKind::All:
      results_ = finder.allShortest(s, t, filter, spec_.maxHops, ctx_.limits.maxRows + 1);
      ctx_.checkRows(results_.size(), spec_.selector.c_str());
      break;
    case ast::ShortestKind::TopK:
      results_ = finder.topK(s, t, filter, spec_.maxHops, spec_.k, nullptr, spec_.selector);
      ctx_.checkRows(results_.size(), spec_.selector.c_str());
      break;
    case ast::ShortestKind::Groups: results_ = shortestGroups(finder, s, t, filter); break;
    default:
      if (auto p = finder.shortest(s, t, filter, spec_.maxHops)) results_.push_back(std::move(*p));
  }
}

// Every path of the k shortest lengths: Yen's search in order of length, asked for more paths
// until one is longer than the k-th length or there are no more.
std::vector<PathValue> ShortestPathOp::shortestGroups(ShortestPathFinder& finder, NodeId s, NodeId t,
                                                      const TraversalFilter& filter) {
  std::size_t want = 16;
  while (true) {
    auto paths = finder.topK(s, t, filter, spec_.maxHops, static_cast<int>(std::min<std::size_t>(want, 1 << 30)),
                             nullptr, spec_.selector);
    std::size_t groups = 0, keep = 0;
    for (std::size_t i = 0; i < paths.size(); ++i) {
      if (i == 0 || paths[i].rels.size() != paths[i - 1].rels.size()) ++groups;
      if (groups > static_cast<std::size_t>(spec_.k)) break;
      keep = i + 1;
    }
    ctx_.checkRows(keep, spec_.selector.c_str());
    if (paths.size() < want || keep < paths.size()) {
      paths.resize(keep);
      return paths;
    }
    want *= 4;
  }
}

bool ShortestPathOp::next(Row& row) {
  while (true) {
    if (!active_) {
      if (!input().next(row)) return false;
      search(row);
      active_ = true;
    }
    if (pos_ < results_.size()) {
      const auto& p = results_[pos_++];
      if (spec_.relSlot >= 0) {
        ValueList rels;
        for (auto r : p.rels) rels.emplace_back(RelRef{r});
        row[static_cast<std::size_t>(spec_.relSlot)] = Value(std::move(rels));
      }
      if (spec_.pathSlot >= 0) row[static_cast<std::size_t>(spec_.pathSlot)] = Value(p);
      return true;
    }
    active_ = false;
  }
}

std::string ShortestPathOp::describe() const {
  std::string s;
  switch (spec_.kind) {
    case ast::ShortestKind::All: s = "AllShortestPaths "; break;
    case ast::ShortestKind::TopK: s = "KShortestPaths " + std::to_string(spec_.k) + " "; break;
    case ast::ShortestKind::Groups: s = "ShortestPathGroups " + std::to_string(spec_.k) + " "; break;
    default: s = "ShortestPath ";
  }
  s += spec_.text;
  for (const auto& [slot, pred] : spec_.pathNodePredicates) s += " every node WHERE " + pred->text();
  for (const auto& [slot, pred] : spec_.pathRelPredicates) s += " every relationship WHERE " + pred->text();
  return s;
}

}  // namespace kgq
