// SET, REMOVE, [DETACH] DELETE, MERGE and FOREACH (see UpdateOp in operators.h).
#include <algorithm>

#include "exec/evaluator.h"
#include "exec/operators.h"

namespace kgq {

namespace {

using ast::SetItem;
using ast::UpdateClause;

std::string nodeName(const Graph& g, NodeId n) { return "`" + displayName(g, n) + "` (id " + std::to_string(n) + ")"; }

// The node or relationship an item writes to; nullopt when the variable is null
// (SET and REMOVE on null do nothing, as in openCypher).
const Value* targetOf(const SetItem& item, const Row& row, const Graph& g) {
  const Value& v = row[static_cast<std::size_t>(item.slot)];
  if (v.isNull()) return nullptr;
  if (v.isNode()) {
    if (!g.nodeAlive(v.asNode())) throw RuntimeError("cannot write to `" + item.var + "`: the node was deleted");
    return &v;
  }
  if (v.isRel()) {
    if (item.kind == SetItem::Kind::Labels)
      throw RuntimeError("`" + item.var + "` is a relationship: only nodes have labels");
    if (!g.relAlive(v.asRel())) throw RuntimeError("cannot write to `" + item.var + "`: the relationship was deleted");
    return &v;
  }
  throw RuntimeError("type mismatch: `" + item.var + "` holds " + std::string(typeName(v.type())) +
                     ", expected a node or a relationship");
}

void setOne(const Value& target, const std::string& key, Value v, ExecContext& ctx) {
  Graph& g = ctx.graph;
  if (!v.isNull()) checkStorable(key, v);
  KeyId k = g.keys().intern(key);
  bool had = target.isNode() ? g.hasNodeProperty(target.asNode(), k) : g.hasRelProperty(target.asRel(), k);
  if (v.isNull() && !had) return;
  if (target.isNode()) g.setNodeProperty(target.asNode(), k, std::move(v));
  else g.setRelProperty(target.asRel(), k, std::move(v));
  ++ctx.stats.propertiesSet;
}

// The properties `v` stands for in `n = v` / `n += v`: a map, or another node's or relationship's.
std::vector<std::pair<std::string, Value>> entriesOf(const Value& v, const SetItem& item, const Graph& g) {
  std::vector<std::pair<std::string, Value>> out;
  if (v.isNull()) return out;
  if (v.isMap()) {
    for (const auto& [k, x] : v.asMap()) out.emplace_back(k, x);
  } else if (v.isNode() || v.isRel()) {
    auto props = v.isNode() ? g.nodeProperties(v.asNode()) : g.relProperties(v.asRel());
    for (auto& [k, x] : props) out.emplace_back(g.keys().name(k), std::move(x));
  } else {
    throw RuntimeError("SET " + item.var + (item.kind == SetItem::Kind::Merge ? " += " : " = ") +
                       "expects a map, a node or a relationship, not " + std::string(typeName(v.type())));
  }
  return out;
}

void applySetItem(const SetItem& item, Row& row, ExecContext& ctx) {
  Graph& g = ctx.graph;
  switch (item.kind) {
    case SetItem::Kind::Property: {
      Value v = evaluate(bound::of(*item.value), row, ctx);  // evaluated even when the target is null
      if (const Value* t = targetOf(item, row, g)) setOne(*t, item.key, std::move(v), ctx);
      return;
    }
    case SetItem::Kind::Replace:
    case SetItem::Kind::Merge: {
      Value v = evaluate(bound::of(*item.value), row, ctx);
      const Value* t = targetOf(item, row, g);
      if (!t) return;
      auto entries = entriesOf(v, item, g);  // read before clearing: `SET n = n` keeps n's properties
      if (item.kind == SetItem::Kind::Replace) {
        auto old = t->isNode() ? g.nodeProperties(t->asNode()) : g.relProperties(t->asRel());
        for (const auto& [k, x] : old) {
          const std::string& name = g.keys().name(k);
          bool kept = std::any_of(entries.begin(), entries.end(),
                                  [&](const auto& e) { return e.first == name && !e.second.isNull(); });
          if (!kept) setOne(*t, name, Value(), ctx);
        }
      }
      for (auto& [k, x] : entries) setOne(*t, k, std::move(x), ctx);
      return;
    }
    case SetItem::Kind::Labels: {
      const Value* t = targetOf(item, row, g);
      if (!t) return;
      for (const auto& l : item.labels) {
        LabelId id = g.labels().intern(l);
        if (g.hasLabel(t->asNode(), id)) continue;
        g.addLabel(t->asNode(), id);
        ++ctx.stats.labelsAdded;
      }
      return;
    }
  }
}

void applyRemoveItem(const SetItem& item, Row& row, ExecContext& ctx) {
  Graph& g = ctx.graph;
  const Value* t = targetOf(item, row, g);
  if (!t) return;
  if (item.kind == SetItem::Kind::Property) {
    setOne(*t, item.key, Value(), ctx);
    return;
  }
  for (const auto& l : item.labels) {
    auto id = g.labels().find(l);
    if (!id || !g.hasLabel(t->asNode(), *id)) continue;
    g.removeLabel(t->asNode(), *id);
    ++ctx.stats.labelsRemoved;
  }
}

// DELETE over all rows at once: relationships first, then nodes, so that
// `MATCH (n)-[r]-() DELETE n, r` works whatever order the rows come in; a node
// that keeps a relationship is an error unless DETACH deletes those too.
void deleteAll(const UpdateClause& c, std::vector<Row>& rows, ExecContext& ctx) {
  Graph& g = ctx.graph;
  std::vector<NodeId> nodes;
  std::vector<RelId> rels;
  for (Row& row : rows)
    for (const auto& e : c.exprs) {
      Value v = evaluate(bound::of(*e), row, ctx);
      if (v.isNull()) continue;
      if (v.isNode()) nodes.push_back(v.asNode());
      else if (v.isRel()) rels.push_back(v.asRel());
      else if (v.isPath()) {
        const auto& p = v.asPath();
        nodes.insert(nodes.end(), p.nodes.begin(), p.nodes.end());
        rels.insert(rels.end(), p.rels.begin(), p.rels.end());
      } else {
        throw RuntimeError(std::string(c.name()) + " expects a node, a relationship or a path, not " +
                           std::string(typeName(v.type())));
      }
    }
  for (RelId r : rels)
    if (g.relAlive(r)) {
      g.deleteRel(r);
      ++ctx.stats.relsDeleted;
    }
  for (NodeId n : nodes) {
    if (!g.nodeAlive(n)) continue;
    std::vector<RelId> attached;
    AdjCursor cur = g.adjacency(n, AdjDirection::Both);
    for (AdjEntry e; cur.next(e);) attached.push_back(e.rel);
    if (!attached.empty() && !c.detach)
      throw RuntimeError("cannot delete node " + nodeName(g, n) + ": it still has " + std::to_string(attached.size()) +
                             (attached.size() == 1 ? " relationship" : " relationships"),
                         {}, "use DETACH DELETE to delete its relationships too, or delete them first");
    for (RelId r : attached) {
      g.deleteRel(r);
      ++ctx.stats.relsDeleted;
    }
    g.deleteNode(n);
    ++ctx.stats.nodesDeleted;
  }
}

// ---- MERGE --------------------------------------------------------------------

struct Wanted {
  std::vector<LabelId> labels;              // all must be present
  std::vector<std::pair<KeyId, Value>> props;
  bool impossible = false;                  // names no element has: nothing matches
  std::size_t uniqueAt = 0;                 // props[uniqueAt] is uniquely constrained for a label (else 0)
};

template <typename Props>
Wanted wantedOf(const std::vector<ast::SchemaName>* labels, const Props& props, Row& row, ExecContext& ctx) {
  Graph& g = ctx.graph;
  Wanted w;
  if (labels)
    for (const auto& l : *labels) {
      auto id = g.labels().find(l);
      if (!id) w.impossible = true;
      else w.labels.push_back(*id);
    }
  for (const auto& [key, expr] : props) {
    Value v = evaluate(bound::of(*expr), row, ctx);
    if (v.isNull())
      throw RuntimeError("cannot merge using a null property value for `" + key + "`", {},
                         "MERGE matches on every property it names; filter out rows where it is null");
    auto k = g.keys().find(key);
    if (!k) w.impossible = true;
    else w.props.emplace_back(*k, std::move(v));
  }
  // Seek by a property that a uniqueness constraint on one of the labels covers:
  // at most one node of the label has the value (a MERGE on a unique key finds it at once).
  if (labels && w.props.size() > 1 && g.schema().hasConstraints())
    for (const auto& d : g.schema().defs()) {
      if (!d.isUniqueness() || std::find(labels->begin(), labels->end(), d.label) == labels->end()) continue;
      for (std::size_t i = 0; i < w.props.size(); ++i)
        if (g.keys().name(w.props[i].first) == d.keys[0]) w.uniqueAt = i;
    }
  return w;
}

bool nodeFits(const Graph& g, NodeId n, const Wanted& w) {
  if (!g.nodeAlive(n)) return false;
  for (auto l : w.labels)
    if (!g.hasLabel(n, l)) return false;
  for (const auto& [k, v] : w.props)
    if (!g.nodePropertyIs(n, k, v)) return false;
  return true;
}

bool relFits(const Graph& g, RelId r, const Wanted& w) {
  for (const auto& [k, v] : w.props)
    if (!g.relPropertyIs(r, k, v)) return false;
  return true;
}

class Merger {
 public:
  Merger(const ast::PatternPart& part, Row& row, ExecContext& ctx) : part_(part), row_(row), ctx_(ctx) {
    for (const auto& n : part.nodes) nodes_.push_back(wantedOf(&n.labels, n.props, row, ctx));
    for (const auto& r : part.rels) {
      rels_.push_back(wantedOf(nullptr, r.props, row, ctx));
      auto t = ctx.graph.types().find(r.types[0]);
      types_.push_back(t ? *t : ~TypeId{0});
    }
  }

