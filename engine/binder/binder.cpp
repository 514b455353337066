#include "binder/binder.h"
#include "binder/cartesian.h"

#include <algorithm>
#include <set>

#include "binder/bound_expr.h"
#include "common/strings.h"
#include "functions/registry.h"
#include "procedures/registry.h"

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
    case ExprKind::PatternComprehension:
    case ExprKind::Comprehension: return VarKind::List;
    case ExprKind::Subquery: return e.subqueryKind == SubqueryKind::Collect ? VarKind::List : VarKind::Scalar;
    case ExprKind::Map:
    case ExprKind::MapProjection: return VarKind::Map;
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

enum class NameSpace { Label, Type, Key };

// The labels, types and keys a statement's write clauses may introduce: reading
// them is no mistake even while the graph lacks them, and they are looked up when
// read (Deferred). Every clause kind has its overload and there is no catch-all,
// so a new clause does not compile until it says what it introduces.
struct IntroducedNames {
  std::set<std::string, std::less<>> labels, types, keys;
  bool anyKey = false;  // a write whose keys are only known when it runs (a map of properties)

  void operator()(const MatchClause&) {}
  void operator()(const UnwindClause&) {}
  void operator()(const ProjectionClause&) {}
  void operator()(const CallClause&) {}
  void operator()(const SubqueryClause& c) { addQuery(*c.query); }
  void addQuery(const Query& q) {
    for (const auto& c : q.clauses) std::visit(*this, c);
    for (const auto& u : q.unions) addQuery(*u.query);
  }
  void operator()(const CreateClause& c) {
    for (const auto& part : c.pattern) addPattern(part);
  }
  void operator()(const UpdateClause& u) {
    if (u.kind == UpdateClause::Kind::Remove || u.kind == UpdateClause::Kind::Delete) return;
    for (const auto& part : u.pattern) addPattern(part);
    for (const auto* items : {&u.items, &u.onCreate, &u.onMatch})
      for (const auto& i : *items) {
        if (i.kind == SetItem::Kind::Property) keys.insert(i.key);
        else if (i.kind == SetItem::Kind::Labels) labels.insert(i.labels.begin(), i.labels.end());
        else anyKey = true;  // `n = {map}`, `n += {map}`: keys known when it runs
      }
    for (const auto& c : u.body) std::visit(*this, c);
  }

  void addPattern(const PatternPart& part) {
    for (const auto& n : part.nodes) {
      labels.insert(n.labels.begin(), n.labels.end());
      for (const auto& [k, v] : n.props) keys.insert(k);
    }
    for (const auto& r : part.rels) {
      types.insert(r.types.begin(), r.types.end());
      for (const auto& [k, v] : r.props) keys.insert(k);
    }
  }

  bool has(NameSpace ns, std::string_view name) const {
    switch (ns) {
      case NameSpace::Label: return labels.count(name) > 0;
      case NameSpace::Type: return types.count(name) > 0;
      case NameSpace::Key: return anyKey || keys.count(name) > 0;
    }
    return false;
  }
};

// Resolves names against a graph and reports the ones it lacks, once per name.
class NameResolver {
 public:
  NameResolver(const Graph* graph, std::string source, Notifications& out)
      : graph_(graph), source_(std::move(source)), out_(out) {}

  IntroducedNames introduced;
  bool sawAbsent = false;

  // `notify`: the name is read where a person expects it to exist (not a key read off a map).
  NameRes resolve(std::string_view name, NameSpace ns, Pos pos, bool notify = true) {
    if (!graph_) return {};
    if (introduced.has(ns, name)) return {NameState::Deferred, 0};
    const StringInterner& names = interner(ns);
    if (auto id = names.find(name)) return {NameState::Present, *id};
    sawAbsent = true;
    if (notify && reported_.insert({ns, std::string(name)}).second) report(name, ns, pos, names);
    return {NameState::Absent, 0};
  }
  void resolve(SchemaName& n, NameSpace ns) { n.res = resolve(n, ns, n.pos); }

 private:
  const StringInterner& interner(NameSpace ns) const {
    return ns == NameSpace::Label ? graph_->labels() : ns == NameSpace::Type ? graph_->types() : graph_->keys();
  }

  void report(std::string_view name, NameSpace ns, Pos pos, const StringInterner& names) {
    static constexpr std::string_view what[] = {"label", "relationship type", "property key"};
    static constexpr NotificationKind kinds[] = {NotificationKind::UnknownLabel,
                                                 NotificationKind::UnknownRelationshipType,
                                                 NotificationKind::UnknownPropertyKey};
    auto i = static_cast<std::size_t>(ns);
    std::string noun(what[i]);
    auto close = closestNames(name, names.names(), 1);
    std::string hint = close.empty() ? ":schema lists the " + noun + "s the graph has"
                                     : "did you mean `" + close[0] + "`?";
    std::string message = "the graph has no " + noun + " `" + std::string(name) + "`";
    message += ns == NameSpace::Key ? ": it reads as null" : ": nothing can match it";
    out_.push_back(Notification{kinds[i], std::move(message), SourcePos{source_, pos.line, pos.column, {}},
                                std::move(hint)});
  }

  const Graph* graph_;
  std::string source_;
  Notifications& out_;
  std::set<std::pair<NameSpace, std::string>> reported_;
};

void checkUnionPart(const Query& query, const UnionPart& u, const std::string& source);
void checkUnionColumns(const Query& query, const UnionPart& u, const std::string& source);

// What each slot's variable holds where it is read, for the static types of the bound tree.
struct SlotKinds {
  std::vector<VarKind> kinds;
  std::vector<bound::Type> types;  // a projection item's static type, where it has one
  void note(int slot, VarKind k) {
    if (slot < 0) return;
    auto i = static_cast<std::size_t>(slot);
    if (i >= kinds.size()) kinds.resize(i + 1, VarKind::Value);
    kinds[i] = k;
  }
  void noteType(int slot, bound::Type t) {
    if (slot < 0) return;
    auto i = static_cast<std::size_t>(slot);
    if (i >= types.size()) types.resize(i + 1, bound::Type::Any);
    types[i] = t;
  }
  VarKind at(int slot) const {
    auto i = static_cast<std::size_t>(slot);
    return slot >= 0 && i < kinds.size() ? kinds[i] : VarKind::Value;
  }
  bound::Type typeAt(int slot) const {
    auto i = static_cast<std::size_t>(slot);
    return slot >= 0 && i < types.size() ? types[i] : bound::Type::Any;
  }
};

