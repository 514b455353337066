#include "planner/eagerness.h"

#include <algorithm>
#include <string>

#include "functions/registry.h"
#include "planner/rules.h"

namespace kgq::plan {

namespace {

using bound::Expr;
using bound::ExprKind;

// Reads nothing but its row and the elements the row holds: no pattern, subquery or
// search of the graph, whose answer a write elsewhere could change.
bool rowLocal(const Expr* e) {
  if (!e) return true;
  switch (e->kind) {
    case ExprKind::PatternPredicate:
    case ExprKind::PatternComprehension:
    case ExprKind::Subquery: return false;
    case ExprKind::Function:
      if (e->function && e->function->searchesGraph) return false;
      break;
    default: break;
  }
  return std::all_of(e->args.begin(), e->args.end(), [](const auto& a) { return rowLocal(a.get()); });
}

// The property keys ("" = any) and whether the labels of elements are read by an expression, which a
// SET of a write could change.
struct Reads {
  std::vector<std::string> keys;
  bool labels = false;
};

void collectReads(const Expr* e, Reads& out) {
  if (!e) return;
  switch (e->kind) {
    case ExprKind::Property: out.keys.push_back(e->key); break;
    case ExprKind::HasLabels: out.labels = true; break;
    case ExprKind::MapProjection: out.keys.emplace_back(); break;
    case ExprKind::Function:
      if (e->function && e->function->category == FunctionCategory::Graph) {
        out.keys.emplace_back();  // properties(), keys(), labels(), ...
        out.labels = true;
      }
      break;
    default: break;
  }
  for (const auto& a : e->args) collectReads(a.get(), out);
}

// Whether writing `set` keys changes a read of `read` keys ("" = any key).
bool overlaps(const std::vector<std::string>& set, const std::vector<std::string>& read) {
  for (const auto& k : set)
    for (const auto& r : read)
      if (k.empty() || r.empty() || k == r) return true;
  return false;
}

// Nodes of these labels with (at least) these property keys, names sorted.
struct Shape {
  std::vector<std::string> labels, keys;
  bool operator==(const Shape&) const = default;
};

bool subset(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::includes(b.begin(), b.end(), a.begin(), a.end());
}

// Whether a node created with shape `made` is one that a search for `sought` finds.
bool found(const Shape& made, const Shape& sought) {
  return subset(sought.labels, made.labels) && subset(sought.keys, made.keys);
}

// What one write may find, create and change.
struct Effects {
  bool merge = false;
  bool sets = false;          // ON CREATE SET / ON MATCH SET
  bool oneNode = false;       // MERGE of one node not bound before
  bool rowLocal = true;       // its own expressions
  Reads reads;                // by its own expressions
  std::vector<Shape> finds, creates;
  std::vector<std::string> findsTypes, createsTypes, findsRelKeys;
  // What its SET items change: property keys ("" = any, from `n = map` / `n += map`) and labels.
  std::vector<std::string> setKeys, setLabels;
};

template <typename Props>
Shape shapeOf(const std::vector<ast::SchemaName>& labels, const Props& props) {
  Shape s;
  for (const auto& l : labels) s.labels.push_back(l);
  for (const auto& [k, v] : props) s.keys.push_back(k);
  std::sort(s.labels.begin(), s.labels.end());
  std::sort(s.keys.begin(), s.keys.end());
  return s;
}

Effects effectsOf(const LogicalOp& op) {
  Effects fx;
  auto own = [&](const Expr* e) {
    fx.rowLocal = fx.rowLocal && rowLocal(e);
    collectReads(e, fx.reads);
  };
  const std::vector<ast::PatternPart>* pattern = op.pattern;
  if (op.kind == OpKind::Update) {
    const ast::UpdateClause& u = *op.update;
    pattern = &u.pattern;
    fx.merge = true;
    for (const auto* items : {&u.onCreate, &u.onMatch})
      for (const auto& item : *items) {
        fx.sets = true;
        own(bound::of(item.value));
        if (item.kind == ast::SetItem::Kind::Labels) {
          for (const auto& l : item.labels) fx.setLabels.push_back(l);
        } else {
          fx.setKeys.push_back(item.kind == ast::SetItem::Kind::Property ? item.key : std::string());
        }
      }
  }
  std::vector<int> seen = op.slots;  // bound before the write
  std::size_t unbound = 0;
  for (const auto& part : *pattern) {
    for (const auto& n : part.nodes) {
      for (const auto& [k, v] : n.props) own(bound::of(v));
      if (std::find(seen.begin(), seen.end(), n.slot) != seen.end()) continue;
      seen.push_back(n.slot);
      ++unbound;
      Shape s = shapeOf(n.labels, n.props);
      if (fx.merge) fx.finds.push_back(s);
      fx.creates.push_back(std::move(s));
    }
    for (const auto& r : part.rels) {
      for (const auto& [k, v] : r.props) {
        own(bound::of(v));
        if (fx.merge) fx.findsRelKeys.push_back(k);
      }
      for (const auto& t : r.types) {
        if (fx.merge) fx.findsTypes.push_back(t);
        fx.createsTypes.push_back(t);
      }
    }
  }
  fx.oneNode = fx.merge && pattern->size() == 1 && (*pattern)[0].rels.empty() && unbound == 1;
  return fx;
}

bool creates(const Effects& maker, const Effects& finder) {
  for (const auto& m : maker.creates)
    for (const auto& f : finder.finds)
      if (found(m, f)) return true;
  for (const auto& t : maker.createsTypes)
    if (std::find(finder.findsTypes.begin(), finder.findsTypes.end(), t) != finder.findsTypes.end()) return true;
  return false;
}

// Whether a SET of `setter` may change which elements `finder` finds, or what its expressions read.
bool changes(const Effects& setter, const Effects& finder) {
  if (!setter.sets) return false;
  if (overlaps(setter.setKeys, finder.reads.keys) || overlaps(setter.setKeys, finder.findsRelKeys)) return true;
  if (!setter.setLabels.empty() && finder.reads.labels) return true;
  for (const auto& f : finder.finds)
    if (overlaps(setter.setKeys, f.keys) || overlaps(setter.setLabels, f.labels)) return true;
  return false;
}

// Whether running a and b row by row, interleaved, may give another graph or other rows
// than running all of a's rows first.
bool conflict(const Effects& a, const Effects& b) {
  if (a.sets && b.sets) return true;
  if (!a.sets && !b.sets && a.oneNode && b.oneNode && a.finds[0] == b.finds[0])
    return false;  // find-or-create the same node
  return creates(a, b) || creates(b, a) || changes(a, b) || changes(b, a);
}

// Passes rows on without reading the graph itself, nor what `setKeys` / `setLabels` change.
bool transparent(const LogicalOp& op, const Effects& sets) {
  auto ok = [&](const Expr* e) {
    if (!rowLocal(e)) return false;
    Reads r;
    collectReads(e, r);
    return !overlaps(sets.setKeys, r.keys) && !(r.labels && !sets.setLabels.empty());
  };
  switch (op.kind) {
    case OpKind::Start:
    case OpKind::Distinct:
    case OpKind::BuildPath: return true;
    case OpKind::Unwind:
    case OpKind::LoadCsv:
    case OpKind::Project:
      return std::all_of(op.items.begin(), op.items.end(), [&](const auto& i) { return ok(i.first); });
    case OpKind::Filter: return std::all_of(op.predicates.begin(), op.predicates.end(), ok);
    default: return false;
  }
}

bool isCandidate(const LogicalOp& op) {
  return op.kind == OpKind::Create || (op.kind == OpKind::Update && op.update->kind == ast::UpdateClause::Kind::Merge);
}

// Reads all of its input before it gives its first row.
bool isFence(const LogicalOp& op) {
  return op.kind == OpKind::Aggregate || op.kind == OpKind::Sort || op.kind == OpKind::Update;
}

// The operators of one stretch between fences, top first.
bool decide(const std::vector<LogicalOp*>& segment) {
  std::vector<Effects> writes;
  for (const LogicalOp* op : segment)
    if (isCandidate(*op)) writes.push_back(effectsOf(*op));
  if (writes.empty()) return false;
  Effects sets;  // what all of them SET
  for (const auto& w : writes) {
    if (!w.rowLocal) return false;
    sets.setKeys.insert(sets.setKeys.end(), w.setKeys.begin(), w.setKeys.end());
    sets.setLabels.insert(sets.setLabels.end(), w.setLabels.begin(), w.setLabels.end());
  }
  for (const LogicalOp* op : segment)
    if (!isCandidate(*op) && !transparent(*op, sets)) return false;
  for (std::size_t i = 0; i < writes.size(); ++i)
    for (std::size_t j = i + 1; j < writes.size(); ++j)
      if (conflict(writes[i], writes[j])) return false;
  for (LogicalOp* op : segment)
    if (isCandidate(*op)) op->streams = true;
  return true;
}

}  // namespace

void streamWrites(LogicalPlan& plan) {
  bool any = false;
  std::vector<LogicalOp*> segment;
  for (LogicalOp* op = plan.root.get(); op; op = op->input()) {
    // A MERGE that is not a candidate (SET, DELETE, ...) stays eager: a fence.
    bool fence = isFence(*op) && !isCandidate(*op);
    if (fence) {
      any = decide(segment) || any;
      segment.clear();
      continue;
    }
    segment.push_back(op);
    if (op->children.size() > 1) {  // OPTIONAL MATCH, CALL { }, UNION: not followed further
      segment.clear();
      break;
    }
  }
  any = decide(segment) || any;
  if (any && std::find(plan.rules.begin(), plan.rules.end(), "stream-writes") == plan.rules.end())
    plan.rules.emplace_back(ruleName("stream-writes"));
}

}  // namespace kgq::plan