  // Every way the pattern matches, each as a copy of the row with its variables set.
  std::vector<Row> matches() {
    const Graph& g = ctx_.graph;
    for (const auto& w : nodes_)
      if (w.impossible) return {};
    for (const auto& w : rels_)
      if (w.impossible) return {};
    for (auto t : types_)
      if (t == ~TypeId{0}) return {};
    for (NodeId n : candidates(0))
      if (nodeFits(g, n, nodes_[0])) {
        Row r = row_;
        r[slotOf(0)] = Value(NodeRef{n});
        extend(0, r);
      }
    return std::move(found_);
  }

 private:
  std::size_t slotOf(std::size_t i) const { return static_cast<std::size_t>(part_.nodes[i].slot); }

  std::vector<NodeId> candidates(std::size_t i) const {
    const Graph& g = ctx_.graph;
    const Value& bound = row_[slotOf(i)];
    if (bound.isNode()) return {bound.asNode()};
    const Wanted& w = nodes_[i];
    if (!w.props.empty()) {
      auto hits = g.nodesWithProperty(w.props[w.uniqueAt].first, w.props[w.uniqueAt].second);
      return {hits.begin(), hits.end()};
    }
    if (!w.labels.empty()) return g.nodesWithLabel(w.labels[0]);
    std::vector<NodeId> all;
    for (NodeId n = 0; n < g.nodeCount(); ++n)
      if (g.nodeAlive(n)) all.push_back(n);
    return all;
  }