bound::Type typeOfVar(VarKind k) {
  switch (k) {
    case VarKind::Node: return bound::Type::Node;
    case VarKind::Rel: return bound::Type::Relationship;
    case VarKind::Path: return bound::Type::Path;
    case VarKind::RelList:
    case VarKind::List: return bound::Type::List;
    case VarKind::Map: return bound::Type::Map;
    default: return bound::Type::Any;
  }
}

bound::Type typeOfValueType(ValueType t) {
  switch (t) {
    case ValueType::Bool: return bound::Type::Bool;
    case ValueType::Int: return bound::Type::Int;
    case ValueType::Float: return bound::Type::Float;
    case ValueType::String: return bound::Type::String;
    case ValueType::List: return bound::Type::List;
    case ValueType::Map: return bound::Type::Map;
    case ValueType::Node: return bound::Type::Node;
    case ValueType::Rel: return bound::Type::Relationship;
    case ValueType::Path: return bound::Type::Path;
    case ValueType::Date: return bound::Type::Date;
    case ValueType::LocalTime: return bound::Type::LocalTime;
    case ValueType::Time: return bound::Type::Time;
    case ValueType::LocalDateTime: return bound::Type::LocalDateTime;
    case ValueType::DateTime: return bound::Type::DateTime;
    case ValueType::Duration: return bound::Type::Duration;
    default: return bound::Type::Any;
  }
}

bound::Type typeOfValue(const Value& v) { return typeOfValueType(v.type()); }

bool numeric(bound::Type t) { return t == bound::Type::Int || t == bound::Type::Float || t == bound::Type::Number; }

bound::Type inferType(const bound::Expr& b, const SlotKinds& kinds) {
  using T = bound::Type;
  using K = bound::ExprKind;
  auto arg = [&](std::size_t i) { return i < b.args.size() && b.args[i] ? b.args[i]->type : T::Any; };
  switch (b.kind) {
    case K::Literal: return typeOfValue(b.literal);
    case K::Variable:
      if (kinds.typeAt(b.slot) != bound::Type::Any) return kinds.typeAt(b.slot);
      return typeOfVar(kinds.at(b.slot));
    case K::HasLabels:
    case K::Quantifier:
    case K::PatternPredicate: return T::Bool;
    case K::CountStar: return T::Int;
    case K::List:
    case K::Slice:
    case K::Comprehension:
    case K::PatternComprehension: return T::List;
    case K::Map:
    case K::MapProjection: return T::Map;
    case K::Subquery:
      return b.subqueryKind == SubqueryKind::Exists ? T::Bool : b.subqueryKind == SubqueryKind::Count ? T::Int : T::List;
    case K::Function: return b.function && b.function->result ? typeOfValueType(*b.function->result) : T::Any;
    case K::Unary:
      if (b.op == Op::Neg || b.op == Op::Plus) return numeric(arg(0)) ? arg(0) : T::Number;
      return T::Bool;
    case K::Binary: {
      T x = arg(0), y = arg(1);
      switch (b.op) {
        case Op::Add:
          if (x == T::List || y == T::List) return T::List;
          if (x == T::String || y == T::String) return T::String;
          [[fallthrough]];
        case Op::Sub:
        case Op::Mul:
        case Op::Div:
        case Op::Mod:
          if (x == T::Int && y == T::Int) return T::Int;
          if (numeric(x) && numeric(y)) return x == T::Float || y == T::Float ? T::Float : T::Number;
          return T::Any;
        case Op::Pow: return T::Float;
        case Op::Concat:
          if (x == T::String || y == T::String) return T::String;
          if (x == T::List || y == T::List) return T::List;
          return T::Any;
        default: return T::Bool;  // comparisons, AND / OR / XOR, IN, string predicates
      }
    }
    default: return T::Any;
  }
}

bound::ExprKind boundKind(ExprKind k) {
  using K = bound::ExprKind;
  switch (k) {
    case ExprKind::Literal: return K::Literal;
    case ExprKind::Parameter: return K::Parameter;
    case ExprKind::Variable: return K::Variable;
    case ExprKind::Property: return K::Property;
    case ExprKind::HasLabels: return K::HasLabels;
    case ExprKind::Index: return K::Index;
    case ExprKind::Slice: return K::Slice;
    case ExprKind::Unary: return K::Unary;
    case ExprKind::Binary: return K::Binary;
    case ExprKind::Function: return K::Function;
    case ExprKind::CountStar: return K::CountStar;
    case ExprKind::Case: return K::Case;
    case ExprKind::List: return K::List;
    case ExprKind::Map: return K::Map;
    case ExprKind::Comprehension: return K::Comprehension;
    case ExprKind::Quantifier: return K::Quantifier;
    case ExprKind::PatternPredicate: return K::PatternPredicate;
    case ExprKind::Reduce: return K::Reduce;
    case ExprKind::MapProjection: return K::MapProjection;
    case ExprKind::PatternComprehension: return K::PatternComprehension;
    case ExprKind::Subquery: return K::Subquery;
  }
  return K::Literal;
}

// What a query bound inside another one is: a subquery expression (EXISTS, COUNT, COLLECT) may end
// without RETURN; a CALL subquery's may not end in MATCH or WITH either.
enum class Nesting { None, Expression, Call };

class Binder {
 public:
  enum class ExprContext { Plain, Where, Projection, Order };

  Binder(Query& q, std::string source, const Graph* graph, SlotKinds& kinds, int firstSlot = 0, Scope visible = {},
         Nesting nesting = Nesting::None)
      : q_(q), source_(std::move(source)), graph_(graph), names_(graph, source_, q.notifications),
        scope_(std::move(visible)), nextSlot_(firstSlot), nesting_(nesting), kinds_(kinds) {}

  int nextSlot() const { return nextSlot_; }
  NameResolver& names() { return names_; }

