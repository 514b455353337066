#include "planner/planner.h"

#include <set>

#include "exec/operators.h"

namespace kgq {

using namespace ast;

namespace {

std::string nodeText(const NodePattern& n) {
  std::string s = "(" + n.var;
  for (const auto& l : n.labels) s += ":" + l;
  return s + ")";
}

std::string relText(const RelPattern& r, bool reversed) {
  Direction d = r.dir;
  if (reversed && d != Direction::Both) d = d == Direction::Out ? Direction::In : Direction::Out;
  std::string s = d == Direction::In ? "<-[" : "-[";
  s += r.var;
  for (std::size_t i = 0; i < r.types.size(); ++i) s += (i ? "|" : ":") + r.types[i];
  if (r.varLength) {
    s += "*";
    if (r.minHops != 1 || r.maxHops != -1) {
      s += std::to_string(r.minHops) + "..";
      if (r.maxHops >= 0) s += std::to_string(r.maxHops);
    }
  }
  s += d == Direction::Out ? "]->" : "]-";
  return s;
}

Direction reverse(Direction d) {
  return d == Direction::Both ? d : (d == Direction::Out ? Direction::In : Direction::Out);
}

ElementCheck checkFor(const std::vector<std::string>& labels, const PropertyList& props) {
  ElementCheck c;
  for (const auto& l : labels) c.labels.push_back(NameRef{l, {}});
  for (const auto& [k, e] : props) c.props.emplace_back(k, e.get());
  return c;
}

class Planner {
 public:
  Planner(const Query& q, ExecContext& ctx, Plan& plan) : q_(q), ctx_(ctx), plan_(plan) {}

  void build() {
    std::unique_ptr<Operator> op = std::make_unique<OnceOp>(ctx_);
    const auto& clauses = q_.clauses;
    for (std::size_t i = 0; i < clauses.size(); ++i) {
      reachabilityRel_ = nullptr;
      if (i + 1 < clauses.size())
        if (auto* m = std::get_if<MatchClause>(&clauses[i]))
          if (auto* p = std::get_if<ProjectionClause>(&clauses[i + 1])) reachabilityRel_ = reachabilityOnly(*m, *p);
      op = std::visit([&](const auto& c) { return planClause(std::move(op), c); }, clauses[i]);
    }
    plan_.root = std::move(op);
  }

 private:
  using OpPtr = std::unique_ptr<Operator>;

  bool isBound(int slot) const { return bound_.count(slot) > 0; }

  // ---- reachability -----------------------------------------------------------

  static void variableSlots(const Expr& e, std::vector<int>& out, bool& opaque) {
    if (e.kind == ExprKind::Variable || e.kind == ExprKind::Slot) out.push_back(e.slot);
    if (e.kind == ExprKind::PatternPredicate || e.kind == ExprKind::Comprehension || e.kind == ExprKind::Quantifier)
      opaque = true;
    for (const auto& a : e.args)
      if (a) variableSlots(*a, out, opaque);
  }

  // `MATCH (a)-[*..n]-(b) RETURN ..., agg(DISTINCT f(b))` needs only the set of
  // distinct b per a, which a breadth-first search gives without enumerating
  // paths. Returns the relationship pattern to expand that way, or nullptr.
  const RelPattern* reachabilityOnly(const MatchClause& m, const ProjectionClause& p) const {
    if (m.optional || m.where || m.pattern.size() != 1 || !p.aggregating) return nullptr;
    const PatternPart& part = m.pattern[0];
    if (part.shortest != ShortestKind::None || !part.pathVar.empty() || part.rels.size() != 1) return nullptr;
    const RelPattern& r = part.rels[0];
    if (!r.varLength || !r.var.empty() || !r.props.empty() || r.minHops > 1) return nullptr;
    const NodePattern& b = part.nodes[1];
    if (b.var.empty() || isBound(b.slot) || part.nodes[0].slot == b.slot) return nullptr;
    for (const auto& a : p.aggregates) {
      if (a.call->kind != ExprKind::Function || !a.call->distinct) return nullptr;
      std::vector<int> slots;
      bool opaque = false;
      variableSlots(*a.call, slots, opaque);
      if (opaque || std::any_of(slots.begin(), slots.end(), [&](int s) { return s != b.slot; })) return nullptr;
    }
    for (const auto& item : p.items) {
      std::vector<int> slots;
      bool opaque = false;
      variableSlots(*item.expr, slots, opaque);
      if (std::find(slots.begin(), slots.end(), b.slot) != slots.end()) return nullptr;
    }
    if (std::find(p.carriedSlots.begin(), p.carriedSlots.end(), b.slot) != p.carriedSlots.end()) return nullptr;
    return &r;
  }

