// SET, REMOVE, [DETACH] DELETE, MERGE and FOREACH (see UpdateOp in operators.h).
#include <algorithm>
#include <optional>
#include <span>

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

void setPath(const ast::PatternPart& part, Row& row) {
  if (part.pathSlot < 0) return;
  PathValue p;
  for (const auto& n : part.nodes) p.nodes.push_back(row[static_cast<std::size_t>(n.slot)].asNode());
  for (const auto& r : part.rels) p.rels.push_back(row[static_cast<std::size_t>(r.slot)].asRel());
  row[static_cast<std::size_t>(part.pathSlot)] = Value(std::move(p));
}

}  // namespace

// ---- MERGE --------------------------------------------------------------------

// MERGE's search for its pattern, one row at a time. It keeps its buffers (and the
// ids of names once they exist) from row to row: a bulk MERGE runs it millions of times.
class MergeSearch {
 public:
  explicit MergeSearch(const ast::PatternPart& part) : part_(part), nodes_(part.nodes.size()), rels_(part.rels.size()) {
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      nodes_[i].labelIds.resize(part.nodes[i].labels.size());
      nodes_[i].keyIds.resize(part.nodes[i].props.size());
    }
    for (std::size_t i = 0; i < rels_.size(); ++i) rels_[i].keyIds.resize(part.rels[i].props.size());
    types_.resize(rels_.size());
  }

  // Finds every way the pattern matches with the row's bound nodes; returns how many.
  std::size_t find(Row& row, ExecContext& ctx) {
    found_.clear();
    bool possible = true;
    for (std::size_t i = 0; i < nodes_.size(); ++i)
      possible = want(nodes_[i], &part_.nodes[i].labels, part_.nodes[i].props, row, ctx) && possible;
    for (std::size_t i = 0; i < rels_.size(); ++i) {
      possible = want(rels_[i], nullptr, part_.rels[i].props, row, ctx) && possible;
      possible = resolve(types_[i], ctx.graph.types(), part_.rels[i].types[0]) && possible;
    }
    if (!possible) return 0;  // a label, type or key that does not exist yet: nothing matches
    const Graph& g = ctx.graph;
    cur_.assign(width(), 0);
    bool seeked = false;
    for (NodeId n : candidates(row, g, seeked))
      if (nodeFits(g, n, nodes_[0], seeked)) {
        cur_[0] = n;
        extend(0, row, g);
      }
    return found_.size() / width();
  }

  // Writes match `i`'s nodes and relationships into the row.
  void bind(std::size_t i, Row& row) const {
    const std::uint32_t* ids = found_.data() + i * width();
    for (std::size_t k = 0; k < part_.nodes.size(); ++k)
      row[slot(part_.nodes[k].slot)] = Value(NodeRef{ids[k]});
    for (std::size_t k = 0; k < part_.rels.size(); ++k)
      row[slot(part_.rels[k].slot)] = Value(RelRef{ids[part_.nodes.size() + k]});
  }

 private:
  struct Wanted {
    std::vector<std::optional<std::uint32_t>> labelIds, keyIds;  // kept once the name exists
    std::vector<Value> values;  // of the properties, this row
    std::size_t seekAt = 0;     // the property to seek by: uniquely constrained for a label, else the first
  };

  static std::size_t slot(int s) { return static_cast<std::size_t>(s); }
  std::size_t width() const { return nodes_.size() + rels_.size(); }

  static bool resolve(std::optional<std::uint32_t>& id, const StringInterner& names, const std::string& name) {
    if (!id) id = names.find(name);
    return id.has_value();
  }

  bool want(Wanted& w, const std::vector<ast::SchemaName>* labels, const ast::PropertyList& props, Row& row,
            ExecContext& ctx) {
    Graph& g = ctx.graph;
    bool possible = true;
    if (labels)
      for (std::size_t i = 0; i < labels->size(); ++i)
        possible = resolve(w.labelIds[i], g.labels(), (*labels)[i]) && possible;
    w.values.clear();
    for (std::size_t i = 0; i < props.size(); ++i) {
      const auto& [key, expr] = props[i];
      Value v = evaluate(bound::of(*expr), row, ctx);
      if (v.isNull())
        throw RuntimeError("cannot merge using a null property value for `" + key + "`", {},
                           "MERGE matches on every property it names; filter out rows where it is null");
      w.values.push_back(std::move(v));
      possible = resolve(w.keyIds[i], g.keys(), key) && possible;
    }
    // Seek by a property that a uniqueness constraint on one of the labels covers:
    // at most one node of the label has the value (a MERGE on a unique key finds it at once).
    w.seekAt = 0;
    if (labels && props.size() > 1 && g.schema().hasConstraints())
      for (const auto& d : g.schema().defs()) {
        if (!d.isUniqueness() || std::find(labels->begin(), labels->end(), d.label) == labels->end()) continue;
        for (std::size_t i = 0; i < props.size(); ++i)
          if (props[i].first == d.keys[0]) w.seekAt = i;
      }
    return possible;
  }

  // `seeked`: n came from the index of w's seek property, which it need not be checked against again.
  static bool nodeFits(const Graph& g, NodeId n, const Wanted& w, bool seeked) {
    if (!g.nodeAlive(n)) return false;
    for (const auto& l : w.labelIds)
      if (!g.hasLabel(n, *l)) return false;
    for (std::size_t i = 0; i < w.values.size(); ++i)
      if (!(seeked && i == w.seekAt) && !g.nodePropertyIs(n, *w.keyIds[i], w.values[i])) return false;
    return true;
  }

  static bool relFits(const Graph& g, RelId r, const Wanted& w) {
    for (std::size_t i = 0; i < w.values.size(); ++i)
      if (!g.relPropertyIs(r, *w.keyIds[i], w.values[i])) return false;
    return true;
  }

  std::span<const NodeId> candidates(const Row& row, const Graph& g, bool& seeked) {
    const Value& bound = row[slot(part_.nodes[0].slot)];
    const Wanted& w = nodes_[0];
    scratch_.clear();
    if (bound.isNode()) {
      scratch_.push_back(bound.asNode());
      return scratch_;
    }
    if (!w.values.empty()) {
      seeked = true;
      return g.nodesWithProperty(*w.keyIds[w.seekAt], w.values[w.seekAt]);
    }
    if (!w.labelIds.empty()) return g.nodesWithLabel(*w.labelIds[0]);
    for (NodeId n = 0; n < g.nodeCount(); ++n)
      if (g.nodeAlive(n)) scratch_.push_back(n);
    return scratch_;
  }

  void extend(std::size_t i, const Row& row, const Graph& g) {
    if (i == rels_.size()) {
      found_.insert(found_.end(), cur_.begin(), cur_.end());
      return;
    }
    const auto& rp = part_.rels[i];
    const Value& nextBound = row[slot(part_.nodes[i + 1].slot)];
    AdjDirection dir = rp.dir == ast::Direction::In    ? AdjDirection::In
                       : rp.dir == ast::Direction::Out ? AdjDirection::Out
                                                       : AdjDirection::Both;
    std::size_t relAt = nodes_.size();
    AdjCursor cur = g.adjacency(cur_[i], dir);
    for (AdjEntry e; cur.next(e);) {
      if (e.type != *types_[i] || !relFits(g, e.rel, rels_[i])) continue;
      if (nextBound.isNode() ? e.other != nextBound.asNode() : !nodeFits(g, e.other, nodes_[i + 1], false)) continue;
      if (std::find(cur_.begin() + static_cast<std::ptrdiff_t>(relAt),
                    cur_.begin() + static_cast<std::ptrdiff_t>(relAt + i), e.rel) !=
          cur_.begin() + static_cast<std::ptrdiff_t>(relAt + i))
        continue;  // each relationship once in a pattern
      cur_[relAt + i] = e.rel;
      cur_[i + 1] = e.other;
      extend(i + 1, row, g);
    }
  }

  const ast::PatternPart& part_;
  std::vector<Wanted> nodes_, rels_;
  std::vector<std::optional<TypeId>> types_;
  std::vector<std::uint32_t> cur_;    // the match being built: a node per pattern node, then a relationship each
  std::vector<std::uint32_t> found_;  // the matches, `width()` ids each
  std::vector<NodeId> scratch_;
};