  void bind() {
    for (const auto& c : q_.clauses) std::visit(names_.introduced, c);
    auto& clauses = q_.clauses;
    for (std::size_t i = 0; i < clauses.size(); ++i) {
      bool last = i + 1 == clauses.size();
      std::visit([&](auto& c) { bindClause(c, last); }, clauses[i]);
    }
    if (clauses.empty()) fail(q_.pos, "empty query");
    const auto& lastClause = clauses.back();
    bool endsWell = std::holds_alternative<CreateClause>(lastClause) ||
                    (std::holds_alternative<CallClause>(lastClause) && clauses.size() == 1 &&
                     nesting_ == Nesting::None) ||
                    (std::holds_alternative<SubqueryClause>(lastClause) &&
                     std::get<SubqueryClause>(lastClause).returnSlots.empty()) ||
                    nesting_ == Nesting::Expression ||
                    std::holds_alternative<UpdateClause>(lastClause) ||
                    (std::holds_alternative<ProjectionClause>(lastClause) &&
                     std::get<ProjectionClause>(lastClause).isReturn);
    if (!endsWell) {
      std::string_view name = std::holds_alternative<MatchClause>(lastClause)    ? "MATCH"
                              : std::holds_alternative<SubqueryClause>(lastClause) ? "CALL { }"
                              : std::holds_alternative<UnwindClause>(lastClause)
                                  ? (std::get<UnwindClause>(lastClause).load ? "LOAD CSV" : "UNWIND")
                              : std::holds_alternative<CallClause>(lastClause)   ? "CALL"
                                                                                 : "WITH";
      fail(q_.pos, "query cannot conclude with " + std::string(name) + " (must be RETURN or an update clause)",
           "add a RETURN clause, e.g. RETURN *");
    }
    q_.slotCount = nextSlot_;
    q_.readsAbsentNames = names_.sawAbsent;
  }

 private:
  [[noreturn]] void fail(Pos pos, const std::string& message, const std::string& hint = {}) const {
    throw SemanticError(message, SourcePos{source_, pos.line, pos.column, {}}, hint);
  }

  int newSlot() { return nextSlot_++; }

  // The scope without the variables hidden from ORDER BY: what a pattern or subquery sees.
  Scope visibleScope() const {
    Scope out;
    for (const auto& [name, info] : scope_)
      if (!info.hidden) out.emplace(name, info);
    return out;
  }

  std::vector<int> scopeSlots() const {
    std::vector<int> out;
    for (const auto& [name, info] : scope_)
      if (!info.hidden) out.push_back(info.slot);
    std::sort(out.begin(), out.end());
    return out;
  }

  // Binds `sub` and its UNION parts, each seeing `visible`, into slots after this query's. Names the
  // subquery reads join this query's notifications.
  void bindNested(Query& sub, const Scope& visible, Nesting nesting) {
    auto bindPart = [&](Query& part) {
      part.notifications.clear();
      Binder inner(part, source_, graph_, kinds_, nextSlot_, visible, nesting);
      inner.names().introduced = names_.introduced;
      inner.bind();
      nextSlot_ = inner.nextSlot();
      if (part.readsAbsentNames) names_.sawAbsent = true;
      for (auto& n : part.notifications) q_.notifications.push_back(std::move(n));
      part.notifications.clear();
      q_.productEstimate = std::max(q_.productEstimate, part.productEstimate);
    };
    bindPart(sub);
    for (auto& u : sub.unions) {
      checkUnionPart(sub, u, source_);
      bindPart(*u.query);
      checkUnionColumns(sub, u, source_);
    }
  }

  void bindSubqueryExpr(Expr& e, bound::Expr& b) {
    Query& sub = *e.subquery;
    b.outerSlots = scopeSlots();
    bindNested(sub, visibleScope(), Nesting::Expression);
    auto updates = [](const Query& q) {
      return std::any_of(q.clauses.begin(), q.clauses.end(), [](const Clause& c) {
        return std::holds_alternative<UpdateClause>(c) || std::holds_alternative<CreateClause>(c) ||
               std::holds_alternative<SubqueryClause>(c);
      });
    };
    bool writes = updates(sub);
    for (const auto& u : sub.unions) writes = writes || updates(*u.query);
    const char* kind = e.subqueryKind == SubqueryKind::Exists  ? "EXISTS"
                       : e.subqueryKind == SubqueryKind::Count ? "COUNT"
                                                               : "COLLECT";
    if (writes)
      fail(e.pos, std::string("a ") + kind + " subquery cannot update the graph or hold a CALL subquery",
           "use CALL { ... } for a subquery that writes");
    if (e.subqueryKind == SubqueryKind::Collect && sub.columns.size() != 1)
      fail(e.pos, "a COLLECT subquery must end with a RETURN of exactly one column",
           "e.g. COLLECT { MATCH (a)-->(b) RETURN b.name }");
  }

  // [(a)-->(b) WHERE ... | ...]: the pattern's new variables are local to the comprehension.
  void bindPatternComprehension(Expr& e, bound::Expr& b) {
    b.outerSlots = scopeSlots();
    Scope saved = scope_;
    scope_ = visibleScope();
    try {
      std::set<std::string> relVarsHere;
      PatternPart& part = *e.pattern;
      bindPatternVars(part, relVarsHere, nullptr);
      resolvePatternNames(part);
      bindPatternProperties(part);
      bindInlineWheres(part);
      b.args.push_back(e.args[0] ? bindExpr(*e.args[0], ExprContext::Where) : nullptr);
      b.args.push_back(bindExpr(*e.args[1], ExprContext::Plain));
    } catch (...) {
      scope_ = saved;
      throw;
    }
    scope_ = saved;
  }

  void bindInlineWheres(PatternPart& part) {
    for (auto& n : part.nodes)
      if (n.where) bindRoot(*n.where, ExprContext::Where);
    for (auto& r : part.rels)
      if (r.where) bindRoot(*r.where, ExprContext::Where);
  }

  static void rejectInlineWheres(const std::vector<PatternPart>& parts, const char* clause, const std::string& source) {
    for (const auto& part : parts) {
      for (const auto& n : part.nodes)
        if (n.where)
          throw SemanticError(std::string("WHERE is not allowed inside a ") + clause + " pattern",
                              SourcePos{source, n.where->pos.line, n.where->pos.column, {}},
                              "only MATCH patterns may filter inline");
      for (const auto& r : part.rels)
        if (r.where)
          throw SemanticError(std::string("WHERE is not allowed inside a ") + clause + " pattern",
                              SourcePos{source, r.where->pos.line, r.where->pos.column, {}},
                              "only MATCH patterns may filter inline");
    }
  }