  // `RETURN count(DISTINCT b)` straight over a distinct-ends search: the search
  // counts its ends itself and yields the aggregation's row (no row per end).
  static bool countDistinctEnds(Operator& input, const std::vector<AggregateKey>& keys, const ProjectionClause& p) {
    auto* expand = dynamic_cast<VarExpandOp*>(&input);
    if (!expand || !keys.empty() || p.aggregates.size() != 1) return false;
    const Expr& call = *p.aggregates[0].call;
    if (call.kind != ExprKind::Function || call.name != "count" || !call.distinct || call.args.size() != 1) return false;
    const Expr& arg = *call.args[0];
    if (arg.kind != ExprKind::Variable && arg.kind != ExprKind::Slot) return false;
    if (!expand->countsDistinctEnds(arg.slot)) return false;
    expand->countEndsInto(p.aggregates[0].slot);
    return true;
  }

  // ---- clauses --------------------------------------------------------------

  OpPtr planClause(OpPtr input, const MatchClause& m) {
    if (!m.optional) {
      input = planPattern(std::move(input), m.pattern);
      if (m.where) input = filter(std::move(input), *m.where);
      return input;
    }
    std::set<int> before = bound_;
    auto arg = std::make_unique<Row>();
    Row* argPtr = arg.get();
    OpPtr inner = std::make_unique<ArgumentOp>(ctx_, argPtr);
    inner = planPattern(std::move(inner), m.pattern);
    if (m.where) inner = filter(std::move(inner), *m.where);
    std::vector<int> fresh;
    for (int s : bound_)
      if (!before.count(s)) fresh.push_back(s);
    return std::make_unique<OptionalOp>(ctx_, std::move(input), std::move(inner), std::move(arg), std::move(fresh));
  }

  OpPtr planClause(OpPtr input, const UnwindClause& u) {
    registerSubPlans(*u.expr);
    bound_.insert(u.slot);
    return std::make_unique<UnwindOp>(ctx_, std::move(input), u.expr.get(), u.slot);
  }

  OpPtr planClause(OpPtr input, const CreateClause& c) {
    hasUpdates_ = true;
    // Nodes bound before this CREATE are used, not created, even when an OPTIONAL MATCH left them null.
    std::vector<int> existing;
    for (const auto& part : c.pattern)
      for (const auto& n : part.nodes)
        if (isBound(n.slot)) existing.push_back(n.slot);
    for (const auto& part : c.pattern) {
      for (const auto& n : part.nodes) {
        bound_.insert(n.slot);
        for (const auto& [k, e] : n.props) registerSubPlans(*e);
      }
      for (const auto& r : part.rels) {
        bound_.insert(r.slot);
        for (const auto& [k, e] : r.props) registerSubPlans(*e);
      }
      if (part.pathSlot >= 0) bound_.insert(part.pathSlot);
    }
    return std::make_unique<CreateOp>(ctx_, std::move(input), &c.pattern, std::move(existing));
  }

  OpPtr planClause(OpPtr input, const ProjectionClause& p) {
    for (const auto& item : p.items) registerSubPlans(*item.expr);
    if (p.aggregating) {
      std::vector<AggregateKey> keys;
      std::vector<std::pair<const Expr*, int>> after;
      for (const auto& item : p.items) {
        bool hasAgg = containsSlotFrom(*item.expr, p);
        if (hasAgg) after.emplace_back(item.expr.get(), item.slot);
        else keys.push_back({item.expr.get(), item.slot});
      }
      for (int s : p.carriedSlots) keys.push_back({slotRef(s), s});
      std::vector<const AggregateSpec*> aggs;
      for (const auto& a : p.aggregates) {
        aggs.push_back(&a);
        for (const auto& arg : a.call->args) registerSubPlans(*arg);
      }
      if (!countDistinctEnds(*input, keys, p))
        input = std::make_unique<AggregateOp>(ctx_, std::move(input), std::move(keys), std::move(aggs));
      if (!after.empty()) input = std::make_unique<ProjectOp>(ctx_, std::move(input), std::move(after));
    } else {
      std::vector<std::pair<const Expr*, int>> items;
      for (const auto& item : p.items) items.emplace_back(item.expr.get(), item.slot);
      input = std::make_unique<ProjectOp>(ctx_, std::move(input), std::move(items));
    }
    if (p.distinct) {
      std::vector<int> slots;
      for (const auto& item : p.items) slots.push_back(item.slot);
      input = std::make_unique<DistinctOp>(ctx_, std::move(input), std::move(slots));
    }
    if (!p.orderBy.empty()) {
      std::vector<SortKey> keys;
      for (const auto& s : p.orderBy) {
        registerSubPlans(*s.expr);
        keys.push_back({s.expr.get(), s.descending});
      }
      input = std::make_unique<SortOp>(ctx_, std::move(input), std::move(keys));
    }
    if (p.skip || p.limit)
      input = std::make_unique<SkipLimitOp>(ctx_, std::move(input), p.skip.get(), p.limit.get(), hasUpdates_);
    bound_.clear();
    for (const auto& item : p.items) bound_.insert(item.slot);
    if (p.where) input = filter(std::move(input), *p.where);
    if (p.isReturn)
      for (const auto& item : p.items) {
        plan_.columnSlots.push_back(item.slot);
        plan_.columns.push_back(item.alias);
      }
    return input;
  }

