#include "binder/binder.h"

#include <algorithm>
#include <set>

#include "ast/expr_identity.h"
#include "functions/registry.h"

namespace kgq {

using namespace ast;

namespace {

std::string_view kindName(VarKind k) {
  switch (k) {
    case VarKind::Node: return "a node";
    case VarKind::Rel: return "a relationship";
    case VarKind::RelList: return "a list of relationships";
    case VarKind::Path: return "a path";
    case VarKind::Value: return "a value";
    case VarKind::Scalar: return "a scalar value";
    case VarKind::List: return "a list";
    case VarKind::Map: return "a map";
  }
  return "?";
}

bool isAggregateCall(const Expr& e) {
  if (e.kind == ExprKind::CountStar) return true;
  if (e.kind != ExprKind::Function) return false;
  auto* f = findFunction(e.name);
  return f && f->aggregate;
}

// What a projected expression certainly is, as far as it matters for patterns.
VarKind inferKind(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Literal:
      if (e.literal.isList()) return VarKind::List;
      if (e.literal.isMap()) return VarKind::Map;
      return e.literal.isNull() ? VarKind::Value : VarKind::Scalar;
    case ExprKind::List:
    case ExprKind::Slice:
    case ExprKind::Comprehension: return VarKind::List;
    case ExprKind::Map: return VarKind::Map;
    case ExprKind::HasLabels:
    case ExprKind::Quantifier:
    case ExprKind::PatternPredicate:
    case ExprKind::CountStar:
    case ExprKind::Unary: return VarKind::Scalar;
    case ExprKind::Binary: return e.op == Op::Add ? VarKind::Value : VarKind::Scalar;  // + also joins lists
    case ExprKind::Function:
      if (e.name == "collect") return VarKind::List;
      if (e.name == "count" || e.name == "sum" || e.name == "avg") return VarKind::Scalar;
      return VarKind::Value;
    default: return VarKind::Value;
  }
}

bool containsAggregate(const Expr& e) {
  if (isAggregateCall(e)) return true;
  for (const auto& a : e.args)
    if (a && containsAggregate(*a)) return true;
  return false;
}

class Binder {
 public:
  Binder(Query& q, std::string source) : q_(q), source_(std::move(source)) {}

  void bind() {
    auto& clauses = q_.clauses;
    for (std::size_t i = 0; i < clauses.size(); ++i) {
      bool last = i + 1 == clauses.size();
      std::visit([&](auto& c) { bindClause(c, last); }, clauses[i]);
    }
    if (clauses.empty()) fail(q_.pos, "empty query");
    const auto& lastClause = clauses.back();
    bool endsWell = std::holds_alternative<CreateClause>(lastClause) ||
                    std::holds_alternative<UpdateClause>(lastClause) ||
                    (std::holds_alternative<ProjectionClause>(lastClause) &&
                     std::get<ProjectionClause>(lastClause).isReturn);
    if (!endsWell) {
      std::string_view name = std::holds_alternative<MatchClause>(lastClause)    ? "MATCH"
                              : std::holds_alternative<UnwindClause>(lastClause) ? "UNWIND"
                                                                                 : "WITH";
      fail(q_.pos, "query cannot conclude with " + std::string(name) + " (must be RETURN or an update clause)",
           "add a RETURN clause, e.g. RETURN *");
    }
    q_.slotCount = nextSlot_;
  }

 private:
  [[noreturn]] void fail(Pos pos, const std::string& message, const std::string& hint = {}) const {
    throw SemanticError(message, SourcePos{source_, pos.line, pos.column, {}}, hint);
  }

  int newSlot() { return nextSlot_++; }

  int declare(const std::string& name, VarKind kind, Pos pos) {
    if (scope_.count(name)) fail(pos, "variable `" + name + "` already declared");
    int slot = newSlot();
    scope_[name] = VarInfo{slot, kind};
    return slot;
  }

  // ---- clauses --------------------------------------------------------------

  void bindClause(MatchClause& m, bool) {
    std::set<std::string> relVarsHere;
    for (auto& part : m.pattern) bindPatternVars(part, relVarsHere, /*create=*/false);
    for (auto& part : m.pattern) bindPatternProperties(part);
    if (m.where) bindExpr(*m.where, ExprContext::Where);
  }

  void bindClause(UnwindClause& u, bool) {
    bindExpr(*u.expr, ExprContext::Plain);
    u.slot = declare(u.var, VarKind::Value, u.pos);
  }