  // CALL { ... }: the imported variables are the scope clause's, or a leading WITH's plain variables.
  void bindClause(SubqueryClause& c, bool) {
    Query& sub = *c.query;
    Scope visible;
    auto import = [&](const std::string& name, Pos pos) {
      auto it = scope_.find(name);
      if (it == scope_.end()) fail(pos, "variable `" + name + "` not defined");
      visible[name] = it->second;
    };
    if (c.scopeClause) {
      if (c.importAll) visible = scope_;
      for (const auto& [name, pos] : c.imports) import(name, pos);
    } else {
      auto importsOf = [&](Query& part) {
        if (part.clauses.empty()) return;
        auto* w = std::get_if<ProjectionClause>(&part.clauses.front());
        if (!w || w->isReturn) return;
        bool plain = !w->distinct && w->orderBy.empty() && !w->skip && !w->limit && !w->where;
        for (const auto& item : w->items)
          plain = plain && item.expr->kind == ExprKind::Variable && (!item.hasAlias || item.alias == item.expr->name);
        if (!plain) return;
        if (w->star) visible = scope_;
        for (const auto& item : w->items)
          if (scope_.count(item.expr->name)) visible[item.expr->name] = scope_.at(item.expr->name);
      };
      importsOf(sub);
      for (auto& u : sub.unions) importsOf(*u.query);
    }
    for (const auto& [name, info] : visible) c.importSlots.push_back(info.slot);
    std::sort(c.importSlots.begin(), c.importSlots.end());
    bindNested(sub, visible, Nesting::Call);
    if (sub.columns.empty()) return;  // a unit subquery: the rows pass on as they came
    const ProjectionClause* ret = nullptr;
    for (const auto& clause : sub.clauses)
      if (auto* p = std::get_if<ProjectionClause>(&clause)) ret = p;
    for (const auto& item : ret->items) {
      if (scope_.count(item.alias))
        fail(c.pos, "variable `" + item.alias + "` already declared in outer scope",
             "rename it in the subquery's RETURN, e.g. RETURN ... AS other");
      scope_[item.alias] = VarInfo{item.slot, inferKind(*item.expr)};
      c.returnSlots.push_back(item.slot);
    }
  }

  int declare(const std::string& name, VarKind kind, Pos pos) {
    if (scope_.count(name)) fail(pos, "variable `" + name + "` already declared");
    int slot = newSlot();
    scope_[name] = VarInfo{slot, kind};
    return slot;
  }

  // ---- clauses --------------------------------------------------------------

  void bindClause(MatchClause& m, bool) {
    std::vector<int> before = scopeSlots();
    std::set<std::string> relVarsHere;
    for (auto& part : m.pattern) bindPatternVars(part, relVarsHere, nullptr);
    for (auto& part : m.pattern) resolvePatternNames(part);
    for (auto& part : m.pattern) bindPatternProperties(part);
    for (auto& part : m.pattern) bindInlineWheres(part);
    if (m.where) bindRoot(*m.where, ExprContext::Where);
    if (m.optional) return;  // keeps every row it gets, and adds at most its own matches to each
    auto estimate = checkCartesianProduct(m, std::set<int>(before.begin(), before.end()), rowsSoFar_, graph_, source_,
                                          q_.notifications);
    rowsSoFar_ = estimate.rowsAfter;
    q_.productEstimate = std::max(q_.productEstimate, estimate.product);
  }

  void bindClause(UnwindClause& u, bool) {
    bindRoot(*u.expr, ExprContext::Plain);
    u.slot = declare(u.var, VarKind::Value, u.pos);
  }

  void bindClause(CreateClause& c, bool) {
    rejectInlineWheres(c.pattern, "CREATE", source_);
    // Property values may not refer to what this CREATE declares; bind them first.
    for (auto& part : c.pattern) bindPatternProperties(part);
    std::set<std::string> relVarsHere;
    for (auto& part : c.pattern) bindPatternVars(part, relVarsHere, "CREATE");
  }

