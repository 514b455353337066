// Pattern operators: node scan, single-hop expand, element checks.
#include <algorithm>
#include <cmath>

#include "exec/evaluator.h"
#include "exec/operators.h"
#include "exec/traversal.h"
#include "planner/names.h"

namespace kgq {

namespace {
// `valueOf(key)` is the element's value, null when absent (stored values never are).
template <typename ValueOf>
bool propMatches(ValueOf valueOf, const ast::SchemaName& key, const bound::Expr& expr, Row& row, ExecContext& ctx) {
  auto k = plan::idOf(key, ctx.graph.keys());
  if (!k) return false;
  Value have = valueOf(*k);
  if (have.isNull()) return false;
  return cypherEquals(have, evaluate(expr, row, ctx)) == true;
}

template <typename ValueOf>
bool propsMatch(ValueOf valueOf, const std::vector<std::pair<ast::SchemaName, const bound::Expr*>>& want, Row& row,
                ExecContext& ctx) {
  for (const auto& [key, expr] : want)
    if (!propMatches(valueOf, key, *expr, row, ctx)) return false;
  return true;
}
}  // namespace

namespace {
bool predicatesHold(const std::vector<const bound::Expr*>& predicates, int slot, Value element, Row& row,
                    ExecContext& ctx) {
  if (predicates.empty()) return true;
  row[static_cast<std::size_t>(slot)] = std::move(element);
  for (const auto* p : predicates)
    if (!evaluatePredicate(*p, row, ctx)) return false;
  return true;
}
}  // namespace

void ElementCheck::compile(bool node, ExecContext& ctx) {
  node_ = node;
  steps_.clear();
  for (std::size_t i = 0; i < props.size(); ++i)
    steps_.push_back({static_cast<int>(i), nullptr, ColumnCheck::equality(props[i].first, *props[i].second, ctx)});
  for (const auto* p : predicates) {
    Step st{-1, p, std::nullopt};
    if (auto t = plan::columnTest(*p, slot, node)) st.test = ColumnCheck::compile(*t, *p, ctx);
    steps_.push_back(std::move(st));
  }
  compiled_ = true;
}

// The props and predicates in order, each through its ColumnCheck when it has one.
bool ElementCheck::stepsHold(std::uint32_t id, bool node, Row& row, ExecContext& ctx) const {
  bool written = false;
  for (const auto& st : steps_) {
    if (st.test) {
      if (!st.test->holds(id, node, slot, row, ctx)) return false;
      continue;
    }
    if (st.prop >= 0) {
      const auto& one = props[static_cast<std::size_t>(st.prop)];
      auto valueOf = [&](KeyId k) { return node ? ctx.graph.nodeValue(id, k) : ctx.graph.relValue(id, k); };
      if (!propMatches(valueOf, one.first, *one.second, row, ctx)) return false;
      continue;
    }
    if (!written) row[static_cast<std::size_t>(slot)] = node ? Value(NodeRef{id}) : Value(RelRef{id}), written = true;
    if (!evaluatePredicate(*st.predicate, row, ctx)) return false;
  }
  return true;
}

bool ElementCheck::nodeMatches(NodeId n, Row& row, ExecContext& ctx) const {
  for (const auto& l : labels) {
    auto id = l.resolve(ctx.graph.labels());
    if (!id || !ctx.graph.hasLabel(n, *id)) return false;
  }
  if (compiled_) return stepsHold(n, true, row, ctx);
  if (!props.empty() && !propsMatch([&](KeyId k) { return ctx.graph.nodeValue(n, k); }, props, row, ctx)) return false;
  return predicatesHold(predicates, slot, Value(NodeRef{n}), row, ctx);
}

bool ElementCheck::relMatches(RelId r, Row& row, ExecContext& ctx) const {
  if (compiled_) return stepsHold(r, false, row, ctx);
  if (!props.empty() && !propsMatch([&](KeyId k) { return ctx.graph.relValue(r, k); }, props, row, ctx)) return false;
  return predicatesHold(predicates, slot, Value(RelRef{r}), row, ctx);
}

std::optional<ColumnCheck::Listed> ElementCheck::listedNodes(ExecContext& ctx) const {
  if (!compiled_ || !labels.empty() || steps_.size() != 1 || !steps_[0].test) return std::nullopt;
  return steps_[0].test->listedNodes(ctx.graph);
}

void ElementCheck::fixOperands(Row& row, ExecContext& ctx) const {
  for (const auto& st : steps_)
    if (st.test) st.test->fixOperand(row, ctx);
}

bool ElementCheck::plain(const Graph& g, Plain& out) const {
  out.labels.clear();
  out.ints.clear();
  out.never = false;
  if (!compiled_) return false;
  for (const auto& l : labels) {
    auto id = l.resolve(g.labels());
    if (!id) out.never = true;
    else out.labels.push_back(*id);
  }
  for (const auto& st : steps_) {
    if (!st.test) return false;
    auto c = st.test->intCompare(g);
    if (!c) return false;
    out.ints.push_back(*c);
  }
  return true;
}

std::string ElementCheck::describe() const {
  std::string s;
  for (const auto& l : labels) s += ":" + l.name;
  if (!props.empty()) {
    s += " {";
    for (std::size_t i = 0; i < props.size(); ++i) s += (i ? ", " : "") + props[i].first + ": " + props[i].second->text();
    s += "}";
  }
  for (const auto* p : predicates) s += " WHERE " + p->text();
  return s;
}

bool UsedRels::contains(RelId r, const Row& row) const {
  for (int s : relSlots) {
    const auto& v = row[static_cast<std::size_t>(s)];
    if (v.isRel() && v.asRel() == r) return true;
  }
  for (int s : listSlots) {
    const auto& v = row[static_cast<std::size_t>(s)];
    if (!v.isList()) continue;
    for (const auto& e : v.asList())
      if (e.isRel() && e.asRel() == r) return true;
  }
  return false;
}

bool ExpandSpec::typeMatches(TypeId t, const Graph& g) const {
  if (typeExpr) return labelExprHolds(*typeExpr, g.types(), [t](std::uint32_t id) { return id == t; }, true);
  if (types.empty()) return true;
  for (const auto& ref : types)
    if (ref.resolve(g.types()) == t) return true;
  return false;
}

// ---- NodeFilter ------------------------------------------------------------------

NodeFilterOp::NodeFilterOp(ExecContext& ctx, std::unique_ptr<Operator> input, int slot, ElementCheck check,
                           std::string text)
    : Operator(ctx), slot_(slot), check_(std::move(check)), text_(std::move(text)) {
  addChild(std::move(input));
}

bool NodeFilterOp::next(Row& row) {
  while (input().next(row)) {
    const Value& v = row[static_cast<std::size_t>(slot_)];
    if (v.isNode() && check_.nodeMatches(v.asNode(), row, ctx_)) return true;
  }
  return false;
}

// ---- NodeScan ------------------------------------------------------------------

NodeScanOp::NodeScanOp(ExecContext& ctx, std::unique_ptr<Operator> input, int slot, std::optional<NameRef> label,
                       ElementCheck check, std::string text)
    : Operator(ctx), slot_(slot), label_(std::move(label)), check_(std::move(check)), text_(std::move(text)) {
  addChild(std::move(input));
}

namespace {
const std::vector<NodeId>& nodesOf(const NameRef& label, const Graph& g) {
  static const std::vector<NodeId> none;
  auto id = label.resolve(g.labels());
  return id ? g.nodesWithLabel(*id) : none;
}
}  // namespace

void NodeScanOp::openUnionLabel() {
  pos_ = 0;
  list_ = &nodesOf(union_[unionPos_], ctx_.graph);
}

bool NodeScanOp::seenInUnion(NodeId n) const {
  for (std::size_t i = 0; i < unionPos_; ++i)
    if (auto id = union_[i].resolve(ctx_.graph.labels()); id && ctx_.graph.hasLabel(n, *id)) return true;
  return false;
}

bool NodeScanOp::next(Row& row) {
  const Graph& g = ctx_.graph;
  while (true) {
    if (!active_) {
      if (!input().next(row)) return false;
      active_ = true;
      pos_ = 0;
      list_ = nullptr;
      unionPos_ = range_ ? range_->part : 0;
      if (!union_.empty()) openUnionLabel();
      else if (label_) list_ = &nodesOf(*label_, g);
      if (range_) pos_ = range_->begin;
    }
    std::size_t end = list_ ? list_->size() : g.nodeCount();
    if (range_) end = std::min(end, range_->end);
    while (pos_ < end) {
      NodeId n = list_ ? (*list_)[pos_] : static_cast<NodeId>(pos_);
      ++pos_;
      ctx_.tick();
      if (!list_ && !g.nodeAlive(n)) continue;
      if (unionPos_ > 0 && seenInUnion(n)) continue;
      if (!check_.nodeMatches(n, row, ctx_)) continue;
      row[static_cast<std::size_t>(slot_)] = Value(NodeRef{n});
      return true;
    }
    if (!union_.empty() && !range_ && unionPos_ + 1 < union_.size()) {
      ++unionPos_;
      openUnionLabel();
      continue;
    }
    active_ = false;
  }
}

std::vector<std::size_t> NodeScanOp::partSizes() const {
  std::vector<std::size_t> sizes;
  for (const auto& l : union_) sizes.push_back(nodesOf(l, ctx_.graph).size());
  if (union_.empty()) sizes.push_back(label_ ? nodesOf(*label_, ctx_.graph).size() : ctx_.graph.nodeCount());
  return sizes;
}

void NodeScanOp::reset() {
  Operator::reset();
  active_ = false;
}

std::string NodeScanOp::describe() const {
  std::string s = !union_.empty() ? "UnionNodeByLabelsScan " : label_ ? "NodeByLabelScan " : "AllNodesScan ";
  s += text_;
  if (!check_.empty()) s += " check" + check_.describe();
  return s;
}

// ---- IndexSeek -------------------------------------------------------------------

IndexSeekOp::IndexSeekOp(ExecContext& ctx, std::unique_ptr<Operator> input, int slot, std::optional<NameRef> label,
                         ast::SchemaName key, const bound::Expr* value, bool in, ElementCheck check, std::string text)
    : Operator(ctx),
      slot_(slot),
      label_(std::move(label)),
      key_(std::move(key)),
      value_(value),
      in_(in),
      check_(std::move(check)),
      text_(std::move(text)) {
  addChild(std::move(input));
}

bool IndexSeekOp::next(Row& row) {
  while (true) {
    if (!active_) {
      if (!input().next(row)) return false;
      active_ = true;
      pos_ = 0;
      seek(row);
    }
    while (pos_ < hits_.size()) {
      NodeId n = hits_[pos_++];
      ctx_.tick();
      if (!check_.nodeMatches(n, row, ctx_)) continue;
      row[static_cast<std::size_t>(slot_)] = Value(NodeRef{n});
      return true;
    }
    active_ = false;
  }
}

// The candidates for this row, ascending and unique: the index's nodes for each
// wanted value (an integral number is looked up as integer and as float, which
// Cypher's = equates), or the label's nodes checked one by one when the label is
// small, or when a wanted value is a list or map that the index compares by type.
void IndexSeekOp::seek(Row& row) {
  const Graph& g = ctx_.graph;
  hits_.clear();
  wanted_.clear();
  Value v = evaluate(*value_, row, ctx_);
  if (in_) {
    if (!v.isList()) return;  // null or not a list: `x IN v` is never true
    for (const auto& e : v.asList()) wanted_.push_back(e);
  } else {
    wanted_.push_back(std::move(v));
  }
  auto k = plan::idOf(key_, g.keys());
  if (!k) return;
  const std::vector<NodeId>* byLabel = nullptr;
  if (label_) {
    static const std::vector<NodeId> none;
    auto id = label_->resolve(g.labels());
    byLabel = id ? &g.nodesWithLabel(*id) : &none;
  }
  bool compareEach = byLabel && byLabel->size() <= 1024;
  for (const auto& w : wanted_)
    if (w.isList() || w.isMap()) compareEach = true;
  if (compareEach) {
    // Strings (ids, names: the usual seek) compare in the column, without a copy
    // of each node's value: a string equals only an equal string.
    bool strings = std::all_of(wanted_.begin(), wanted_.end(), [](const Value& w) { return w.isString(); });
    auto consider = [&](NodeId n) {
      ctx_.tick();
      if (strings) {
        for (const auto& w : wanted_)
          if (g.nodePropertyIs(n, *k, w)) {
            hits_.push_back(n);
            return;
          }
        return;
      }
      Value have = g.nodeValue(n, *k);
      if (have.isNull()) return;
      for (const auto& w : wanted_)
        if (cypherEquals(have, w) == true) {
          hits_.push_back(n);
          return;
        }
    };
    if (byLabel) {
      for (NodeId n : *byLabel) consider(n);
    } else {
      for (std::size_t n = 0; n < g.nodeCount(); ++n)
        if (g.nodeAlive(static_cast<NodeId>(n))) consider(static_cast<NodeId>(n));
    }
    return;
  }
  auto add = [&](const Value& w) {
    auto found = g.nodesWithProperty(*k, w);
    hits_.insert(hits_.end(), found.begin(), found.end());
  };
  for (const auto& w : wanted_) {
    if (w.isNull()) continue;
    add(w);
    if (w.isInt()) {
      double d = static_cast<double>(w.asInt());
      if (static_cast<std::int64_t>(d) == w.asInt()) add(Value(d));
    } else if (w.isFloat()) {
      double d = w.asFloat();
      if (std::trunc(d) == d && d >= -9.2e18 && d <= 9.2e18) add(Value(static_cast<std::int64_t>(d)));
    }
  }
  if (wanted_.size() > 1 || hits_.size() > 1) {
    std::sort(hits_.begin(), hits_.end());
    hits_.erase(std::unique(hits_.begin(), hits_.end()), hits_.end());
  }
  if (label_) {
    auto id = label_->resolve(g.labels());
    std::erase_if(hits_, [&](NodeId n) { return !id || !g.hasLabel(n, *id); });
  }
}

void IndexSeekOp::reset() {
  Operator::reset();
  active_ = false;
}

std::string IndexSeekOp::describe() const {
  std::string s = "NodeIndexSeek " + text_ + " " + key_ + (in_ ? " IN " : " = ") + value_->text();
  if (!check_.empty()) s += " check" + check_.describe();
  return s;
}

// ---- Expand ----------------------------------------------------------------------

ExpandOp::ExpandOp(ExecContext& ctx, std::unique_ptr<Operator> input, ExpandSpec spec)
    : Operator(ctx), spec_(std::move(spec)) {
  addChild(std::move(input));
}

void ExpandOp::reset() {
  Operator::reset();
  active_ = false;
  typesKnown_ = false;
}

namespace {
// A literal, a parameter, or a list of them: the same for every row of a run.
bool sameForEveryRow(const bound::Expr& e) {
  if (e.kind == bound::ExprKind::Literal || e.kind == bound::ExprKind::Parameter) return true;
  if (e.kind != bound::ExprKind::List) return false;
  return std::all_of(e.args.begin(), e.args.end(), [](const auto& a) { return a && sameForEveryRow(*a); });
}
}  // namespace

bool ExpandOp::next(Row& row) {
  while (true) {
    if (!active_) {
      if (!input().next(row)) return false;
      const Value& from = row[static_cast<std::size_t>(spec_.fromSlot)];
      if (!from.isNode()) continue;  // null from an optional match: nothing to expand
      from_ = from.asNode();
      if (!spec_.typeValues.empty() && !typesKnown_) {
        // `type(r) = 'KNOWS'` or `= $t` allows the same types for every row: resolving the
        // names once keeps it as cheap as `[:KNOWS]`. Not a name the graph lacks: a write
        // earlier in the statement may yet create that type.
        typesKnown_ = evaluateTypeValues(row) && std::all_of(spec_.typeValues.begin(), spec_.typeValues.end(),
                                  [](const auto& tv) { return sameForEveryRow(*tv.first); });
      }
      cursor_ = ctx_.graph.adjacency(from_, adjDirection(spec_.dir));
      active_ = true;
    }
    if (spec_.countSlot >= 0) {
      // Each match is found exactly as one row would be; only their number leaves.
      std::int64_t matches = 0;
      if (!countDirect(row, matches))
        while (advance(row)) ++matches;
      active_ = false;
      if (matches == 0) continue;
      row[static_cast<std::size_t>(spec_.countSlot)] = Value(matches);
      return true;
    }
    if (advance(row)) return true;
    active_ = false;
  }
}

bool ExpandOp::advance(Row& row) {
  AdjEntry data;
  while (cursor_.next(data)) {
    ctx_.tick();
    NodeId other = data.other;
    if (!spec_.typeMatches(data.type, ctx_.graph)) continue;
    if (!spec_.typeValues.empty() &&
        std::find(valueTypes_.begin(), valueTypes_.end(), data.type) == valueTypes_.end())
      continue;
    if (spec_.relBound) {
      const Value& bound = row[static_cast<std::size_t>(spec_.relSlot)];
      if (!bound.isRel() || bound.asRel() != data.rel) continue;
    }
    // A relationship bound by an earlier clause is still unique within this MATCH.
    if (spec_.used.contains(data.rel, row)) continue;
    if (spec_.toBound) {
      const Value& to = row[static_cast<std::size_t>(spec_.toSlot)];
      if (!to.isNode() || to.asNode() != other) continue;
    }
    if (!spec_.relCheck.relMatches(data.rel, row, ctx_)) continue;
    if (!spec_.toBound && !spec_.toCheck.nodeMatches(other, row, ctx_)) continue;
    if (!spec_.relBound) row[static_cast<std::size_t>(spec_.relSlot)] = Value(RelRef{data.rel});
    if (!spec_.toBound) row[static_cast<std::size_t>(spec_.toSlot)] = Value(NodeRef{other});
    return true;
  }
  return false;
}

// The count mode's matches of the current row without advance(), when the snapshot is the whole
// adjacency and the checks are labels and integer comparisons of the far node: each relationship
// adds its outcome, so no branch waits on a far node's label or property, and the loads of many
// relationships are in flight together. Returns false when it cannot tell (advance() then counts).
bool ExpandOp::countDirect(Row& row, std::int64_t& matches) {
  const Graph& g = ctx_.graph;
  // The operands read slots bound before this expansion (the planner checks the far node with what
  // is bound by then), which no match rebinds. Fixed first, for this row, so that advance() never
  // meets one fixed for an earlier row when this one falls back to it.
  spec_.toCheck.fixOperands(row, ctx_);
  if (spec_.toBound || spec_.relBound || spec_.typeExpr || !spec_.relCheck.empty() ||
      !spec_.used.relSlots.empty() || !spec_.used.listSlots.empty() || !g.snapshotIsExact() || g.hasDeletions())
    return false;
  if (!spec_.toCheck.plain(g, plain_)) return false;
  // The types allowed: the pattern's, and those the type(r) tests allow for this row (next() has
  // evaluated them into valueTypes_). A name the graph lacks allows nothing; an id from 64 on does
  // not fit the mask, and advance() counts instead.
  std::uint64_t typeMask = ~std::uint64_t{0};
  bool fits = true;
  auto allow = [&fits](std::uint64_t& mask, std::optional<TypeId> t) {
    if (t && *t >= 64) fits = false;
    else if (t) mask |= std::uint64_t{1} << *t;
  };
  if (!spec_.types.empty()) {
    std::uint64_t mask = 0;
    for (const auto& ref : spec_.types) allow(mask, ref.resolve(g.types()));
    typeMask &= mask;
  }
  if (!spec_.typeValues.empty()) {
    std::uint64_t mask = 0;
    for (TypeId t : valueTypes_) allow(mask, t);
    typeMask &= mask;
  }
  if (!fits) return false;
  bool anyType = spec_.types.empty() && spec_.typeValues.empty();
  matches = 0;
  if (plain_.never || (!anyType && typeMask == 0)) return true;
  std::int64_t n = 0;
  Adjacency(g).forEach(from_, adjDirection(spec_.dir), [&](NodeId other, auto edge) {
    bool ok = anyType;
    if (!anyType) {
      TypeId t = edge().type;
      ok = (t < 64) & ((typeMask >> (t & 63)) & 1);
    }
    for (LabelId l : plain_.labels) ok &= g.hasLabel(other, l);
    for (const auto& c : plain_.ints) ok &= c.holds(other);
    n += ok;
    return true;
  });
  ctx_.tick();
  matches = n;
  return true;
}

// The types every type(r) test allows: a string names one (an unknown name
// none); anything else, null included, makes `type(r) = v` never true.
// Returns false when some name is not (yet) a type of the graph.
bool ExpandOp::evaluateTypeValues(Row& row) {
  const Graph& g = ctx_.graph;
  bool first = true, known = true;
  std::vector<TypeId>& allowed = typeScratch_;
  for (const auto& [expr, isList] : spec_.typeValues) {
    Value v = evaluate(*expr, row, ctx_);
    allowed.clear();
    auto add = [&](const Value& name) {
      if (!name.isString()) return;
      if (auto t = g.types().find(name.asString())) allowed.push_back(*t);
      else known = false;
    };
    if (isList && v.isList()) {
      for (const auto& e : v.asList()) add(e);
    } else if (!isList) {
      add(v);
    }
    if (first) {
      valueTypes_ = allowed;
      first = false;
    } else {
      std::erase_if(valueTypes_, [&](TypeId t) { return std::find(allowed.begin(), allowed.end(), t) == allowed.end(); });
    }
  }
  return known;
}

std::string ExpandOp::describe() const {
  return std::string(spec_.toBound ? "ExpandInto " : "Expand ") + spec_.text + spec_.describeChecks() +
         (spec_.countSlot >= 0 ? " (counting the matches of each row)" : "");
}

std::string ExpandSpec::describeChecks() const {
  std::string s;
  for (const auto& [expr, isList] : typeValues) s += std::string(" type") + (isList ? " IN " : " = ") + expr->text();
  if (!toCheck.empty()) s += " check" + toCheck.describe();
  if (!relCheck.empty()) s += " relationship check" + relCheck.describe();
  return s;
}

}  // namespace kgq