  void bindClause(CreateClause& c, bool) {
    // Property values may not refer to what this CREATE declares; bind them first.
    for (auto& part : c.pattern) bindPatternProperties(part);
    std::set<std::string> relVarsHere;
    for (auto& part : c.pattern) bindPatternVars(part, relVarsHere, /*create=*/true);
  }

  void bindItems(std::vector<SetItem>& items, const char* clause) {
    for (auto& item : items) {
      auto it = scope_.find(item.var);
      if (it == scope_.end()) fail(item.pos, "variable `" + item.var + "` not defined");
      VarKind k = it->second.kind;
      if (k != VarKind::Node && k != VarKind::Rel && k != VarKind::Value)
        fail(item.pos, std::string(clause) + " needs a node or a relationship: `" + item.var + "` is " +
                           std::string(kindName(k)));
      if (item.kind == SetItem::Kind::Labels && k == VarKind::Rel)
        fail(item.pos, "`" + item.var + "` is a relationship: only nodes have labels",
             "set a property instead, e.g. SET " + item.var + ".kind = '...'");
      item.slot = it->second.slot;
      if (item.value) bindExpr(*item.value, ExprContext::Plain);
    }
  }

  void bindClause(UpdateClause& u, bool) {
    switch (u.kind) {
      case UpdateClause::Kind::Set: bindItems(u.items, "SET"); return;
      case UpdateClause::Kind::Remove: bindItems(u.items, "REMOVE"); return;
      case UpdateClause::Kind::Delete:
        for (auto& e : u.exprs) bindExpr(*e, ExprContext::Plain);
        return;
      case UpdateClause::Kind::Merge: {
        for (auto& part : u.pattern) bindPatternProperties(part);
        std::set<std::string> relVarsHere;
        for (auto& part : u.pattern) {
          if (part.shortest != ShortestKind::None) fail(part.pos, "MERGE cannot merge a shortest path");
          bindPatternVars(part, relVarsHere, /*create=*/true);
        }
        bindItems(u.onCreate, "ON CREATE SET");
        bindItems(u.onMatch, "ON MATCH SET");
        return;
      }
      case UpdateClause::Kind::Foreach: {
        bindExpr(*u.list, ExprContext::Plain);
        Scope saved = scope_;
        scope_.erase(u.var);
        u.slot = declare(u.var, VarKind::Value, u.pos);
        for (auto& b : u.body) std::visit([&](auto& c) { bindClause(c, false); }, b);
        scope_ = saved;  // nothing FOREACH binds is visible after it
        return;
      }
    }
  }

  void bindClause(ProjectionClause& p, bool last) {
    std::string clause = p.isReturn ? "RETURN" : "WITH";
    if (p.isReturn && !last) fail(p.pos, "RETURN can only be used at the end of the query", "use WITH to continue");
    expandStar(p);
    // Items are bound in the incoming scope.
    for (auto& item : p.items) {
      bindExpr(*item.expr, ExprContext::Projection);
      if (!p.isReturn && !item.hasAlias && item.expr->kind != ExprKind::Variable)
        fail(item.expr->pos, "expression in WITH must be aliased (use AS)", "WITH " + item.alias + " AS name");
      if (!item.hasAlias && item.expr->kind == ExprKind::Variable) item.alias = item.expr->name;
    }
    std::set<std::string> seen;
    for (auto& item : p.items)
      if (!seen.insert(item.alias).second)
        fail(item.expr->pos, "multiple result columns with the same name `" + item.alias + "`",
             "give each column its own alias with AS");

    // Known before aggregates are lifted out of the items.
    std::vector<VarKind> kinds;
    for (auto& item : p.items) kinds.push_back(inferKind(*item.expr));

    std::vector<ExprPtr> written;
    if (!p.orderBy.empty())
      for (const auto& item : p.items) written.push_back(item.expr->clone());
    for (auto& item : p.items) item.slot = newSlot();
    p.aggregating = std::any_of(p.items.begin(), p.items.end(), [](auto& i) { return containsAggregate(*i.expr); });
    if (p.aggregating) {
      std::vector<const ProjectionItem*> keys;
      for (const auto& item : p.items)
        if (!containsAggregate(*item.expr)) keys.push_back(&item);
      std::set<int> locals;
      for (auto& item : p.items)
        if (containsAggregate(*item.expr)) {
          resolveGroupingRefs(item.expr, keys, locals, *item.expr);
          liftAggregates(item.expr, p);
        }
    }

    Scope before = scope_;
    Scope after;
    for (std::size_t i = 0; i < p.items.size(); ++i) {
      auto& item = p.items[i];
      VarKind kind = kinds[i];
      if (item.expr->kind == ExprKind::Variable)
        if (auto it = before.find(item.expr->name); it != before.end()) kind = it->second.kind;
      after[item.alias] = VarInfo{item.slot, kind};
    }

    bool seesOld = !p.aggregating && !p.distinct;
    for (auto& s : p.orderBy) bindSortExpr(s.expr, p, written, before, after, seesOld);
    scope_ = after;
    if (p.skip) bindConstant(*p.skip, "SKIP");
    if (p.limit) bindConstant(*p.limit, "LIMIT");
    if (p.where) bindExpr(*p.where, ExprContext::Where);
    if (p.isReturn)
      for (auto& item : p.items) q_.columns.push_back(item.alias);
  }