  bool containsSlotFrom(const Expr& e, const ProjectionClause& p) {
    if (e.kind == ExprKind::Slot)
      for (const auto& a : p.aggregates)
        if (a.slot == e.slot) return true;
    for (const auto& a : e.args)
      if (a && containsSlotFrom(*a, p)) return true;
    return false;
  }

  const Expr* slotRef(int slot) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::Slot;
    e->slot = slot;
    e->text = "#";
    e->text += std::to_string(slot);  // not "#" + ...: GCC 12 -O3 warns falsely (-Wrestrict)
    plan_.synthesized.push_back(std::move(e));
    return plan_.synthesized.back().get();
  }

  OpPtr filter(OpPtr input, const Expr& predicate) {
    registerSubPlans(predicate);
    return std::make_unique<FilterOp>(ctx_, std::move(input), &predicate);
  }

  // ---- patterns -----------------------------------------------------------------

  OpPtr planPattern(OpPtr input, const std::vector<PatternPart>& parts) {
    UsedRels used;
    for (const auto& part : parts) {
      for (const auto& n : part.nodes)
        for (const auto& [k, e] : n.props) registerSubPlans(*e);
      input = part.shortest != ShortestKind::None ? planShortest(std::move(input), part)
                                                  : planChain(std::move(input), part, used);
    }
    return input;
  }

  OpPtr bindNode(OpPtr input, const NodePattern& n) {
    if (isBound(n.slot)) {
      if (n.labels.empty() && n.props.empty()) return input;
      return std::make_unique<NodeFilterOp>(ctx_, std::move(input), n.slot, checkFor(n.labels, n.props), nodeText(n));
    }
    bound_.insert(n.slot);
    // Scan the rarest label; the others are checked per node.
    std::optional<NameRef> scanLabel;
    std::vector<std::string> rest = n.labels;
    if (!n.labels.empty()) {
      std::size_t bestIdx = 0, bestCount = SIZE_MAX;
      for (std::size_t i = 0; i < n.labels.size(); ++i) {
        auto id = ctx_.graph.labels().find(n.labels[i]);
        std::size_t count = id ? ctx_.graph.nodesWithLabel(*id).size() : 0;
        if (count < bestCount) bestCount = count, bestIdx = i;
      }
      scanLabel = NameRef{n.labels[bestIdx], {}};
      rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(bestIdx));
    }
    return std::make_unique<NodeScanOp>(ctx_, std::move(input), n.slot, scanLabel, checkFor(rest, n.props), nodeText(n));
  }

  std::size_t startIndex(const PatternPart& part) {
    for (std::size_t i = 0; i < part.nodes.size(); ++i)
      if (isBound(part.nodes[i].slot)) return i;
    std::size_t best = 0, bestCount = SIZE_MAX;
    for (std::size_t i = 0; i < part.nodes.size(); ++i) {
      std::size_t count = ctx_.graph.nodeCount();
      for (const auto& l : part.nodes[i].labels) {
        auto id = ctx_.graph.labels().find(l);
        count = std::min(count, id ? ctx_.graph.nodesWithLabel(*id).size() : std::size_t{0});
      }
      if (!part.nodes[i].props.empty()) count = count / 2;  // a property filter usually narrows further
      if (count < bestCount) bestCount = count, best = i;
    }
    return best;
  }

  OpPtr planChain(OpPtr input, const PatternPart& part, UsedRels& used) {
    std::size_t start = startIndex(part);
    input = bindNode(std::move(input), part.nodes[start]);
    for (std::size_t i = start; i < part.rels.size(); ++i)
      input = expand(std::move(input), part.rels[i], part.nodes[i], part.nodes[i + 1], false, used);
    for (std::size_t i = start; i-- > 0;)
      input = expand(std::move(input), part.rels[i], part.nodes[i + 1], part.nodes[i], true, used);
    if (part.pathSlot >= 0) {
      bound_.insert(part.pathSlot);
      input = std::make_unique<BuildPathOp>(ctx_, std::move(input), &part);
    }
    return input;
  }