  // A standalone CALL (the whole query) may leave out YIELD or write YIELD * and answers with
  // what it yields; inside a query, YIELD names the fields it binds.
  void bindClause(CallClause& c, bool) {
    const ProcedureEntry* proc = findProcedure(c.name);
    if (!proc) {
      auto* s = suggestProcedure(c.name);
      fail(c.pos, "unknown procedure `" + c.name + "`",
           s ? "did you mean " + std::string(s->name) + "()?" : "CALL dbms.procedures() lists them");
    }
    c.procedure = proc;
    int n = static_cast<int>(c.args.size());
    if (n < proc->minArgs || n > proc->maxArgs)
      fail(c.pos, "procedure " + std::string(proc->name) + "() takes " + std::to_string(proc->minArgs) +
                      (proc->maxArgs != proc->minArgs ? " to " + std::to_string(proc->maxArgs) : "") +
                      " arguments, got " + std::to_string(n),
           std::string(proc->signature));
    for (auto& a : c.args) bindRoot(*a, ExprContext::Plain);
    bool standalone = q_.clauses.size() == 1 && nesting_ == Nesting::None;
    if (c.yieldStar && !standalone)
      fail(c.pos, "YIELD * is only allowed in a standalone CALL", "name the fields: " + std::string(proc->signature));
    if (c.yields.empty() && !proc->fields.empty()) {
      if (!standalone && !c.yieldStar)
        fail(c.pos, "a procedure called inside a query must YIELD the fields it uses",
             "e.g. CALL " + std::string(proc->name) + "() YIELD " + std::string(proc->fields[0]));
      for (auto f : proc->fields) c.yields.push_back(YieldItem{std::string(f), std::string(f), c.pos});
    }
    for (auto& y : c.yields) {
      y.column = proc->fieldIndex(y.field);
      if (y.column < 0) {
        std::string fields;
        for (auto f : proc->fields) fields += (fields.empty() ? "" : ", ") + std::string(f);
        fail(y.pos, "unknown field `" + y.field + "` of " + std::string(proc->name) + "()",
             "it yields " + fields);
      }
      y.slot = declare(y.variable, VarKind::Value, y.pos);
    }
    if (c.where) bindRoot(*c.where, ExprContext::Where);
    if (standalone)
      for (const auto& y : c.yields) q_.columns.push_back(y.variable);
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
      if (item.value) bindRoot(*item.value, ExprContext::Plain);
    }
  }

  void bindClause(UpdateClause& u, bool) {
    switch (u.kind) {
      case UpdateClause::Kind::Set: bindItems(u.items, "SET"); return;
      case UpdateClause::Kind::Remove: bindItems(u.items, "REMOVE"); return;
      case UpdateClause::Kind::Delete:
        for (auto& e : u.exprs) bindRoot(*e, ExprContext::Plain);
        return;
      case UpdateClause::Kind::Merge: {
        rejectInlineWheres(u.pattern, "MERGE", source_);
        for (auto& part : u.pattern) bindPatternProperties(part);
        std::set<std::string> relVarsHere;
        for (auto& part : u.pattern) {
          if (part.shortest != ShortestKind::None) fail(part.pos, "MERGE cannot merge a shortest path");
          bindPatternVars(part, relVarsHere, "MERGE");
        }
        bindItems(u.onCreate, "ON CREATE SET");
        bindItems(u.onMatch, "ON MATCH SET");
        return;
      }
      case UpdateClause::Kind::Foreach: {
        bindRoot(*u.list, ExprContext::Plain);
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
    if (p.limit || p.distinct) rowsSoFar_ = 1;  // what comes after is not the product of what came before
    if (p.isReturn && !last) fail(p.pos, "RETURN can only be used at the end of the query", "use WITH to continue");
    expandStar(p);
    // Items are bound in the incoming scope.
    for (auto& item : p.items) {
      bindRoot(*item.expr, ExprContext::Projection);
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

    std::vector<bound::ExprPtr> written;  // the items as bound, before aggregates are lifted out
    if (!p.orderBy.empty() || p.where)
      for (const auto& item : p.items) written.push_back(item.expr->bound->clone());
    for (auto& item : p.items) item.slot = newSlot();
    p.aggregating = std::any_of(p.items.begin(), p.items.end(), [](auto& i) { return containsAggregate(*i.expr); });
    if (p.aggregating) rowsSoFar_ = 1;
    if (p.aggregating) {
      std::vector<const ProjectionItem*> keys;
      for (const auto& item : p.items)
        if (!containsAggregate(*item.expr)) keys.push_back(&item);
      std::set<int> locals;
      for (auto& item : p.items)
        if (containsAggregate(*item.expr)) {
          auto tree = std::make_unique<bound::Expr>(std::move(*item.expr->bound));
          resolveGroupingRefs(tree, keys, locals, *item.expr);
          liftAggregates(tree, p);
          item.expr->bound = std::move(tree);
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
      kinds_.noteType(item.slot, item.expr->bound->type);
    }

    bool seesOld = !p.aggregating && !p.distinct;
    for (auto& s : p.orderBy) bindAfterProjection(*s.expr, ExprContext::Order, p, written, before, after, seesOld);
    scope_ = after;
    if (p.skip) bindConstant(*p.skip, "SKIP");
    if (p.limit) bindConstant(*p.limit, "LIMIT");
    // WITH's WHERE sees what ORDER BY sees (openCypher: `WITH c WHERE r IS NULL`, and after
    // DISTINCT an expression that repeats an item, `WITH DISTINCT a.x AS x WHERE a.x = 1`).
    if (p.where) bindAfterProjection(*p.where, ExprContext::Where, p, written, before, after, seesOld);
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

  static bound::ExprPtr slotRef(const bound::Expr& replaced, int slot) {
    auto ref = std::make_unique<bound::Expr>();
    ref->kind = bound::ExprKind::Slot;
    ref->slot = slot;
    ref->pos = replaced.pos;
    ref->type = replaced.type;
    ref->syntax = replaced.syntax;  // the text it stands for
    return ref;
  }

  static bool isBoundAggregate(const bound::Expr& e) {
    return e.kind == bound::ExprKind::CountStar ||
           (e.kind == bound::ExprKind::Function && e.function && e.function->aggregate);
  }

  static bool containsBoundAggregate(const bound::Expr& e) {
    if (isBoundAggregate(e)) return true;
    for (const auto& a : e.args)
      if (a && containsBoundAggregate(*a)) return true;
    return false;
  }

  // Outside its aggregate calls, an aggregating item may read a variable or a
  // property of one only where that is a grouping key of the same projection
  // (`n.a, n.a + count(*)`); the reference then reads the key's value. Anything
  // else would group by a key the query never states, which openCypher rejects.
  // Keys are found by the bound trees' structural identity.
  void resolveGroupingRefs(bound::ExprPtr& e, const std::vector<const ProjectionItem*>& keys, std::set<int>& locals,
                           const Expr& item) {
    using K = bound::ExprKind;
    if (!e || isBoundAggregate(*e)) return;
    if (e->kind == K::PatternComprehension || e->kind == K::Subquery) return;
    if (e->kind == K::Reduce) {
      resolveGroupingRefs(e->args[0], keys, locals, item);
      resolveGroupingRefs(e->args[1], keys, locals, item);
      bool freshAcc = locals.insert(e->slot).second, freshVar = locals.insert(e->slot2).second;
      resolveGroupingRefs(e->args[2], keys, locals, item);
      if (freshAcc) locals.erase(e->slot);
      if (freshVar) locals.erase(e->slot2);
      return;
    }
    if (e->kind == K::Comprehension || e->kind == K::Quantifier) {
      resolveGroupingRefs(e->args[0], keys, locals, item);
      bool fresh = locals.insert(e->slot).second;
      for (std::size_t i = 1; i < e->args.size(); ++i) resolveGroupingRefs(e->args[i], keys, locals, item);
      if (fresh) locals.erase(e->slot);
      return;
    }
    bool isVar = e->kind == K::Variable;
    bool isProp = e->kind == K::Property && e->args[0]->kind == K::Variable;
    if (!isVar && !isProp) {
      for (auto& a : e->args) resolveGroupingRefs(a, keys, locals, item);
      return;
    }
    if (isVar && locals.count(e->slot)) return;
    for (const auto* key : keys)
      if (bound::sameExpr(bound::of(*key->expr), *e)) {
        e = slotRef(*e, key->slot);
        return;
      }
    const bound::Expr& var = isVar ? *e : *e->args[0];
    if (locals.count(var.slot)) return;
    if (isProp)
      for (const auto* key : keys)
        if (const bound::Expr& k = bound::of(*key->expr); k.kind == K::Variable && k.slot == var.slot) {
          e->args[0] = slotRef(var, key->slot);
          return;
        }
    fail(e->pos, "aggregation column contains implicit grouping expression `" + e->text() + "` in `" + item.text + "`",
         "project it as a grouping key of its own first, e.g. WITH " + e->text() + " AS k, ...");
  }

  // Replaces each aggregate call inside `e` with a Slot that the aggregate operator fills. The
  // aggregate keeps a copy of its call's syntax, whose bound tree is the call.
  void liftAggregates(bound::ExprPtr& e, ProjectionClause& p) {
    if (!e) return;
    if (isBoundAggregate(*e)) {
      int slot = newSlot();
      auto ref = slotRef(*e, slot);
      AggregateSpec spec;
      spec.call = e->syntax->clone();
      spec.call->bound = std::move(e);
      spec.slot = slot;
      p.aggregates.push_back(std::move(spec));
      e = std::move(ref);
      return;
    }
    for (auto& a : e->args) liftAggregates(a, p);
  }

  // ORDER BY sees the projected names; without DISTINCT or aggregation also the incoming ones.
  // It is bound seeing both, then (sub-)expressions that repeat a projection item read the
  // item's slot; whatever then still reads an incoming variable it may not see is an error.
  // An ORDER BY key or WITH's WHERE: it reads the projected names, the incoming ones (as errors
  // when DISTINCT or aggregation dropped them) and expressions that repeat a projection item.
  void bindAfterProjection(Expr& e, ExprContext context, ProjectionClause& p, const std::vector<bound::ExprPtr>& written,
                           const Scope& before, const Scope& after, bool seesOld) {
    Scope combined = after;
    std::set<int> hidden;
    for (auto [name, info] : before) {
      if (combined.count(name)) continue;
      info.hidden = !seesOld;
      if (info.hidden) hidden.insert(info.slot);
      combined.emplace(name, info);
    }
    Scope saved = scope_;
    scope_ = combined;
    bound::ExprPtr b;
    try {
      b = bindExpr(e, context);
    } catch (...) {
      scope_ = saved;
      throw;
    }
    scope_ = saved;
    replaceProjected(b, p, written);
    if (!hidden.empty()) rejectHidden(*b, hidden);
    if (context == ExprContext::Order && containsBoundAggregate(*b))
      fail(b->pos, "aggregation in ORDER BY must also be projected", "add it to the RETURN items and order by its alias");
    e.bound = std::move(b);
  }

  void rejectHidden(const bound::Expr& e, const std::set<int>& hidden) {
    if (e.kind == bound::ExprKind::Variable && hidden.count(e.slot))
      fail(e.pos, "variable `" + (e.syntax ? e.syntax->name : std::string()) + "` not defined");
    for (const auto& a : e.args)
      if (a) rejectHidden(*a, hidden);
  }

  // Replaces (sub-)expressions that repeat a projection item by that item's slot.
  // `written` holds the items as bound, before aggregates were lifted out of them.
  void replaceProjected(bound::ExprPtr& e, const ProjectionClause& p, const std::vector<bound::ExprPtr>& written) {
    if (!e) return;
    if (e->kind != bound::ExprKind::Literal)
      for (std::size_t i = 0; i < p.items.size(); ++i)
        if (bound::sameExpr(*written[i], *e)) {
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
      bindRoot(e, ExprContext::Plain);
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
    if (e.kind == ExprKind::PatternPredicate || e.kind == ExprKind::PatternComprehension ||
        e.kind == ExprKind::Subquery)
      return true;
    if (e.kind == ExprKind::Reduce) {
      for (std::size_t i = 0; i < 2; ++i)
        if (refersToVariables(*e.args[i], locals)) return true;
      bool freshAcc = locals.insert(e.name).second, freshVar = locals.insert(e.var2).second;
      bool refers = refersToVariables(*e.args[2], locals);
      if (freshAcc) locals.erase(e.name);
      if (freshVar) locals.erase(e.var2);
      return refers;
    }
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

  // `writer`: the clause that may create the pattern (CREATE, MERGE), null for one that only matches.
  void bindPatternVars(PatternPart& part, std::set<std::string>& relVarsHere, const char* writer) {
    bool create = writer != nullptr;
    if (part.shortest != ShortestKind::None && create)
      fail(part.pos, std::string(writer) + " cannot " + (std::string(writer) == "MERGE" ? "merge" : "create") +
                         " a path with " + part.selectorText,
           "match the path with MATCH, then create what you need");
    bool selector = part.shortest != ShortestKind::None && !std::islower(static_cast<unsigned char>(part.selectorText[0]));
    if (part.shortest != ShortestKind::None && part.rels[0].varLength && part.rels[0].minHops > 1)
      fail(part.rels[0].pos, selector ? "a path selector (" + part.selectorText +
                                            ") does not support a minimal length other than 0 or 1"
                                      : "shortestPath does not support a minimal length other than 0 or 1",
           selector ? "write -[*]- or -[*0..]- and filter on length(p) after the search" : "");
    // A lone node pattern in CREATE creates a node: it cannot be one that exists already.
    bool lone = create && part.rels.empty();
    for (auto& n : part.nodes) bindNodeVar(n, create, lone);
    for (auto& r : part.rels) bindRelVar(r, relVarsHere, writer);
    if (!part.pathVar.empty()) part.pathSlot = declare(part.pathVar, VarKind::Path, part.pos);
  }

  void bindNodeVar(NodePattern& n, bool create, bool lone) {
    if (create && n.labelExpr)
      fail(n.pos, std::string("a node to create or merge has a set of labels, not the label expression `") +
                      n.labelExpr->text() + "`",
           "write its labels as :A:B or :A&B (no |, ! or %)");
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

  void bindRelVar(RelPattern& r, std::set<std::string>& relVarsHere, const char* writer) {
    bool create = writer != nullptr;
    if (create) {
      std::string in = std::string(" in ") + writer;
      if (r.typeExpr)
        fail(r.pos, std::string("a relationship to ") + (std::string(writer) == "MERGE" ? "merge" : "create") +
                        " has one type, not the type expression `" + r.typeExpr->text() + "`",
             "write -[:TYPE]->");
      if (r.types.size() != 1)
        fail(r.pos, std::string("exactly one relationship type must be specified for ") + writer, "write -[:TYPE]->");
      // MERGE (a)-[:T]-(b) matches either direction and creates left to right, as Neo4j does.
      if (r.dir == Direction::Both && std::string_view(writer) != "MERGE")
        fail(r.pos, "only directed relationships are supported" + in, "use -> or <-");
      if (r.varLength) fail(r.pos, "variable length relationships cannot be used" + in);
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
      for (auto& [k, e] : n.props) bindRoot(*e, ExprContext::Plain);
    for (auto& r : part.rels)
      for (auto& [k, e] : r.props) bindRoot(*e, ExprContext::Plain);
  }

  // ---- expressions --------------------------------------------------------------

  // Binds root expression `e` (one a clause or pattern holds) and keeps its bound tree beside it.
  void bindRoot(Expr& e, ExprContext ctx) { e.bound = bindExpr(e, ctx); }

  // The bound node of `e` without its operands.
  bound::ExprPtr node(const Expr& e) const {
    auto b = std::make_unique<bound::Expr>();
    b->kind = boundKind(e.kind);
    b->pos = e.pos;
    b->op = e.op;
    b->literal = e.literal;
    if (e.kind == ExprKind::Parameter) b->parameter = e.name;
    b->keys = e.keys;
    b->distinct = e.distinct;
    b->caseHasSubject = e.caseHasSubject;
    b->caseHasElse = e.caseHasElse;
    b->quantifier = e.quantifier;
    b->subqueryKind = e.subqueryKind;
    b->pattern = e.pattern;
    b->subquery = e.subquery;
    b->syntax = &e;
    return b;
  }

  bound::ExprPtr typed(bound::ExprPtr b) const {
    b->type = inferType(*b, kinds_);
    return b;
  }

  bound::ExprPtr bindExpr(Expr& e, ExprContext ctx, bool insideAggregate = false) {
    auto b = node(e);
    switch (e.kind) {
      case ExprKind::Variable: {
        auto it = scope_.find(e.name);
        if (it == scope_.end()) fail(e.pos, "variable `" + e.name + "` not defined");
        b->slot = it->second.slot;
        kinds_.note(b->slot, it->second.kind);
        return typed(std::move(b));
      }
      case ExprKind::Literal:
      case ExprKind::Parameter: return typed(std::move(b));
      case ExprKind::CountStar:
        checkAggregateAllowed(e, ctx, insideAggregate);
        return typed(std::move(b));
      case ExprKind::Function: bindFunction(e, *b, ctx, insideAggregate); return typed(std::move(b));
      case ExprKind::Comprehension:
      case ExprKind::Quantifier: {
        b->args.push_back(bindExpr(*e.args[0], ctx, insideAggregate));
        Scope saved = scope_;
        scope_[e.name] = VarInfo{newSlot(), VarKind::Value};
        b->slot = scope_[e.name].slot;
        try {
          for (std::size_t i = 1; i < e.args.size(); ++i)
            b->args.push_back(e.args[i] ? bindExpr(*e.args[i], ctx, insideAggregate) : nullptr);
        } catch (...) {
          scope_ = saved;
          throw;
        }
        scope_ = saved;
        return typed(std::move(b));
      }
      case ExprKind::PatternPredicate: bindPatternPredicate(*e.pattern); return typed(std::move(b));
      case ExprKind::PatternComprehension: bindPatternComprehension(e, *b); return typed(std::move(b));
      case ExprKind::Subquery: bindSubqueryExpr(e, *b); return typed(std::move(b));
      case ExprKind::Reduce: {
        b->args.push_back(bindExpr(*e.args[0], ctx, insideAggregate));
        b->args.push_back(bindExpr(*e.args[1], ctx, insideAggregate));
        if (e.name == e.var2) fail(e.pos, "reduce() needs two variables: `" + e.name + "` names both");
        Scope saved = scope_;
        b->slot = newSlot();
        b->slot2 = newSlot();
        scope_[e.name] = VarInfo{b->slot, VarKind::Value};
        scope_[e.var2] = VarInfo{b->slot2, VarKind::Value};
        try {
          b->args.push_back(bindExpr(*e.args[2], ctx, insideAggregate));
        } catch (...) {
          scope_ = saved;
          throw;
        }
        scope_ = saved;
        return typed(std::move(b));
      }
      case ExprKind::MapProjection: {
        VarKind base = kindOf(*e.args[0]);
        for (auto& a : e.args) b->args.push_back(a ? bindExpr(*a, ctx, insideAggregate) : nullptr);
        for (std::size_t i = 0; i < b->keys.size(); ++i)
          if (!e.args[i + 1] && !b->keys[i].empty())
            names_.resolve(b->keys[i], NameSpace::Key, b->keys[i].pos, base == VarKind::Node || base == VarKind::Rel);
        return typed(std::move(b));
      }
      default: break;
    }
    for (auto& a : e.args) b->args.push_back(a ? bindExpr(*a, ctx, insideAggregate) : nullptr);
    if (e.kind == ExprKind::Property) {
      // A map may hold any key; only a node's or relationship's key is one the graph should know.
      VarKind base = kindOf(*e.args[0]);
      b->key = SchemaName(e.name, e.keyPos);
      b->key.res = names_.resolve(e.name, NameSpace::Key, e.keyPos, base == VarKind::Node || base == VarKind::Rel);
    }
    if (e.kind == ExprKind::HasLabels) {
      for (auto& l : b->keys) names_.resolve(l, NameSpace::Label);
      if (e.labelExpr) {
        resolveLabelExpr(*e.labelExpr, NameSpace::Label);
        b->labelExpr = e.labelExpr;
      }
    }
    checkStaticTypes(e);
    if (e.kind == ExprKind::Property) rejectPropertyOfScalar(*b);
    return typed(std::move(b));
  }

  // Reading a key off a value the bound tree knows to be a number, boolean, string or list can
  // only fail: say so before anything runs (nodes, relationships, maps and temporals have keys).
  void rejectPropertyOfScalar(const bound::Expr& b) {
    const bound::Expr& base = *b.args[0];
    using T = bound::Type;
    switch (base.type) {
      case T::Bool: case T::Int: case T::Float: case T::Number: case T::String: case T::List:
        fail(b.pos, "type mismatch: property `" + b.key + "` read off a value of type " +
                        std::string(bound::typeName(base.type)) + ", which has no properties",
             "only nodes, relationships, maps and temporal values have properties");
      default: return;
    }
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

  void bindFunction(Expr& e, bound::Expr& b, ExprContext ctx, bool insideAggregate) {
    const FunctionEntry* f = findFunction(e.name);
    if (!f) {
      auto* s = suggestFunction(e.name);
      fail(e.pos, "unknown function '" + e.name + "'", s ? "did you mean " + std::string(s->name) + "()?" : "");
    }
    int n = static_cast<int>(e.args.size());
    if (!f->acceptsArgs(n))
      fail(e.pos, "function " + std::string(f->name) + "() " + f->arityText() + ", got " + std::to_string(n));
    b.function = f;
    if (e.distinct && !f->aggregate) fail(e.pos, "DISTINCT is only allowed in aggregate functions");
    if (f->aggregate) checkAggregateAllowed(e, ctx, insideAggregate);
    if (f->aggregate)
      for (const auto& a : e.args)
        if (callsRand(*a)) fail(a->pos, "can't use non-deterministic (random) functions inside of aggregate functions");
    for (auto& a : e.args) b.args.push_back(bindExpr(*a, ctx, insideAggregate || f->aggregate));
    if (e.name == "exists" && e.args[0]->kind != ExprKind::Property && e.args[0]->kind != ExprKind::PatternPredicate)
      fail(e.pos, "argument to exists(...) is not a property or pattern", "exists(n.prop)");
  }

  // A pattern predicate sees no variable hidden from ORDER BY (it cannot repeat a projection item).
  void bindPatternPredicate(PatternPart& part) {
    Scope saved = scope_;
    scope_ = visibleScope();
    try {
      bindPatternPredicateIn(part);
    } catch (...) {
      scope_ = saved;
      throw;
    }
    scope_ = saved;
  }

  void bindPatternPredicateIn(PatternPart& part) {
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
    resolvePatternNames(part);
    bindPatternProperties(part);
    bindInlineWheres(part);
  }

  void resolveLabelExpr(ast::LabelExpr& e, NameSpace ns) {
    if (e.kind == ast::LabelExpr::Kind::Name) names_.resolve(e.name, ns);
    for (auto& a : e.args) resolveLabelExpr(a, ns);
  }

  // The labels, types and keys a pattern that is matched (not created) reads.
  void resolvePatternNames(PatternPart& part) {
    for (auto& n : part.nodes) {
      for (auto& l : n.labels) names_.resolve(l, NameSpace::Label);
      if (n.labelExpr) {
        resolveLabelExpr(*n.labelExpr, NameSpace::Label);
        // The test `n:<expr>` on the node's slot, a predicate of the match like an inline WHERE.
        auto var = std::make_unique<bound::Expr>();
        var->kind = bound::ExprKind::Variable;
        var->type = bound::Type::Node;
        var->slot = n.slot;
        var->pos = n.pos;
        var->note = n.var.empty() ? "(anonymous node)" : n.var;
        auto test = std::make_shared<bound::Expr>();
        test->kind = bound::ExprKind::HasLabels;
        test->type = bound::Type::Bool;
        test->pos = n.pos;
        test->labelExpr = n.labelExpr;
        test->note = var->note + ":" + n.labelExpr->text();
        test->args.push_back(std::move(var));
        n.labelTest = std::move(test);
      }
      for (auto& [k, e] : n.props) names_.resolve(k, NameSpace::Key);
    }
    for (auto& r : part.rels) {
      for (auto& t : r.types) names_.resolve(t, NameSpace::Type);
      if (r.typeExpr) resolveLabelExpr(*r.typeExpr, NameSpace::Type);
      for (auto& [k, e] : r.props) names_.resolve(k, NameSpace::Key);
    }
  }

  // What a variable certainly holds (Value when it is not a plain variable in scope).
  VarKind kindOf(const Expr& e) const {
    if (e.kind != ExprKind::Variable) return VarKind::Value;
    auto it = scope_.find(e.name);
    return it == scope_.end() ? VarKind::Value : it->second.kind;
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
  const Graph* graph_;
  NameResolver names_;
  Scope scope_;
  int nextSlot_ = 0;
  double rowsSoFar_ = 1;  // estimated rows after the clauses bound so far, for checkCartesianProduct
  Nesting nesting_ = Nesting::None;
  SlotKinds& kinds_;
};

}  // namespace

namespace {
void checkUnionPart(const Query& query, const UnionPart& u, const std::string& source) {
  if (u.all != query.unions.front().all)
    throw SemanticError("invalid combination of UNION and UNION ALL", SourcePos{source, u.pos.line, u.pos.column, {}},
                        "use UNION throughout, or UNION ALL throughout");
}

void checkUnionColumns(const Query& query, const UnionPart& u, const std::string& source) {
  auto fail = [&](const std::string& message, const std::string& hint) {
    throw SemanticError(message, SourcePos{source, u.pos.line, u.pos.column, {}}, hint);
  };
  if (u.query->columns.empty() || query.columns.empty())
    fail("every query combined by UNION must end with RETURN", "add a RETURN clause to each part");
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  if (sorted(u.query->columns) != sorted(query.columns))
    fail("all sub queries in an UNION must have the same return column names",
         "rename with AS so that each part returns the same columns");
}
}  // namespace

// Each part of a UNION is bound alone (no variable crosses UNION) into slots after the
// previous part's, so that one row holds them all; its notifications join the first part's.
void bindQuery(Query& query, const std::string& source, const Graph* graph) {
  query.notifications.clear();
  query.productEstimate = 1;
  SlotKinds kinds;
  Binder(query, source, graph, kinds).bind();
  for (auto& u : query.unions) {
    checkUnionPart(query, u, source);
    u.query->notifications.clear();
    Binder(*u.query, source, graph, kinds, query.slotCount).bind();
    checkUnionColumns(query, u, source);
    query.slotCount = u.query->slotCount;
    for (auto& n : u.query->notifications) query.notifications.push_back(std::move(n));
    u.query->notifications.clear();
    query.readsAbsentNames = query.readsAbsentNames || u.query->readsAbsentNames;
    query.productEstimate = std::max(query.productEstimate, u.query->productEstimate);
  }
}

void bindQuestion(Question& question, const Graph& graph, Notifications& out, const std::string& source) {
  NameResolver names(&graph, source, out);
  for (auto& t : question.via) names.resolve(t, NameSpace::Type);
  for (auto& l : question.labels) names.resolve(l, NameSpace::Label);
}

}  // namespace kgq