  void expandStar(ProjectionClause& p) {
    if (!p.star) return;
    std::vector<ProjectionItem> items;
    for (const auto& [name, info] : scope_) {
      if (name.empty() || name[0] == ' ') continue;
      ProjectionItem item;
      item.expr = std::make_unique<Expr>();
      item.expr->kind = ExprKind::Variable;
      item.expr->name = name;
      item.expr->text = name;
      item.expr->pos = p.pos;
      item.alias = name;
      items.push_back(std::move(item));
    }
    // WITH * may carry nothing on (MATCH () CREATE () WITH * ...); a RETURN needs a column.
    if (items.empty() && p.items.empty() && p.isReturn)
      fail(p.pos, "RETURN * is not allowed when there are no variables in scope");
    for (auto& item : p.items) items.push_back(std::move(item));
    p.items = std::move(items);
  }

  static ExprPtr slotRef(const Expr& replaced, int slot) {
    auto ref = std::make_unique<Expr>();
    ref->kind = ExprKind::Slot;
    ref->slot = slot;
    ref->pos = replaced.pos;
    ref->text = replaced.text;
    return ref;
  }

  // Outside its aggregate calls, an aggregating item may read a variable or a
  // property of one only where that is a grouping key of the same projection
  // (`n.a, n.a + count(*)`); the reference then reads the key's value. Anything
  // else would group by a key the query never states, which openCypher rejects.
  void resolveGroupingRefs(ExprPtr& e, const std::vector<const ProjectionItem*>& keys, std::set<int>& locals,
                           const Expr& item) {
    if (!e || isAggregateCall(*e)) return;
    if (e->kind == ExprKind::Comprehension || e->kind == ExprKind::Quantifier) {
      resolveGroupingRefs(e->args[0], keys, locals, item);
      bool fresh = locals.insert(e->slot).second;
      for (std::size_t i = 1; i < e->args.size(); ++i) resolveGroupingRefs(e->args[i], keys, locals, item);
      if (fresh) locals.erase(e->slot);
      return;
    }
    bool isVar = e->kind == ExprKind::Variable;
    bool isProp = e->kind == ExprKind::Property && e->args[0]->kind == ExprKind::Variable;
    if (!isVar && !isProp) {
      for (auto& a : e->args) resolveGroupingRefs(a, keys, locals, item);
      return;
    }
    if (isVar && locals.count(e->slot)) return;
    for (const auto* key : keys)
      if (sameExpr(*key->expr, *e)) {
        e = slotRef(*e, key->slot);
        return;
      }
    const Expr& var = isVar ? *e : *e->args[0];
    if (locals.count(var.slot)) return;
    for (const auto* key : keys)
      if (key->expr->kind == ExprKind::Variable && key->expr->name == var.name) {
        e->args[0] = slotRef(var, key->slot);
        return;
      }
    fail(e->pos, "aggregation column contains implicit grouping expression `" + e->text + "` in `" + item.text + "`",
         "project it as a grouping key of its own first, e.g. WITH " + e->text + " AS k, ...");
  }

  // Replaces each aggregate call inside `e` with a Slot that the aggregate operator fills.
  void liftAggregates(ExprPtr& e, ProjectionClause& p) {
    if (!e) return;
    if (isAggregateCall(*e)) {
      int slot = newSlot();
      auto ref = slotRef(*e, slot);
      p.aggregates.push_back(AggregateSpec{std::move(e), slot});
      e = std::move(ref);
      return;
    }
    for (auto& a : e->args) liftAggregates(a, p);
  }