  OpPtr expand(OpPtr input, const RelPattern& r, const NodePattern& from, const NodePattern& to, bool reversed,
               UsedRels& used) {
    for (const auto& [k, e] : r.props) registerSubPlans(*e);
    bool toWasBound = isBound(to.slot);
    VarExpandSpec spec;
    spec.fromSlot = from.slot;
    spec.relSlot = r.slot;
    spec.toSlot = to.slot;
    for (const auto& t : r.types) spec.types.push_back(NameRef{t, {}});
    spec.dir = reversed ? reverse(r.dir) : r.dir;
    spec.toBound = toWasBound;
    spec.relBound = isBound(r.slot);
    if (!toWasBound) spec.toCheck = checkFor(to.labels, to.props);
    spec.relCheck = checkFor({}, r.props);
    spec.used = used;
    spec.text = nodeText(from) + relText(r, reversed) + nodeText(to);
    OpPtr op;
    if (r.varLength) {
      spec.minHops = r.minHops;
      spec.maxHops = r.maxHops;
      spec.reversed = reversed;
      spec.distinctEnds = &r == reachabilityRel_ && !reversed && !toWasBound;
      used.listSlots.push_back(r.slot);
      op = std::make_unique<VarExpandOp>(ctx_, std::move(input), std::move(spec));
    } else {
      used.relSlots.push_back(r.slot);
      op = std::make_unique<ExpandOp>(ctx_, std::move(input), std::move(static_cast<ExpandSpec&>(spec)));
    }
    bound_.insert(r.slot);
    bound_.insert(to.slot);
    if (toWasBound && (!to.labels.empty() || !to.props.empty()))
      op = std::make_unique<NodeFilterOp>(ctx_, std::move(op), to.slot, checkFor(to.labels, to.props), nodeText(to));
    return op;
  }

  OpPtr planShortest(OpPtr input, const PatternPart& part) {
    input = bindNode(std::move(input), part.nodes[0]);
    input = bindNode(std::move(input), part.nodes[1]);
    const auto& r = part.rels[0];
    for (const auto& [k, e] : r.props) registerSubPlans(*e);
    ShortestSpec spec;
    spec.fromSlot = part.nodes[0].slot;
    spec.toSlot = part.nodes[1].slot;
    spec.relSlot = r.var.empty() ? -1 : r.slot;
    spec.pathSlot = part.pathSlot;
    for (const auto& t : r.types) spec.types.push_back(NameRef{t, {}});
    spec.dir = r.dir;
    spec.minHops = r.varLength ? r.minHops : 1;
    spec.maxHops = r.varLength ? r.maxHops : 1;
    spec.all = part.shortest == ShortestKind::All;
    spec.relCheck = checkFor({}, r.props);
    spec.text = nodeText(part.nodes[0]) + relText(r, false) + nodeText(part.nodes[1]);
    bound_.insert(r.slot);
    if (part.pathSlot >= 0) bound_.insert(part.pathSlot);
    return std::make_unique<ShortestPathOp>(ctx_, std::move(input), std::move(spec));
  }

  // Pattern predicates inside an expression get a sub-plan each, run per row.
  void registerSubPlans(const Expr& e) {
    if (e.kind == ExprKind::PatternPredicate && !ctx_.subPlans.count(&e)) {
      std::set<int> saved = bound_;
      bound_.clear();
      for (const auto& n : e.pattern->nodes)
        if (!n.var.empty()) bound_.insert(n.slot);
      for (const auto& r : e.pattern->rels)
        if (!r.var.empty()) bound_.insert(r.slot);
      auto arg = std::make_unique<Row>();
      Row* argPtr = arg.get();
      plan_.argumentRows.push_back(std::move(arg));
      OpPtr leaf = std::make_unique<ArgumentOp>(ctx_, argPtr);
      UsedRels used;
      OpPtr root = planChain(std::move(leaf), *e.pattern, used);
      ctx_.subPlans[&e] = ExecContext::SubPlan{std::move(root), argPtr};
      bound_ = saved;
    }
    for (const auto& a : e.args)
      if (a) registerSubPlans(*a);
  }

  const Query& q_;
  ExecContext& ctx_;
  Plan& plan_;
  std::set<int> bound_;
  const RelPattern* reachabilityRel_ = nullptr;
  bool hasUpdates_ = false;  // an update clause precedes the clause being planned
};

void explainInto(const Operator& op, int depth, std::string& out) {
  out += std::string(static_cast<std::size_t>(depth) * 2, ' ') + op.describe() + "\n";
  // The input (first child) is printed last so that the text reads top-down like the data flow upward.
  const auto& kids = op.children();
  for (std::size_t i = kids.size(); i-- > 0;) explainInto(*kids[i], depth + 1, out);
}

}  // namespace

Plan planQuery(const Query& query, ExecContext& ctx) {
  Plan plan;
  Planner(query, ctx, plan).build();
  return plan;
}

std::string explainPlan(const Operator& root) {
  std::string out;
  explainInto(root, 0, out);
  return out;
}

}  // namespace kgq