  void extend(std::size_t i, Row& r) {
    if (i == part_.rels.size()) {
      found_.push_back(r);
      return;
    }
    const Graph& g = ctx_.graph;
    const auto& rp = part_.rels[i];
    NodeId from = r[slotOf(i)].asNode();
    const Value& nextBound = row_[slotOf(i + 1)];
    AdjDirection dir = rp.dir == ast::Direction::In    ? AdjDirection::In
                       : rp.dir == ast::Direction::Out ? AdjDirection::Out
                                                       : AdjDirection::Both;
    AdjCursor cur = g.adjacency(from, dir);
    for (AdjEntry e; cur.next(e);) {
      if (e.type != types_[i] || !relFits(g, e.rel, rels_[i])) continue;
      if (nextBound.isNode() ? e.other != nextBound.asNode() : !nodeFits(g, e.other, nodes_[i + 1])) continue;
      bool used = false;
      for (std::size_t j = 0; j < i; ++j) used = used || r[static_cast<std::size_t>(part_.rels[j].slot)].asRel() == e.rel;
      if (used) continue;
      r[static_cast<std::size_t>(rp.slot)] = Value(RelRef{e.rel});
      r[slotOf(i + 1)] = Value(NodeRef{e.other});
      extend(i + 1, r);
    }
  }