  // ORDER BY sees the projected names; without DISTINCT or aggregation also the incoming ones.
  void bindSortExpr(ExprPtr& e, ProjectionClause& p, const std::vector<ExprPtr>& written, const Scope& before,
                    const Scope& after, bool seesOld) {
    replaceProjected(e, p, written);
    if (e->kind == ExprKind::Slot) return;
    Scope combined = after;
    if (seesOld)
      for (const auto& [name, info] : before) combined.emplace(name, info);
    Scope saved = scope_;
    scope_ = combined;
    try {
      bindExpr(*e, ExprContext::Order);
    } catch (...) {
      scope_ = saved;
      throw;
    }
    scope_ = saved;
    if (containsAggregate(*e))
      fail(e->pos, "aggregation in ORDER BY must also be projected", "add it to the RETURN items and order by its alias");
  }

  // Replaces (sub-)expressions that repeat a projection item by that item's slot.
  // `written` holds the items as written, before aggregates were lifted out of them.
  void replaceProjected(ExprPtr& e, ProjectionClause& p, const std::vector<ExprPtr>& written) {
    if (!e) return;
    if (e->kind != ExprKind::Literal)
      for (std::size_t i = 0; i < p.items.size(); ++i)
        if (sameExpr(*written[i], *e)) {
          e = slotRef(*e, p.items[i].slot);
          return;
        }
    for (auto& a : e->args) replaceProjected(a, p, written);
  }

  // SKIP and LIMIT take an expression evaluated once, before any row exists.
  void bindConstant(Expr& e, std::string_view clause) {
    std::set<std::string> locals;
    if (refersToVariables(e, locals))
      fail(e.pos, "it is not allowed to refer to variables in " + std::string(clause),
           "use a literal or a parameter");
    Scope saved = scope_;
    scope_.clear();
    try {
      bindExpr(e, ExprContext::Plain);
    } catch (...) {
      scope_ = saved;
      throw;
    }
    scope_ = saved;
    if (e.kind == ExprKind::Literal) {
      const auto& v = e.literal;
      if (!v.isInt() || v.asInt() < 0)
        fail(e.pos, "invalid input for " + std::string(clause) + ": '" + e.text + "' is not a non-negative integer");
    }
  }

  static bool refersToVariables(const Expr& e, std::set<std::string>& locals) {
    if (e.kind == ExprKind::Variable) return !locals.count(e.name);
    if (e.kind == ExprKind::PatternPredicate) return true;
    if (e.kind == ExprKind::Comprehension || e.kind == ExprKind::Quantifier) {
      if (e.args[0] && refersToVariables(*e.args[0], locals)) return true;
      bool fresh = locals.insert(e.name).second;
      bool refers = false;
      for (std::size_t i = 1; i < e.args.size() && !refers; ++i)
        refers = e.args[i] && refersToVariables(*e.args[i], locals);
      if (fresh) locals.erase(e.name);
      return refers;
    }
    for (const auto& a : e.args)
      if (a && refersToVariables(*a, locals)) return true;
    return false;
  }

  // ---- patterns ---------------------------------------------------------------

  void bindPatternVars(PatternPart& part, std::set<std::string>& relVarsHere, bool create) {
    if (part.shortest != ShortestKind::None && part.rels[0].varLength && part.rels[0].minHops > 1)
      fail(part.rels[0].pos, "shortestPath does not support a minimal length other than 0 or 1");
    // A lone node pattern in CREATE creates a node: it cannot be one that exists already.
    bool lone = create && part.rels.empty();
    for (auto& n : part.nodes) bindNodeVar(n, create, lone);
    for (auto& r : part.rels) bindRelVar(r, relVarsHere, create);
    if (!part.pathVar.empty()) part.pathSlot = declare(part.pathVar, VarKind::Path, part.pos);
  }

  void bindNodeVar(NodePattern& n, bool create, bool lone) {
    if (n.var.empty()) {
      n.slot = newSlot();
      return;
    }
    auto it = scope_.find(n.var);
    if (it == scope_.end()) {
      n.slot = declare(n.var, VarKind::Node, n.pos);
      return;
    }
    if (it->second.kind != VarKind::Node && it->second.kind != VarKind::Value)
      fail(n.pos, "type mismatch: `" + n.var + "` is " + std::string(kindName(it->second.kind)) + ", used as a node");
    // Also within one CREATE: (n:Foo)-[:T]->(), (n:Bar)-[:U]->() would give one node two descriptions.
    if (create && (!n.labels.empty() || !n.props.empty()))
      fail(n.pos, "can't create node `" + n.var + "` with labels or properties here: the variable is already declared",
           "refer to it as (" + n.var + ") only");
    if (lone) fail(n.pos, "variable `" + n.var + "` already declared", "a node that exists needs no CREATE");
    n.slot = it->second.slot;
  }

