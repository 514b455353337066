#include "planner/planner.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "functions/registry.h"
#include "planner/names.h"
#include "planner/predicates.h"
#include "planner/column_tests.h"
#include "planner/eagerness.h"
#include "planner/rules.h"

namespace kgq {

using namespace ast;
using namespace plan;

namespace {

// Inside this namespace these hide the syntax tree's names that `using namespace ast` shows.
using bound::Expr;
using bound::ExprKind;
using bound::of;

std::string nodeText(const NodePattern& n) {
  std::string s = "(" + n.var;
  for (const auto& l : n.labels) s += ":" + l;
  if (n.labelExpr) {
    bool wrap = !n.labels.empty() && n.labelExpr->kind == ast::LabelExpr::Kind::Or;
    s += (n.labels.empty() ? ":" : "&") + (wrap ? "(" + n.labelExpr->text() + ")" : n.labelExpr->text());
  }
  return s + ")";
}

Direction reverse(Direction d) {
  return d == Direction::Both ? d : (d == Direction::Out ? Direction::In : Direction::Out);
}

std::string relText(const RelPattern& r, bool reversed) {
  Direction d = reversed ? reverse(r.dir) : r.dir;
  std::string s = d == Direction::In ? "<-[" : "-[";
  s += r.var;
  for (std::size_t i = 0; i < r.types.size(); ++i) s += (i ? "|" : ":") + r.types[i];
  if (r.typeExpr) s += ":" + r.typeExpr->text();
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

// An expression that reads a slot, owned by the plan.
const Expr* slotRefIn(LogicalPlan& plan, int slot) {
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::Slot;
  e->slot = slot;
  e->note = "#";
  e->note += std::to_string(slot);  // not "#" + ...: GCC 12 -O3 warns falsely (-Wrestrict)
  plan.synthesized.push_back(std::move(e));
  return plan.synthesized.back().get();
}

LogicalOpPtr makeOp(OpKind kind, LogicalOpPtr input) {
  auto op = std::make_unique<LogicalOp>();
  op->kind = kind;
  if (input) op->children.push_back(std::move(input));
  return op;
}

void insertSorted(std::vector<int>& set, int s) {
  auto it = std::lower_bound(set.begin(), set.end(), s);
  if (it == set.end() || *it != s) set.insert(it, s);
}

bool has(const std::vector<int>& sorted, int s) { return std::binary_search(sorted.begin(), sorted.end(), s); }

bool functionIs(const Expr& e, std::string_view name) { return e.function && e.function->name == name; }

// Calls f on every expression the clause holds (not descending into them).
template <typename F>
void forEachExpr(const Clause& clause, F&& f) {
  auto pattern = [&](const std::vector<PatternPart>& parts) {
    for (const auto& part : parts) {
      for (const auto& n : part.nodes) {
        for (const auto& [k, e] : n.props) f(of(*e));
        if (n.where) f(of(*n.where));
      }
      for (const auto& r : part.rels) {
        for (const auto& [k, e] : r.props) f(of(*e));
        if (r.where) f(of(*r.where));
      }
    }
  };
  if (auto* m = std::get_if<MatchClause>(&clause)) {
    pattern(m->pattern);
    if (m->where) f(of(*m->where));
  } else if (auto* u = std::get_if<UnwindClause>(&clause)) {
    f(of(*u->expr));
  } else if (auto* c = std::get_if<CreateClause>(&clause)) {
    pattern(c->pattern);
  } else if (auto* call = std::get_if<CallClause>(&clause)) {
    for (const auto& a : call->args) f(of(*a));
    if (call->where) f(of(*call->where));
  } else if (auto* up = std::get_if<UpdateClause>(&clause)) {
    for (const auto* items : {&up->items, &up->onCreate, &up->onMatch})
      for (const auto& i : *items)
        if (i.value) f(of(*i.value));
    for (const auto& e : up->exprs) f(of(*e));
    pattern(up->pattern);
    if (up->list) f(of(*up->list));
  } else if (auto* p = std::get_if<ProjectionClause>(&clause)) {
    for (const auto& i : p->items) f(of(*i.expr));
    for (const auto& a : p->aggregates) f(of(*a.call));
    for (const auto& s : p->orderBy) f(of(*s.expr));
    if (p->skip) f(of(*p->skip));
    if (p->limit) f(of(*p->limit));
    if (p->where) f(of(*p->where));
  }
}

// The conjuncts of the WHERE written inside a pattern's nodes and relationships.
// Returns whether a conjunct `true` was left out (see splitConjuncts).
bool inlineWheres(const PatternPart& part, std::vector<const Expr*>& out) {
  bool dropped = false;
  for (const auto& n : part.nodes)
    if (n.where) dropped |= splitConjuncts(of(*n.where), out);
  for (const auto& r : part.rels)
    if (r.where) dropped |= splitConjuncts(of(*r.where), out);
  return dropped;
}

void patternSlots(const std::vector<PatternPart>& parts, std::vector<int>& out) {
  for (const auto& part : parts) {
    for (const auto& n : part.nodes) insertSorted(out, n.slot);
    for (const auto& r : part.rels) insertSorted(out, r.slot);
    if (part.pathSlot >= 0) insertSorted(out, part.pathSlot);
  }
}

// A WITH that only passes rows on (no grouping, DISTINCT, ORDER BY, SKIP or LIMIT):
// a filter after it may run before it, read through its renames.
bool passesRowsOn(const ProjectionClause& p) {
  return !p.isReturn && !p.aggregating && !p.distinct && p.orderBy.empty() && !p.skip && !p.limit;
}

class Planner {
 public:
  Planner(const Query& q, const Graph& g, LogicalPlan& plan) : q_(q), g_(g), plan_(plan) {}
  // A subquery: planned from an Argument leaf, with `outer` (sorted) bound by the enclosing query.
  Planner(const Query& q, const Graph& g, LogicalPlan& plan, std::vector<int> outer, int recording)
      : q_(q), g_(g), plan_(plan), bound_(outer), outer_(std::move(outer)), nested_(true), recording_(recording) {}

  void build() {
    plan_.root = buildTree(makeOp(OpKind::Start, nullptr));
    plan_.slotCount = q_.slotCount;
    plan_.hasReturn = !plan_.columns.empty() || !q_.columns.empty();
  }

  LogicalOpPtr buildTree(LogicalOpPtr op) {
    const auto& clauses = q_.clauses;
    conds_.resize(clauses.size());
    computeScopes();
    for (std::size_t i = 0; i < clauses.size(); ++i) {
      const Expr* where = nullptr;
      if (auto* m = std::get_if<MatchClause>(&clauses[i])) {
        where = of(m->where);
        for (const auto& part : m->pattern)
          if (inlineWheres(part, conds_[i].own)) fired("true-conjunct");
      }
      if (auto* p = std::get_if<ProjectionClause>(&clauses[i])) where = of(p->where);
      if (where && splitConjuncts(*where, conds_[i].own)) fired("true-conjunct");
    }
    pushBackAcrossClauses();
    for (const auto& clause : clauses) forEachExpr(clause, [&](const Expr& e) { registerSubPlans(e); });

    for (std::size_t i = 0; i < clauses.size(); ++i) {
      clause_ = i;
      op = std::visit([&](const auto& c) { return planClause(std::move(op), c); }, clauses[i]);
    }
    rewriteDistinctEnds(op);
    rewriteCountExpand(*op);
    return op;
  }

  // `q` (a subquery) and its UNION parts, each from its own Argument leaf; a part after the first
  // copies its columns into the first part's slots. Returns the plan and the first part's column slots.
  static LogicalOpPtr planSubquery(const Query& q, const Graph& g, LogicalPlan& plan, const std::vector<int>& outer,
                                   int recording, std::vector<int>& columnSlots) {
    auto returned = [](const Query& part) {
      std::vector<const ProjectionItem*> items;
      if (!part.columns.empty())
        for (const auto& clause : part.clauses)
          if (auto* p = std::get_if<ProjectionClause>(&clause); p && p->isReturn) {
            items.clear();
            for (const auto& item : p->items) items.push_back(&item);
          }
      return items;
    };
    auto first = returned(q);
    columnSlots.clear();
    for (const auto* item : first) columnSlots.push_back(item->slot);
    auto root = Planner(q, g, plan, outer, recording).buildTree(makeOp(OpKind::Argument, nullptr));
    if (q.unions.empty()) return root;
    auto un = makeOp(OpKind::Union, std::move(root));
    un->text = q.unions.front().all ? "UNION ALL" : "UNION";
    for (const auto& u : q.unions) {
      auto copy = makeOp(OpKind::Project,
                         Planner(*u.query, g, plan, outer, recording).buildTree(makeOp(OpKind::Argument, nullptr)));
      for (const auto* item : returned(*u.query)) {
        auto at = std::find_if(first.begin(), first.end(), [&](const auto* f) { return f->alias == item->alias; });
        copy->items.emplace_back(slotRefIn(plan, item->slot), (*at)->slot);
      }
      un->children.push_back(std::move(copy));
    }
    if (!q.unions.front().all) {
      un = makeOp(OpKind::Distinct, std::move(un));
      un->slots = columnSlots;
    }
    return un;
  }

 private:
  // ---- rules bookkeeping -------------------------------------------------------

  void fired(std::string_view rule) {
    if (recording_ == 0) return;
    std::string_view name = ruleName(rule);
    if (std::find(plan_.rules.begin(), plan_.rules.end(), name) == plan_.rules.end()) plan_.rules.emplace_back(name);
  }

  // ---- predicates across clauses --------------------------------------------

  struct ClauseConds {
    std::vector<const Expr*> own;    // this clause's WHERE conjuncts that stay here
    std::vector<const Expr*> moved;  // conjuncts of later clauses planned in this MATCH
  };

  void computeScopes() {
    std::vector<int> bound = outer_;
    for (const auto& clause : q_.clauses) {
      std::vector<int> fresh;
      if (auto* m = std::get_if<MatchClause>(&clause)) {
        std::vector<int> all;
        patternSlots(m->pattern, all);
        for (int s : all)
          if (!has(bound, s)) fresh.push_back(s);
        for (int s : all) insertSorted(bound, s);
      } else if (auto* u = std::get_if<UnwindClause>(&clause)) {
        fresh.push_back(u->slot);
        insertSorted(bound, u->slot);
      } else if (auto* c = std::get_if<CreateClause>(&clause)) {
        patternSlots(c->pattern, bound);
      } else if (auto* call = std::get_if<CallClause>(&clause)) {
        for (const auto& y : call->yields) {
          fresh.push_back(y.slot);
          insertSorted(bound, y.slot);
        }
      } else if (auto* up = std::get_if<UpdateClause>(&clause)) {
        patternSlots(up->pattern, bound);  // MERGE binds its pattern; the others bind nothing
      } else if (auto* p = std::get_if<ProjectionClause>(&clause)) {
        bound.clear();
        for (const auto& item : p->items) insertSorted(bound, item.slot);
      } else if (auto* s = std::get_if<SubqueryClause>(&clause)) {
        for (int slot : s->returnSlots) {
          fresh.push_back(slot);
          insertSorted(bound, slot);
        }
      }
      boundAfter_.push_back(bound);
      freshIn_.push_back(fresh);
    }
  }

  // A copy of `e` reading `from[i]` where it read `to[i]`.
  const Expr* renamed(const Expr& e, const std::vector<std::pair<int, int>>& map) {
    auto copy = e.clone();
    renameSlots(*copy, map);
    plan_.synthesized.push_back(std::move(copy));
    return plan_.synthesized.back().get();
  }

  static void renameSlots(Expr& e, const std::vector<std::pair<int, int>>& map) {
    if (e.kind == ExprKind::Variable || e.kind == ExprKind::Slot)
      for (const auto& [after, before] : map)
        if (e.slot == after) {
          e.slot = before;
          break;
        }
    for (auto& a : e.args)
      if (a) renameSlots(*a, map);
  }

  // Moves each conjunct of a MATCH or WITH condition back to the earliest
  // non-optional MATCH after which everything it reads is bound.
  void pushBackAcrossClauses() {
    const auto& clauses = q_.clauses;
    for (std::size_t i = clauses.size(); i-- > 0;) {
      bool isMatch = false;
      if (auto* m = std::get_if<MatchClause>(&clauses[i])) {
        if (m->optional) continue;
        isMatch = true;
      } else if (!std::holds_alternative<ProjectionClause>(clauses[i])) {
        continue;
      }
      std::vector<const Expr*> stay;
      for (const Expr* c : conds_[i].own) {
        auto target = earliestMatchFor(*c, i, isMatch);
        if (target && target->first != i) {
          conds_[target->first].moved.push_back(target->second);
          fired("pushdown-across-clauses");
        } else {
          stay.push_back(c);
        }
      }
      conds_[i].own = std::move(stay);
    }
  }

  std::optional<std::pair<std::size_t, const Expr*>> earliestMatchFor(const Expr& c, std::size_t i, bool fromMatch) {
    bool opaque = false;
    std::vector<int> reads = readSlots(c, &opaque);
    if (callsRand(c)) return std::nullopt;
    const Expr* cur = &c;
    std::optional<std::pair<std::size_t, const Expr*>> best;
    std::size_t k = fromMatch ? i : i + 1;  // a WITH's own condition first crosses the WITH itself
    while (k-- > 0) {
      const Clause& clause = q_.clauses[k];
      if (auto* p = std::get_if<ProjectionClause>(&clause)) {
        if (!passesRowsOn(*p) || opaque) break;
        std::vector<std::pair<int, int>> map;
        for (const auto& item : p->items)
          if (const Expr& e = of(*item.expr); e.kind == ExprKind::Variable || e.kind == ExprKind::Slot)
            map.emplace_back(item.slot, e.slot);
        std::vector<int> mapped;
        bool ok = true;
        for (int s : reads) {
          auto it = std::find_if(map.begin(), map.end(), [&](const auto& m) { return m.first == s; });
          if (it == map.end()) {
            ok = false;
            break;
          }
          insertSorted(mapped, it->second);
        }
        if (!ok) break;
        cur = renamed(*cur, map);
        reads = std::move(mapped);
        continue;
      }
      if (auto* m = std::get_if<MatchClause>(&clause)) {
        if (m->optional) {
          if (std::any_of(reads.begin(), reads.end(), [&](int s) { return has(freshIn_[k], s); })) break;
          continue;
        }
        if (!subsetOf(reads, boundAfter_[k])) break;
        best = std::make_pair(k, cur);
        continue;
      }
      if (auto* u = std::get_if<UnwindClause>(&clause)) {
        if (has(reads, u->slot)) break;
        continue;
      }
      break;  // CREATE: a filter may not move before a write; CALL: nor before a procedure's rows
    }
    return best;
  }

  // ---- clauses --------------------------------------------------------------

  LogicalOpPtr planClause(LogicalOpPtr input, const MatchClause& m) {
    std::vector<const Expr*> conds = conds_[clause_].own;
    for (const Expr* e : conds_[clause_].moved) conds.push_back(e);
    if (!m.optional) return planPattern(std::move(input), partsOf(m.pattern), conds);
    std::vector<int> before = bound_;
    LogicalOpPtr inner = planPattern(makeOp(OpKind::Argument, nullptr), partsOf(m.pattern), conds);
    auto op = makeOp(OpKind::Optional, std::move(input));
    for (int s : bound_)
      if (!has(before, s)) op->slots.push_back(s);
    op->children.push_back(std::move(inner));
    return op;
  }

  LogicalOpPtr planClause(LogicalOpPtr input, const UnwindClause& u) {
    insertSorted(bound_, u.slot);
    auto op = makeOp(u.load ? OpKind::LoadCsv : OpKind::Unwind, std::move(input));
    op->items.emplace_back(of(u.expr), u.slot);
    op->slot = u.slot;
    if (u.load) op->loadCsv = &*u.load;
    return op;
  }

  // A standalone CALL (the whole query) answers with what it yields.
  LogicalOpPtr planClause(LogicalOpPtr input, const CallClause& c) {
    auto op = makeOp(OpKind::ProcedureCall, std::move(input));
    op->call = &c;
    op->text = c.text;
    for (const auto& y : c.yields) insertSorted(bound_, y.slot);
    if (c.where) {
      std::vector<const Expr*> conds;
      if (splitConjuncts(of(*c.where), conds)) fired("true-conjunct");
      if (!conds.empty()) {
        op = makeOp(OpKind::Filter, std::move(op));
        op->predicates = std::move(conds);
      }
    }
    if (q_.clauses.size() == 1 && !nested_)
      for (const auto& y : c.yields) {
        plan_.columnSlots.push_back(y.slot);
        plan_.columns.push_back(y.variable);
      }
    return op;
  }

  // A write that may create `pattern`: nodes bound before it are used, not
  // created, even when an OPTIONAL MATCH left them null (their slots go in `slots`).
  LogicalOpPtr writeOp(OpKind kind, LogicalOpPtr input, const std::vector<PatternPart>& pattern) {
    hasUpdates_ = true;
    auto op = makeOp(kind, std::move(input));
    for (const auto& part : pattern)
      for (const auto& n : part.nodes)
        if (has(bound_, n.slot)) op->slots.push_back(n.slot);
    patternSlots(pattern, bound_);
    return op;
  }

  LogicalOpPtr planClause(LogicalOpPtr input, const CreateClause& c) {
    auto op = writeOp(OpKind::Create, std::move(input), c.pattern);
    op->pattern = &c.pattern;
    return op;
  }

  // Writes are barriers: no predicate moves across them (earliestMatchFor stops
  // at any clause it does not know) and the operator reads all its input first.
  LogicalOpPtr planClause(LogicalOpPtr input, const UpdateClause& u) {
    auto op = writeOp(OpKind::Update, std::move(input), u.pattern);  // only MERGE has a pattern
    op->update = &u;
    op->text = u.name();
    return op;
  }

  LogicalOpPtr planClause(LogicalOpPtr input, const ProjectionClause& p) {
    if (p.aggregating) {
      auto agg = makeOp(OpKind::Aggregate, std::move(input));
      std::vector<std::pair<const Expr*, int>> after;
      for (const auto& item : p.items) {
        if (containsSlotFrom(of(*item.expr), p)) after.emplace_back(of(item.expr), item.slot);
        else agg->items.emplace_back(of(item.expr), item.slot);
      }
      for (int s : p.carriedSlots) agg->items.emplace_back(slotRef(s), s);
      for (const auto& a : p.aggregates) agg->aggregates.push_back(&a);
      input = std::move(agg);
      if (!after.empty()) {
        input = makeOp(OpKind::Project, std::move(input));
        input->items = std::move(after);
      }
    } else {
      input = makeOp(OpKind::Project, std::move(input));
      for (const auto& item : p.items) input->items.emplace_back(of(item.expr), item.slot);
    }
    if (p.distinct) {
      input = makeOp(OpKind::Distinct, std::move(input));
      for (const auto& item : p.items) input->slots.push_back(item.slot);
    }
    if (!p.orderBy.empty()) {
      input = makeOp(OpKind::Sort, std::move(input));
      for (const auto& s : p.orderBy) input->sortKeys.emplace_back(of(s.expr), s.descending);
      if (p.limit) {
        input->skip = of(p.skip);
        input->limit = of(p.limit);
        fired("top-k");
      }
    }
    if (p.skip || p.limit) {
      input = makeOp(OpKind::SkipLimit, std::move(input));
      input->skip = of(p.skip);
      input->limit = of(p.limit);
      input->afterUpdates = hasUpdates_;
    }
    bound_.clear();
    for (const auto& item : p.items) insertSorted(bound_, item.slot);
    if (!conds_[clause_].own.empty()) {
      input = makeOp(OpKind::Filter, std::move(input));
      input->predicates = conds_[clause_].own;
    }
    if (p.isReturn && !nested_)
      for (const auto& item : p.items) {
        plan_.columnSlots.push_back(item.slot);
        plan_.columns.push_back(item.alias);
      }
    return input;
  }

  // CALL { }: an Apply whose inner plan sees the imported slots of the row. No predicate crosses
  // it (earliestMatchFor stops at a clause it does not know), in either direction.
  LogicalOpPtr planClause(LogicalOpPtr input, const SubqueryClause& c) {
    std::vector<int> columns;
    int recording = recording_;
    LogicalOpPtr inner = planSubquery(*c.query, g_, plan_, c.importSlots, recording, columns);
    auto op = makeOp(OpKind::Apply, std::move(input));
    op->children.push_back(std::move(inner));
    op->slots = c.returnSlots;
    op->optionalApply = c.optional;
    op->text = c.optional ? "OPTIONAL CALL { }" : "CALL { }";
    for (int s : c.returnSlots) insertSorted(bound_, s);
    // A scan must not see what the subquery creates while it is still scanning.
    op->eager = containsUpdates(*c.query);
    if (op->eager) hasUpdates_ = true;
    return op;
  }

  static bool containsUpdates(const Query& q) {
    for (const auto& clause : q.clauses) {
      if (std::holds_alternative<UpdateClause>(clause) || std::holds_alternative<CreateClause>(clause)) return true;
      if (auto* s = std::get_if<SubqueryClause>(&clause); s && containsUpdates(*s->query)) return true;
    }
    for (const auto& u : q.unions)
      if (containsUpdates(*u.query)) return true;
    return false;
  }

  static bool containsSlotFrom(const Expr& e, const ProjectionClause& p) {
    if (e.kind == ExprKind::Slot)
      for (const auto& a : p.aggregates)
        if (a.slot == e.slot) return true;
    for (const auto& a : e.args)
      if (a && containsSlotFrom(*a, p)) return true;
    return false;
  }

  const Expr* slotRef(int slot) { return slotRefIn(plan_, slot); }

  // ---- patterns -----------------------------------------------------------------

  struct PatternState {
    std::vector<Conjunct> conjuncts;
    std::vector<int> usedRels, usedLists;
    bool moreToCome = true;  // operators of this pattern are still to be placed
  };

  static std::vector<const PatternPart*> partsOf(const std::vector<PatternPart>& parts) {
    std::vector<const PatternPart*> out;
    for (const auto& part : parts) out.push_back(&part);
    return out;
  }

  LogicalOpPtr planPattern(LogicalOpPtr input, std::vector<const PatternPart*> left,
                           const std::vector<const Expr*>& conds) {
    PatternState st;
    std::vector<int> nodeSlots, relSlots;
    for (const auto* part : left) {
      for (const auto& n : part->nodes) insertSorted(nodeSlots, n.slot);
      for (const auto& r : part->rels)
        if (!r.varLength && part->shortest == ShortestKind::None) insertSorted(relSlots, r.slot);
    }
    for (const Expr* e : conds) st.conjuncts.push_back(classify(*e, nodeSlots, relSlots));
    for (const auto* part : left) addInlineConjuncts(*part, st);
    input = placeReady(std::move(input), st, nullptr, {});

    bool reordered = false;
    while (!left.empty()) {
      std::size_t bestPart = 0;
      double bestCost = 0;
      for (std::size_t i = 0; i < left.size(); ++i) {
        double cost = partCost(*left[i], st);
        if (i == 0 || cost < bestCost) bestCost = cost, bestPart = i;
      }
      if (bestPart != 0) reordered = true;
      const PatternPart& part = *left[bestPart];
      left.erase(left.begin() + static_cast<std::ptrdiff_t>(bestPart));
      input = part.shortest != ShortestKind::None ? planShortest(std::move(input), part, st, left.empty())
                                                  : planChain(std::move(input), part, st, left.empty(), reordered);
    }
    st.moreToCome = false;
    return placeReady(std::move(input), st, nullptr, {});
  }

  // Labels and properties written in the pattern are predicates like those of WHERE.
  static void addInlineConjuncts(const PatternPart& part, PatternState& st) {
    for (const auto& n : part.nodes) {
      if (!n.labels.empty()) {
        Conjunct c;
        c.kind = Conjunct::Kind::Label;
        c.side.slot = n.slot;
        c.labels = n.labels;
        c.reads = {n.slot};
        st.conjuncts.push_back(std::move(c));
      }
      if (n.labelTest) {
        Conjunct c;
        c.expr = n.labelTest.get();
        c.side.slot = n.slot;
        c.unionLabels = n.labelExpr->alternatives();
        c.reads = {n.slot};
        st.conjuncts.push_back(std::move(c));
      }
      for (const auto& [k, v] : n.props) {
        Conjunct c;
        c.kind = Conjunct::Kind::PropEq;
        c.side = {n.slot, k, of(v), readSlots(of(*v))};
        c.reads = c.side.valueReads;
        insertSorted(c.reads, n.slot);
        st.conjuncts.push_back(std::move(c));
      }
    }
  }

  // How many rows binding `slot` first would start from.
  double estimate(int slot, const PatternState& st) const {
    if (has(bound_, slot)) return 0;
    double e = static_cast<double>(g_.liveNodeCount()) + 1;
    for (const auto& c : st.conjuncts) {
      if (c.placed) continue;
      if (c.kind == Conjunct::Kind::Label && c.side.slot == slot)
        for (const auto& l : c.labels) {
          auto id = idOf(l, g_.labels());
          e = std::min(e, id ? static_cast<double>(g_.nodesWithLabel(*id).size()) : 0.0);
        }
      if (!c.unionLabels.empty() && c.side.slot == slot) e = std::min(e, unionCount(c.unionLabels));
      if (seekSide(c, slot)) e = std::min(e, c.kind == Conjunct::Kind::PropEq ? 1.0 : 2.0);
    }
    return e;
  }

  // At most how many nodes a union of label scans yields.
  double unionCount(const std::vector<SchemaName>& labels) const {
    double n = 0;
    for (const auto& l : labels)
      if (auto id = idOf(l, g_.labels())) n += static_cast<double>(g_.nodesWithLabel(*id).size());
    return n;
  }

  // The side of `c` that can seek node `slot` now: an equality or IN whose value reads only bound slots.
  const Conjunct::Side* seekSide(const Conjunct& c, int slot) const {
    if (c.placed || (c.kind != Conjunct::Kind::PropEq && c.kind != Conjunct::Kind::PropIn)) return nullptr;
    if (c.side.slot == slot && subsetOf(c.side.valueReads, bound_)) return &c.side;
    for (const auto& s : c.alt)
      if (s.slot == slot && subsetOf(s.valueReads, bound_)) return &s;
    return nullptr;
  }

  double partCost(const PatternPart& part, const PatternState& st) const {
    if (part.shortest != ShortestKind::None)
      return estimate(part.nodes[0].slot, st) + estimate(part.nodes[1].slot, st);
    double best = 0;
    for (std::size_t i = 0; i < part.nodes.size(); ++i) {
      double e = estimate(part.nodes[i].slot, st);
      if (i == 0 || e < best) best = e;
    }
    return best;
  }

  // Binds node n by an index seek or a scan, with every predicate that can be checked then.
  LogicalOpPtr bindNode(LogicalOpPtr input, const NodePattern& n, PatternState& st) {
    if (has(bound_, n.slot)) return input;
    std::vector<int> before = bound_;
    Conjunct* seek = nullptr;
    const Conjunct::Side* side = nullptr;
    for (auto& c : st.conjuncts)
      if (auto* s = seekSide(c, n.slot)) {
        bool better = !seek || (c.kind == Conjunct::Kind::PropEq && seek->kind != Conjunct::Kind::PropEq) ||
                      (c.kind == seek->kind && s->valueReads.empty() && !side->valueReads.empty());
        if (better) seek = &c, side = s;
      }
    // Scan (or, for a seek on a small label, read) the label with the fewest nodes.
    SchemaName scanLabel;
    std::size_t scanCount = SIZE_MAX;
    bool labelFromWhere = false;
    for (auto& c : st.conjuncts) {
      if (c.placed || c.kind != Conjunct::Kind::Label || c.side.slot != n.slot) continue;
      for (const auto& l : c.labels) {
        auto id = idOf(l, g_.labels());
        std::size_t count = id ? g_.nodesWithLabel(*id).size() : 0;
        if (count < scanCount) scanCount = count, scanLabel = l, labelFromWhere = c.fromWhere;
      }
    }
    LogicalOpPtr op;
    if (seek) {
      op = makeOp(OpKind::IndexSeek, std::move(input));
      op->seekKey = side->key;
      op->seekValue = side->value;
      op->seekIn = seek->kind == Conjunct::Kind::PropIn;
      seek->placed = true;
      fired(side->valueReads.empty() ? "index-seek" : "seek-join");
    } else {
      op = makeOp(OpKind::NodeScan, std::move(input));
      if (!scanLabel.empty() && labelFromWhere) fired("label-scan");
      // No plain label to scan: a label expression of alternatives (n:A|B) scans each label once.
      // A negation or `%` has no such scan: it stays a check on every node.
      Conjunct* best = nullptr;
      for (auto& c : st.conjuncts)
        if (!c.placed && !c.unionLabels.empty() && c.side.slot == n.slot &&
            (!best || unionCount(c.unionLabels) < unionCount(best->unionLabels)))
          best = &c;
      if (scanLabel.empty() && best) {
        op->scanLabels = best->unionLabels;
        best->placed = true;
        fired("label-union-scan");
      }
    }
    op->slot = n.slot;
    op->scanLabel = scanLabel;
    op->text = nodeText(n);
    if (!op->scanLabels.empty() && !n.labelExpr) {  // the alternatives came from WHERE: show what is scanned
      std::string alternatives;
      for (const auto& l : op->scanLabels) alternatives += (alternatives.empty() ? ":" : "|") + l;
      op->text.insert(op->text.size() - 1, alternatives);
    }
    insertSorted(bound_, n.slot);
    if (!scanLabel.empty()) removeLabel(st, n.slot, scanLabel);
    ElementSpec* check = &op->check;
    return placeReady(std::move(op), st, check, before, n.slot);
  }

  // The scan reads `label`: no check needs to test it again.
  static void removeLabel(PatternState& st, int slot, const SchemaName& label) {
    for (auto& c : st.conjuncts) {
      if (c.placed || c.kind != Conjunct::Kind::Label || c.side.slot != slot) continue;
      auto it = std::find(c.labels.begin(), c.labels.end(), label);
      if (it == c.labels.end()) continue;
      c.labels.erase(it);
      if (c.labels.empty()) c.placed = true;
      return;
    }
  }

  // Between starts of equal estimate, one whose first step follows relationships
  // in their stored direction: the outgoing side of the adjacency is read in
  // place, the incoming side through an index into it.
  std::size_t startIndex(const PatternPart& part, const PatternState& st) const {
    auto walksOut = [&](std::size_t i) {
      if (i < part.rels.size()) return part.rels[i].dir == Direction::Out;
      return i > 0 && part.rels[i - 1].dir == Direction::In;
    };
    std::size_t best = 0;
    double bestCost = 0;
    for (std::size_t i = 0; i < part.nodes.size(); ++i) {
      double e = estimate(part.nodes[i].slot, st);
      if (i == 0 || e < bestCost || (e == bestCost && walksOut(i) && !walksOut(best))) bestCost = e, best = i;
    }
    return best;
  }

  LogicalOpPtr planChain(LogicalOpPtr input, const PatternPart& part, PatternState& st, bool lastPart,
                         bool reordered) {
    std::size_t start = startIndex(part, st);
    if (start != 0 || reordered) fired("start-at-cheapest");
    st.moreToCome = !lastPart || !part.rels.empty() || part.pathSlot >= 0;
    input = bindNode(std::move(input), part.nodes[start], st);
    std::size_t steps = part.rels.size(), done = 0;
    for (std::size_t i = start; i < part.rels.size(); ++i) {
      st.moreToCome = !lastPart || ++done < steps || part.pathSlot >= 0;
      input = expand(std::move(input), part.rels[i], part.nodes[i], part.nodes[i + 1], false, st);
    }
    for (std::size_t i = start; i-- > 0;) {
      st.moreToCome = !lastPart || ++done < steps || part.pathSlot >= 0;
      input = expand(std::move(input), part.rels[i], part.nodes[i + 1], part.nodes[i], true, st);
    }
    if (part.pathSlot >= 0) {
      st.moreToCome = !lastPart;
      insertSorted(bound_, part.pathSlot);
      input = makeOp(OpKind::BuildPath, std::move(input));
      input->part = &part;
      input = placeReady(std::move(input), st, nullptr, {});
    }
    return input;
  }

  LogicalOpPtr expand(LogicalOpPtr input, const RelPattern& r, const NodePattern& from, const NodePattern& to,
                      bool reversed, PatternState& st) {
    std::vector<int> before = bound_;
    auto op = makeOp(r.varLength ? OpKind::VarExpand : OpKind::Expand, std::move(input));
    ExpandInfo& x = op->expand;
    x.fromSlot = from.slot;
    x.relSlot = r.slot;
    x.toSlot = to.slot;
    x.types = r.types;
    x.typeExpr = r.typeExpr;
    x.dir = reversed ? reverse(r.dir) : r.dir;
    x.toBound = has(bound_, to.slot);
    x.relBound = has(bound_, r.slot);
    for (const auto& [k, e] : r.props) x.relCheck.props.emplace_back(k, of(e));
    x.usedRelSlots = st.usedRels;
    x.usedListSlots = st.usedLists;
    op->text = nodeText(from) + relText(r, reversed) + nodeText(to);
    if (r.varLength) {
      x.minHops = r.minHops;
      x.maxHops = r.maxHops;
      x.reversed = reversed;
      st.usedLists.push_back(r.slot);
    } else {
      st.usedRels.push_back(r.slot);
      if (!x.relBound)
        for (auto& c : st.conjuncts)
          if (!c.placed && c.kind == Conjunct::Kind::RelType && c.side.slot == r.slot &&
              subsetOf(c.side.valueReads, before)) {
            x.typeValues.emplace_back(c.side.value, c.in);
            c.placed = true;
            fired("type-into-expand");
          }
    }
    insertSorted(bound_, r.slot);
    insertSorted(bound_, to.slot);
    ElementSpec* toCheck = x.toBound ? nullptr : &x.toCheck;
    ElementSpec* relCheck = r.varLength || x.relBound ? nullptr : &x.relCheck;
    return placeReady(std::move(op), st, toCheck, before, to.slot, relCheck, r.slot);
  }

  LogicalOpPtr planShortest(LogicalOpPtr input, const PatternPart& part, PatternState& st, bool lastPart) {
    st.moreToCome = true;
    input = bindNode(std::move(input), part.nodes[0], st);
    input = bindNode(std::move(input), part.nodes[1], st);
    const auto& r = part.rels[0];
    auto op = makeOp(OpKind::ShortestPath, std::move(input));
    ExpandInfo& x = op->expand;
    x.fromSlot = part.nodes[0].slot;
    x.toSlot = part.nodes[1].slot;
    x.relSlot = r.var.empty() ? -1 : r.slot;
    x.pathSlot = part.pathSlot;
    x.types = r.types;
    x.typeExpr = r.typeExpr;
    x.dir = r.dir;
    x.minHops = r.varLength ? r.minHops : 1;
    x.maxHops = r.varLength ? r.maxHops : 1;
    x.all = part.shortest == ShortestKind::All;
    x.shortest = part.shortest;
    x.k = part.selectorK;
    x.selector = part.selectorText;
    for (const auto& [k, e] : r.props) x.relCheck.props.emplace_back(k, of(e));
    op->text = nodeText(part.nodes[0]) + relText(r, false) + nodeText(part.nodes[1]);
    pushPathPredicates(x, r.var.empty() ? -1 : r.slot, part.pathSlot, st);
    insertSorted(bound_, r.slot);
    if (part.pathSlot >= 0) insertSorted(bound_, part.pathSlot);
    st.moreToCome = !lastPart;
    return placeReady(std::move(op), st, nullptr, {});
  }

  // Conditions on each element of a shortest path go into its search, as Neo4j
  // evaluates universal predicates while searching: `all(x IN nodes(p) WHERE c)`,
  // `none(...)` (as NOT c), over nodes(p), relationships(p) or the relationship list
  // variable, when c reads nothing else the search binds. Pruning an element whose
  // condition is not true is exact: a path passes all() only if every element does.
  // Any other condition on the path stays a filter after the search.
  void pushPathPredicates(ExpandInfo& x, int relListSlot, int pathSlot, PatternState& st) {
    for (auto& c : st.conjuncts) {
      if (c.placed || c.kind != Conjunct::Kind::Generic || !c.expr || c.expr->kind != ExprKind::Quantifier) continue;
      const Expr& q = *c.expr;
      if ((q.quantifier != ast::Quantifier::All && q.quantifier != ast::Quantifier::None) || !q.args[1]) continue;
      const Expr& list = *q.args[0];
      bool onNodes = false;
      if (list.kind == ExprKind::Variable && relListSlot >= 0 && list.slot == relListSlot) {
        onNodes = false;
      } else if (list.kind == ExprKind::Function && (functionIs(list, "nodes") || functionIs(list, "relationships")) &&
                 list.args.size() == 1 && list.args[0]->kind == ExprKind::Variable && pathSlot >= 0 &&
                 list.args[0]->slot == pathSlot) {
        onNodes = functionIs(list, "nodes");
      } else {
        continue;
      }
      std::vector<int> reads = readSlots(q);
      std::erase_if(reads, [&](int s) { return s == pathSlot || (relListSlot >= 0 && s == relListSlot); });
      if (!subsetOf(reads, bound_)) continue;
      const Expr* pred = q.args[1].get();
      if (q.quantifier == ast::Quantifier::None) {
        auto notPred = std::make_unique<Expr>();
        notPred->kind = ExprKind::Unary;
        notPred->op = ast::Op::Not;
        notPred->pos = pred->pos;
        notPred->note = "NOT (" + pred->text() + ")";
        notPred->args.push_back(pred->clone());
        pred = notPred.get();
        plan_.synthesized.push_back(std::move(notPred));
      }
      (onNodes ? x.pathNodePredicates : x.pathRelPredicates).emplace_back(q.slot, pred);
      c.placed = true;
      fired("predicate-into-shortest-path");
    }
  }

  // Places every unplaced conjunct whose reads are all bound now: into the
  // checks of the operator that just bound `nodeSlot` (and `relSlot`), when it
  // reads nothing else that operator binds, else in a check or filter after it.
  LogicalOpPtr placeReady(LogicalOpPtr op, PatternState& st, ElementSpec* nodeCheck, const std::vector<int>& before,
                          int nodeSlot = -1, ElementSpec* relCheck = nullptr, int relSlot = -1) {
    std::vector<Conjunct*> after;
    for (auto& c : st.conjuncts) {
      if (c.placed || !subsetOf(c.reads, bound_)) continue;
      c.placed = true;
      if (c.fromWhere && (st.moreToCome || nodeCheck || relCheck)) fired("predicate-pushdown");
      if (nodeCheck && foldIntoNode(c, nodeSlot, before, *nodeCheck)) continue;
      if (relCheck && c.kind == Conjunct::Kind::Generic && has(c.reads, relSlot)) {
        std::vector<int> rest = before;
        insertSorted(rest, relSlot);
        if (subsetOf(c.reads, rest)) {
          relCheck->predicates.push_back(c.expr);
          continue;
        }
      }
      after.push_back(&c);
    }
    // Label and property tests of one bound node become a node check; the rest one filter.
    std::vector<const Expr*> generic;
    std::vector<std::pair<int, ElementSpec>> checks;
    for (Conjunct* c : after) {
      if (c->kind != Conjunct::Kind::Label && c->kind != Conjunct::Kind::PropEq) {
        generic.push_back(c->expr);
        continue;
      }
      auto it = std::find_if(checks.begin(), checks.end(), [&](const auto& p) { return p.first == c->side.slot; });
      if (it == checks.end()) it = checks.emplace(checks.end(), c->side.slot, ElementSpec{});
      if (c->kind == Conjunct::Kind::Label) it->second.labels.insert(it->second.labels.end(), c->labels.begin(), c->labels.end());
      else it->second.props.emplace_back(c->side.key, c->side.value);
    }
    for (auto& [slot, spec] : checks) {
      op = makeOp(OpKind::NodeCheck, std::move(op));
      op->slot = slot;
      op->check = std::move(spec);
      op->text = "(" + slotName(slot) + ")";
    }
    if (!generic.empty()) {
      op = makeOp(OpKind::Filter, std::move(op));
      op->predicates = std::move(generic);
    }
    return op;
  }

  bool foldIntoNode(const Conjunct& c, int slot, const std::vector<int>& before, ElementSpec& check) const {
    if (!has(c.reads, slot)) return false;
    switch (c.kind) {
      case Conjunct::Kind::Label:
        if (c.side.slot != slot) return false;
        check.labels.insert(check.labels.end(), c.labels.begin(), c.labels.end());
        return true;
      case Conjunct::Kind::PropEq: {
        const Conjunct::Side* s = nullptr;
        if (c.side.slot == slot && subsetOf(c.side.valueReads, before)) s = &c.side;
        for (const auto& a : c.alt)
          if (!s && a.slot == slot && subsetOf(a.valueReads, before)) s = &a;
        if (s) {
          check.props.emplace_back(s->key, s->value);
          return true;
        }
        if (!c.expr) return false;
        break;
      }
      default: break;
    }
    std::vector<int> rest = before;
    insertSorted(rest, slot);
    if (!subsetOf(c.reads, rest)) return false;
    check.predicates.push_back(c.expr);
    return true;
  }

  std::string slotName(int slot) const {
    std::string name;
    for (const auto& clause : q_.clauses)
      if (auto* m = std::get_if<MatchClause>(&clause))
        for (const auto& part : m->pattern)
          for (const auto& n : part.nodes)
            if (n.slot == slot && !n.var.empty()) name = n.var;
    return name;
  }

  // ---- rewrite rules over the finished tree --------------------------------------

  // An aggregation whose DISTINCT aggregates read only the end of the variable-length
  // expansion below it needs that expansion's distinct ends only: a breadth-first
  // search. Projections in between (WITH b ...) are read through.
  void rewriteDistinctEnds(LogicalOpPtr& op) {
    for (auto& child : op->children) rewriteDistinctEnds(child);
    if (op->kind != OpKind::Aggregate) return;
    std::vector<const LogicalOp*> projections;  // top first
    LogicalOpPtr* below = &op->children[0];
    while ((*below)->kind == OpKind::Project) {
      projections.push_back(below->get());
      below = &(*below)->children[0];
    }
    if ((*below)->kind != OpKind::VarExpand) return;
    ExpandInfo& x = (*below)->expand;
    if (x.toBound || x.relBound || x.minHops > 1 || !x.relCheck.empty() || !x.usedRelSlots.empty() ||
        !x.usedListSlots.empty())
      return;
    auto readsBelow = [&](const Expr& e, bool& ok) { return readsThrough(e, projections, ok); };
    for (const auto* a : op->aggregates) {
      const Expr& call = of(*a->call);
      if (call.kind != ExprKind::Function || !call.distinct) return;
      bool ok = true;
      auto reads = readsBelow(call, ok);
      if (!ok || std::any_of(reads.begin(), reads.end(), [&](int s) { return s != x.toSlot; })) return;
    }
    for (const auto& [key, slot] : op->items) {
      bool ok = true;
      auto reads = readsBelow(*key, ok);
      if (!ok || has(reads, x.toSlot) || has(reads, x.relSlot)) return;
    }
    x.distinctEnds = true;
    fired("distinct-ends-search");
    if (!x.toCheck.empty()) fired("end-filter-into-search");
    if (!op->items.empty() || op->aggregates.size() != 1) return;
    const Expr& call = of(*op->aggregates[0]->call);
    if (!functionIs(call, "count") || call.args.size() != 1 || renamedFrom(*call.args[0], projections) != x.toSlot) return;
    x.countSlot = op->aggregates[0]->slot;
    fired("count-distinct-ends");
    LogicalOpPtr inner = std::move(op->children[0]);
    op = std::move(inner);
  }

  // An aggregation of counts over a single-hop expansion, its keys reading neither the
  // relationship nor the far node: those never leave the expansion, so it need not hand on one
  // row per match, only each input row's number of matches. Projections in between that only
  // pass variables on (WITH a, b) are read through: they cannot fail, so running them once per
  // input row instead of once per match changes nothing the aggregation sees.
  void rewriteCountExpand(LogicalOp& op) {
    for (auto& child : op.children) rewriteCountExpand(*child);
    if (op.kind != OpKind::Aggregate || op.aggregates.empty() || op.weightSlot >= 0) return;
    auto isVariable = [](const Expr& e) { return e.kind == ExprKind::Variable || e.kind == ExprKind::Slot; };
    std::vector<const LogicalOp*> projections;  // top first
    LogicalOp* below = op.input();
    while (below && below->kind == OpKind::Project) {
      if (!std::all_of(below->items.begin(), below->items.end(), [&](const auto& i) { return isVariable(*i.first); }))
        return;
      projections.push_back(below);
      below = below->input();
    }
    if (!below || below->kind != OpKind::Expand) return;
    ExpandInfo& x = below->expand;
    if (x.toBound || x.relBound || x.countSlot >= 0) return;
    for (const auto* a : op.aggregates) {
      const Expr& call = of(*a->call);
      if (call.kind == ExprKind::CountStar) continue;
      // count(a), count(r), count(b): a match has a node, a relationship and a node there, never null.
      if (!functionIs(call, "count") || call.distinct || call.args.size() != 1) return;
      int slot = renamedFrom(*call.args[0], projections);
      if (slot < 0 || (slot != x.fromSlot && slot != x.toSlot && slot != x.relSlot)) return;
    }
    for (const auto& [key, slot] : op.items) {
      bool ok = true;
      std::vector<int> reads = readsThrough(*key, projections, ok);
      if (!ok || has(reads, x.toSlot) || has(reads, x.relSlot)) return;
    }
    // The aggregation's own output slot: nothing below it writes or reads that slot.
    x.countSlot = op.aggregates[0]->slot;
    op.weightSlot = x.countSlot;
    fired("count-expand");
  }

  // The slots an expression above `projections` (top first) reads, seen below them; `ok` false
  // when it reads something opaque.
  static std::vector<int> readsThrough(const Expr& e, const std::vector<const LogicalOp*>& projections, bool& ok) {
    bool opaque = false;
    std::vector<int> reads = readSlots(e, &opaque);
    ok = !opaque;
    for (const LogicalOp* p : projections) {
      std::vector<int> next;
      for (int s : reads) {
        auto it = std::find_if(p->items.begin(), p->items.end(), [&](const auto& i) { return i.second == s; });
        if (it == p->items.end()) {
          insertSorted(next, s);
          continue;
        }
        bool inner = false;
        for (int r : readSlots(*it->first, &inner)) insertSorted(next, r);
        ok = ok && !inner;
      }
      reads = std::move(next);
    }
    return reads;
  }

  // The slot below `projections` that variable `e` holds unchanged, or -1.
  static int renamedFrom(const Expr& e, const std::vector<const LogicalOp*>& projections) {
    if (e.kind != ExprKind::Variable && e.kind != ExprKind::Slot) return -1;
    int slot = e.slot;
    for (const LogicalOp* p : projections) {
      auto it = std::find_if(p->items.begin(), p->items.end(), [&](const auto& i) { return i.second == slot; });
      if (it == p->items.end()) continue;
      const Expr& item = *it->first;
      if (item.kind != ExprKind::Variable && item.kind != ExprKind::Slot) return -1;
      slot = item.slot;
    }
    return slot;
  }

  // Pattern predicates, pattern comprehensions and subquery expressions inside an expression get a
  // sub-plan each, run per row.
  void registerSubPlans(const Expr& e) {
    bool planned =
        std::any_of(plan_.subPlans.begin(), plan_.subPlans.end(), [&](const SubPlan& s) { return s.expr == &e; });
    if (!planned && e.kind == ExprKind::Subquery) {
      SubPlan sub;
      sub.expr = &e;
      std::vector<int> columns;
      sub.root = planSubquery(*e.subquery, g_, plan_, e.outerSlots, 0, columns);
      if (!columns.empty()) sub.columnSlot = columns[0];
      plan_.subPlans.push_back(std::move(sub));
    }
    if (!planned && e.kind == ExprKind::PatternComprehension) {
      std::vector<int> saved = std::move(bound_);
      bound_ = e.outerSlots;
      SubPlan sub;
      sub.expr = &e;
      int recording = recording_;
      recording_ = 0;
      std::vector<const Expr*> conds;
      if (inlineWheres(*e.pattern, conds)) fired("true-conjunct");
      if (e.args[0] && splitConjuncts(*e.args[0], conds)) fired("true-conjunct");
      sub.root = planPattern(makeOp(OpKind::Argument, nullptr), {e.pattern.get()}, conds);
      recording_ = recording;
      plan_.subPlans.push_back(std::move(sub));
      bound_ = std::move(saved);
    }
    if (e.kind == ExprKind::PatternPredicate &&
        std::none_of(plan_.subPlans.begin(), plan_.subPlans.end(), [&](const SubPlan& s) { return s.expr == &e; })) {
      std::vector<int> saved = std::move(bound_);
      bound_.clear();
      for (const auto& n : e.pattern->nodes)
        if (!n.var.empty()) insertSorted(bound_, n.slot);
      for (const auto& r : e.pattern->rels)
        if (!r.var.empty()) insertSorted(bound_, r.slot);
      SubPlan sub;
      sub.expr = &e;
      int recording = recording_;
      recording_ = 0;  // a sub-plan's choices are not the statement's rules
      std::vector<const Expr*> conds;
      inlineWheres(*e.pattern, conds);
      sub.root = planPattern(makeOp(OpKind::Argument, nullptr), {e.pattern.get()}, conds);
      recording_ = recording;
      plan_.subPlans.push_back(std::move(sub));
      bound_ = std::move(saved);
    }
    for (const auto& a : e.args)
      if (a) registerSubPlans(*a);
    if (e.pattern) {
      for (const auto& n : e.pattern->nodes) {
        for (const auto& [k, v] : n.props) registerSubPlans(of(*v));
        if (n.where) registerSubPlans(of(*n.where));
      }
      for (const auto& r : e.pattern->rels) {
        for (const auto& [k, v] : r.props) registerSubPlans(of(*v));
        if (r.where) registerSubPlans(of(*r.where));
      }
    }
  }

  const Query& q_;
  const Graph& g_;
  LogicalPlan& plan_;
  std::vector<ClauseConds> conds_;
  std::vector<std::vector<int>> boundAfter_, freshIn_;
  std::size_t clause_ = 0;
  std::vector<int> bound_;  // sorted
  std::vector<int> outer_;  // a subquery's: the slots the enclosing query binds (sorted)
  bool nested_ = false;     // a subquery: its RETURN gives no result columns
  bool hasUpdates_ = false;  // an update clause precedes the clause being planned
  int recording_ = 1;        // rules are recorded while positive
};

}  // namespace

// UNION: each part is planned alone; a part after the first copies its columns into the first
// part's column slots (matched by name), and Union passes on the rows of each part in turn.
// UNION without ALL then keeps one row per distinct set of column values.
LogicalPlan planQuery(const Query& query, const Graph& graph) {
  LogicalPlan plan;
  Planner(query, graph, plan).build();
  if (query.unions.empty()) {
    noteColumnTests(plan);
    streamWrites(plan);
    return plan;
  }
  auto columns = plan.columns;
  auto columnSlots = plan.columnSlots;
  auto un = makeOp(OpKind::Union, std::move(plan.root));
  un->text = query.unions.front().all ? "UNION ALL" : "UNION";
  for (const auto& u : query.unions) {
    plan.columns.clear();
    plan.columnSlots.clear();
    Planner(*u.query, graph, plan).build();
    auto copy = makeOp(OpKind::Project, std::move(plan.root));
    for (std::size_t i = 0; i < plan.columns.size(); ++i) {
      auto at = std::find(columns.begin(), columns.end(), plan.columns[i]) - columns.begin();
      copy->items.emplace_back(slotRefIn(plan, plan.columnSlots[i]), columnSlots[static_cast<std::size_t>(at)]);
    }
    un->children.push_back(std::move(copy));
  }
  if (!query.unions.front().all) {
    un = makeOp(OpKind::Distinct, std::move(un));
    un->slots = columnSlots;
  }
  plan.root = std::move(un);
  plan.columns = std::move(columns);
  plan.columnSlots = std::move(columnSlots);
  plan.slotCount = query.slotCount;
  plan.hasReturn = true;
  noteColumnTests(plan);
  return plan;
}

namespace {
// The rows `op` gives (at most; conditions are not counted as narrowing), and in
// `product` the largest scan-times-input pairing seen below it; nullopt when an
// operator's row count is not the graph's to tell.
std::optional<double> rowsOf(const LogicalOp& op, const Graph& g, double degree, double& product) {
  using K = OpKind;
  if (op.kind == K::Start) return 1.0;
  if (op.children.size() != 1) return std::nullopt;  // Optional, Apply, Union
  std::optional<double> in = rowsOf(*op.input(), g, degree, product);
  if (!in) return std::nullopt;
  switch (op.kind) {
    case K::NodeScan: {
      double nodes = static_cast<double>(g.liveNodeCount());
      std::vector<ast::SchemaName> labels = op.scanLabels;
      if (!op.scanLabel.empty()) labels = {op.scanLabel};
      if (!labels.empty()) {
        nodes = 0;
        for (const auto& l : labels)
          if (auto id = g.labels().find(l)) nodes += static_cast<double>(g.nodesWithLabel(*id).size());
      }
      if (*in > 1.5 && nodes > 1.5) product = std::max(product, *in * nodes);
      return *in * std::max(nodes, 1.0);
    }
    case K::Expand: return *in * degree;
    case K::VarExpand: return *in * std::pow(degree, std::max(op.expand.minHops, 1));
    case K::IndexSeek:
    case K::NodeCheck:
    case K::ShortestPath:
    case K::Filter:
    case K::Project:
    case K::Aggregate:
    case K::Distinct:
    case K::Sort:
    case K::SkipLimit:
    case K::BuildPath:
    case K::Create:
    case K::Update: return in;
    default: return std::nullopt;  // Unwind, LoadCsv, ProcedureCall, Argument
  }
}
}  // namespace

std::optional<double> planProductEstimate(const LogicalPlan& plan, const Graph& graph) {
  if (!plan.subPlans.empty() || !plan.root) return std::nullopt;
  double degree = graph.liveNodeCount() ? static_cast<double>(graph.liveRelCount()) /
                                              static_cast<double>(graph.liveNodeCount())
                                        : 1.0;
  double product = 0;
  if (!rowsOf(*plan.root, graph, std::max(degree, 1.0), product)) return std::nullopt;
  return product;
}

}  // namespace kgq