namespace {

// One row's MERGE: `row` becomes its first result row (the created pattern or the
// first match), and `more` receives the other matches.
void mergeOne(const UpdateClause& c, const std::vector<int>& existing, Row& row, std::vector<Row>& more,
              MergeSearch& search, ExecContext& ctx) {
  ctx.tick();
  const auto& part = c.pattern[0];
  for (const auto& n : part.nodes) {
    const Value& v = row[static_cast<std::size_t>(n.slot)];
    if (v.isNode() && !ctx.graph.nodeAlive(v.asNode()))
      throw RuntimeError("cannot merge a pattern with `" + n.var + "`: the node was deleted");
  }
  std::size_t matches = search.find(row, ctx);
  if (matches == 0) {
    createPattern(c.pattern, existing, row, ctx);
    for (const auto& item : c.onCreate) applySetItem(item, row, ctx);
    return;
  }
  for (std::size_t i = 0; i < matches; ++i) {
    Row* m = &row;
    if (i > 0) {
      more.push_back(row);
      m = &more.back();
    }
    search.bind(i, *m);
    setPath(part, *m);
    for (const auto& item : c.onMatch) applySetItem(item, *m, ctx);
  }
}

std::vector<Row> apply(const ast::Clause& clause, std::vector<Row> rows, const std::vector<int>& existing,
                       ExecContext& ctx);

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
      MergeSearch search(c.pattern[0]);
      for (Row& row : rows) {
        more.clear();
        mergeOne(c, existing, row, more, search, ctx);
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

UpdateOp::~UpdateOp() = default;

void UpdateOp::writeOne(Row& row, std::vector<Row>& more) {
  if (!search_) search_ = std::make_unique<MergeSearch>(clause_->pattern[0]);
  mergeOne(*clause_, existing_, row, more, *search_, ctx_);
}

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