  void bindRelVar(RelPattern& r, std::set<std::string>& relVarsHere, bool create) {
    if (create) {
      if (r.types.size() != 1)
        fail(r.pos, "exactly one relationship type must be specified for CREATE", "write -[:TYPE]->");
      if (r.dir == Direction::Both) fail(r.pos, "only directed relationships are supported in CREATE", "use -> or <-");
      if (r.varLength) fail(r.pos, "variable length relationships cannot be used in CREATE");
    }
    if (r.var.empty()) {
      r.slot = newSlot();
      return;
    }
    if (!relVarsHere.insert(r.var).second)
      fail(r.pos, "cannot use the same relationship variable `" + r.var + "` for multiple relationships");
    auto it = scope_.find(r.var);
    if (it == scope_.end()) {
      r.slot = declare(r.var, r.varLength ? VarKind::RelList : VarKind::Rel, r.pos);
      return;
    }
    if (create) fail(r.pos, "variable `" + r.var + "` already declared", "a created relationship needs a new name");
    VarKind want = r.varLength ? VarKind::RelList : VarKind::Rel;
    VarKind have = it->second.kind;
    bool listOfRels = want == VarKind::RelList && have == VarKind::List;  // e.g. WITH [r1, r2] AS rs
    if (have != want && have != VarKind::Value && !listOfRels)
      fail(r.pos, "type mismatch: `" + r.var + "` is " + std::string(kindName(it->second.kind)) + ", used as " +
                      std::string(kindName(want)));
    r.slot = it->second.slot;
  }

  void bindPatternProperties(PatternPart& part) {
    for (auto& n : part.nodes)
      for (auto& [k, e] : n.props) bindExpr(*e, ExprContext::Plain);
    for (auto& r : part.rels)
      for (auto& [k, e] : r.props) bindExpr(*e, ExprContext::Plain);
  }

  // ---- expressions --------------------------------------------------------------

  enum class ExprContext { Plain, Where, Projection, Order };

  void bindExpr(Expr& e, ExprContext ctx, bool insideAggregate = false) {
    switch (e.kind) {
      case ExprKind::Variable: {
        auto it = scope_.find(e.name);
        if (it == scope_.end()) fail(e.pos, "variable `" + e.name + "` not defined");
        e.slot = it->second.slot;
        return;
      }
      case ExprKind::Slot:
      case ExprKind::Literal:
      case ExprKind::Parameter: return;
      case ExprKind::CountStar:
        checkAggregateAllowed(e, ctx, insideAggregate);
        return;
      case ExprKind::Function: bindFunction(e, ctx, insideAggregate); return;
      case ExprKind::Comprehension:
      case ExprKind::Quantifier: {
        bindExpr(*e.args[0], ctx, insideAggregate);
        Scope saved = scope_;
        scope_[e.name] = VarInfo{newSlot(), VarKind::Value};
        e.slot = scope_[e.name].slot;
        for (std::size_t i = 1; i < e.args.size(); ++i)
          if (e.args[i]) bindExpr(*e.args[i], ctx, insideAggregate);
        scope_ = saved;
        return;
      }
      case ExprKind::PatternPredicate: bindPatternPredicate(*e.pattern); return;
      default: break;
    }
    for (auto& a : e.args)
      if (a) bindExpr(*a, ctx, insideAggregate);
    checkStaticTypes(e);
  }

  void checkAggregateAllowed(const Expr& e, ExprContext ctx, bool insideAggregate) {
    if (insideAggregate)
      fail(e.pos, "can't use aggregate functions inside of aggregate functions");
    if (ctx == ExprContext::Where)
      fail(e.pos, "invalid use of aggregating function " + e.text + " in this context",
           "aggregate in a WITH first, then filter: WITH ..., count(*) AS c WHERE c > 1");
    if (ctx == ExprContext::Plain)
      fail(e.pos, "invalid use of aggregating function " + e.text + " in this context");
  }