  const ast::PatternPart& part_;
  Row& row_;
  ExecContext& ctx_;
  std::vector<Wanted> nodes_, rels_;
  std::vector<TypeId> types_;
  std::vector<Row> found_;
};

void setPath(const ast::PatternPart& part, Row& row) {
  if (part.pathSlot < 0) return;
  PathValue p;
  for (const auto& n : part.nodes) p.nodes.push_back(row[static_cast<std::size_t>(n.slot)].asNode());
  for (const auto& r : part.rels) p.rels.push_back(row[static_cast<std::size_t>(r.slot)].asRel());
  row[static_cast<std::size_t>(part.pathSlot)] = Value(std::move(p));
}

std::vector<Row> apply(const ast::Clause& clause, std::vector<Row> rows, const std::vector<int>& existing,
                       ExecContext& ctx);

// One row's MERGE: `row` becomes its first result row (the created pattern or the
// first match), and `more` receives the other matches.
void mergeOne(const UpdateClause& c, const std::vector<int>& existing, Row& row, std::vector<Row>& more,
              ExecContext& ctx) {
  ctx.tick();
  const auto& part = c.pattern[0];
  for (const auto& n : part.nodes) {
    const Value& v = row[static_cast<std::size_t>(n.slot)];
    if (v.isNode() && !ctx.graph.nodeAlive(v.asNode()))
      throw RuntimeError("cannot merge a pattern with `" + n.var + "`: the node was deleted");
  }
  std::vector<Row> found = Merger(part, row, ctx).matches();
  if (found.empty()) {
    createPattern(c.pattern, existing, row, ctx);
    for (const auto& item : c.onCreate) applySetItem(item, row, ctx);
    return;
  }
  for (Row& m : found) {
    setPath(part, m);
    for (const auto& item : c.onMatch) applySetItem(item, m, ctx);
  }
  row = std::move(found[0]);
  for (std::size_t i = 1; i < found.size(); ++i) more.push_back(std::move(found[i]));
}

std::vector<Row> applyUpdate(const UpdateClause& c, std::vector<Row> rows, const std::vector<int>& existing,
                             ExecContext& ctx) {
  switch (c.kind) {
    case UpdateClause::Kind::Set:
      for (Row& row : rows)
        for (const auto& item : c.items) applySetItem(item, row, ctx);
      return rows;
    case UpdateClause::Kind::Remove:
      for (Row& row : rows)
        for (const auto& item : c.items) applyRemoveItem(item, row, ctx);
      return rows;
    case UpdateClause::Kind::Delete: deleteAll(c, rows, ctx); return rows;
    case UpdateClause::Kind::Merge: {
      std::vector<Row> out, more;
      out.reserve(rows.size());
      for (Row& row : rows) {
        more.clear();
        mergeOne(c, existing, row, more, ctx);
        out.push_back(std::move(row));  // the input row's storage moves on: each row is held once
        for (Row& m : more) out.push_back(std::move(m));
      }
      return out;
    }
    case UpdateClause::Kind::Foreach:
      for (Row& row : rows) {
        Value list = evaluate(bound::of(*c.list), row, ctx);
        if (list.isNull()) continue;
        if (!list.isList())
          throw RuntimeError("FOREACH expects a list, not " + std::string(typeName(list.type())));
        for (const auto& x : list.asList()) {
          Row inner = row;
          inner[static_cast<std::size_t>(c.slot)] = x;
          std::vector<Row> level{std::move(inner)};
          for (const auto& b : c.body) level = apply(b, std::move(level), {}, ctx);
        }
      }
      return rows;
  }
  return rows;
}

std::vector<Row> apply(const ast::Clause& clause, std::vector<Row> rows, const std::vector<int>& existing,
                       ExecContext& ctx) {
  if (const auto* u = std::get_if<UpdateClause>(&clause)) return applyUpdate(*u, std::move(rows), existing, ctx);
  if (const auto* c = std::get_if<ast::CreateClause>(&clause)) {
    for (Row& row : rows) createPattern(c->pattern, existing, row, ctx);
    return rows;
  }
  throw RuntimeError("FOREACH can only contain update clauses");
}

}  // namespace

UpdateOp::UpdateOp(ExecContext& ctx, std::unique_ptr<Operator> input, const ast::UpdateClause* clause,
                   std::vector<int> existing, bool streams)
    : WriteOp(ctx, streams), clause_(clause), existing_(std::move(existing)) {
  addChild(std::move(input));
  bindsSlots(clause_->pattern, existing_);
}

void UpdateOp::writeOne(Row& row, std::vector<Row>& more) { mergeOne(*clause_, existing_, row, more, ctx_); }

void UpdateOp::writeAll(std::vector<Row>& rows) { rows = applyUpdate(*clause_, std::move(rows), existing_, ctx_); }

void UpdateOp::guard(const std::function<void()>& write) {
  try {
    write();
  } catch (const LimitExceeded&) {
    throw;  // a limit names no place in the statement
  } catch (const RuntimeError& e) {
    if (e.pos().line > 0) throw;
    // The write found the value wrong, not an expression of it: point at the clause.
    throw RuntimeError(e.message(), SourcePos{{}, clause_->pos.line, clause_->pos.column, {}}, e.hint());
  }
}

std::string UpdateOp::describe() const {
  std::string out = clause_->name();
  if (clause_->kind == UpdateClause::Kind::Foreach) out += " " + clause_->var;
  if (streams()) out += " (streams)";
  return out;
}

}  // namespace kgq