  void bindFunction(Expr& e, ExprContext ctx, bool insideAggregate) {
    const FunctionEntry* f = findFunction(e.name);
    if (!f) {
      auto* s = suggestFunction(e.name);
      fail(e.pos, "unknown function '" + e.name + "'", s ? "did you mean " + std::string(s->name) + "()?" : "");
    }
    int n = static_cast<int>(e.args.size());
    if (!f->acceptsArgs(n))
      fail(e.pos, "function " + std::string(f->name) + "() " + f->arityText() + ", got " + std::to_string(n));
    e.function = f;
    if (e.distinct && !f->aggregate) fail(e.pos, "DISTINCT is only allowed in aggregate functions");
    if (f->aggregate) checkAggregateAllowed(e, ctx, insideAggregate);
    if (f->aggregate)
      for (const auto& a : e.args)
        if (callsRand(*a)) fail(a->pos, "can't use non-deterministic (random) functions inside of aggregate functions");
    for (auto& a : e.args) bindExpr(*a, ctx, insideAggregate || f->aggregate);
    if (e.name == "exists" && e.args[0]->kind != ExprKind::Property && e.args[0]->kind != ExprKind::PatternPredicate)
      fail(e.pos, "argument to exists(...) is not a property or pattern", "exists(n.prop)");
  }

  void bindPatternPredicate(PatternPart& part) {
    for (auto& n : part.nodes) {
      if (n.var.empty()) {
        n.slot = newSlot();
      } else {
        auto it = scope_.find(n.var);
        if (it == scope_.end())
          fail(n.pos, "a pattern expression may not introduce new variables: `" + n.var + "` is not defined",
               "use MATCH to introduce variables, or leave the node anonymous");
        n.slot = it->second.slot;
      }
    }
    for (auto& r : part.rels) {
      if (r.var.empty()) {
        r.slot = newSlot();
      } else {
        auto it = scope_.find(r.var);
        if (it == scope_.end())
          fail(r.pos, "a pattern expression may not introduce new variables: `" + r.var + "` is not defined");
        r.slot = it->second.slot;
      }
    }
    bindPatternProperties(part);
  }

  // Type errors that a literal operand makes certain before anything runs.
  void checkStaticTypes(const Expr& e) {
    auto literalType = [](const Expr* a) -> std::optional<ValueType> {
      if (!a) return std::nullopt;
      if (a->kind == ExprKind::Literal) return a->literal.type();
      if (a->kind == ExprKind::List) return ValueType::List;
      if (a->kind == ExprKind::Map) return ValueType::Map;
      return std::nullopt;
    };
    auto requireBool = [&](const Expr* a, std::string_view op) {
      auto t = literalType(a);
      if (t && *t != ValueType::Bool && *t != ValueType::Null)
        fail(a->pos, "type mismatch: expected BOOLEAN but was " + std::string(typeName(*t)) + " in " + std::string(op));
    };
    if (e.kind == ExprKind::Unary && e.op == Op::Not) requireBool(e.args[0].get(), "NOT");
    if (e.kind == ExprKind::Binary && (e.op == Op::And || e.op == Op::Or || e.op == Op::Xor)) {
      std::string_view op = e.op == Op::And ? "AND" : e.op == Op::Or ? "OR" : "XOR";
      requireBool(e.args[0].get(), op);
      requireBool(e.args[1].get(), op);
    }
    if (e.kind == ExprKind::Unary && (e.op == Op::Neg || e.op == Op::Plus)) {
      auto t = literalType(e.args[0].get());
      if (t && *t != ValueType::Int && *t != ValueType::Float && *t != ValueType::Null)
        fail(e.pos, "type mismatch: expected a number but was " + std::string(typeName(*t)));
    }
    if (e.kind == ExprKind::Binary && (e.op == Op::Sub || e.op == Op::Mul || e.op == Op::Div || e.op == Op::Mod ||
                                       e.op == Op::Pow)) {
      for (const auto& a : e.args) {
        auto t = literalType(a.get());
        if (t && *t != ValueType::Int && *t != ValueType::Float && *t != ValueType::Null)
          fail(a->pos, "type mismatch: expected a number but was " + std::string(typeName(*t)));
      }
    }
    if (e.kind == ExprKind::Binary && e.op == Op::In) {
      auto t = literalType(e.args[1].get());
      if (t && *t != ValueType::List && *t != ValueType::Null)
        fail(e.args[1]->pos, "type mismatch: expected a LIST for IN but was " + std::string(typeName(*t)));
    }
  }

  Query& q_;
  std::string source_;
  Scope scope_;
  int nextSlot_ = 0;
};

}  // namespace

void bindQuery(Query& query, const std::string& source) { Binder(query, source).bind(); }

}  // namespace kgq
