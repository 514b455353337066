#include "binder/bound_expr.h"

#include "functions/registry.h"

namespace kgq::bound {

std::string_view typeName(Type t) {
  switch (t) {
    case Type::Any: return "ANY";
    case Type::Bool: return "BOOLEAN";
    case Type::Int: return "INTEGER";
    case Type::Float: return "FLOAT";
    case Type::Number: return "NUMBER";
    case Type::String: return "STRING";
    case Type::List: return "LIST";
    case Type::Map: return "MAP";
    case Type::Node: return "NODE";
    case Type::Relationship: return "RELATIONSHIP";
    case Type::Path: return "PATH";
    case Type::Date: return "DATE";
    case Type::LocalTime: return "LOCAL TIME";
    case Type::Time: return "ZONED TIME";
    case Type::LocalDateTime: return "LOCAL DATETIME";
    case Type::DateTime: return "ZONED DATETIME";
    case Type::Duration: return "DURATION";
  }
  return "ANY";
}

std::unique_ptr<Expr> Expr::clone() const {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->type = type;
  e->pos = pos;
  e->op = op;
  e->literal = literal;
  for (const auto& a : args) e->args.push_back(a ? a->clone() : nullptr);
  e->slot = slot;
  e->slot2 = slot2;
  e->parameter = parameter;
  e->key = key;
  e->keys = keys;
  e->labelExpr = labelExpr;
  e->function = function;
  e->distinct = distinct;
  e->caseHasSubject = caseHasSubject;
  e->caseHasElse = caseHasElse;
  e->quantifier = quantifier;
  e->subqueryKind = subqueryKind;
  e->pattern = pattern;
  e->subquery = subquery;
  e->outerSlots = outerSlots;
  e->syntax = syntax;
  e->note = note;
  return e;
}

namespace {
void mix(std::size_t& h, std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); }

bool sameNames(const std::vector<ast::SchemaName>& a, const std::vector<ast::SchemaName>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (static_cast<const std::string&>(a[i]) != static_cast<const std::string&>(b[i])) return false;
  return true;
}
// The text names every label of the expression and its whole shape.
bool sameLabelExpr(const ast::LabelExpr* a, const ast::LabelExpr* b) {
  if (!a || !b) return a == b;
  return a == b || a->text() == b->text();
}
}  // namespace

namespace {
// The variables a comprehension, quantifier or reduce() introduces get fresh slots each time they
// are bound, so two spellings of one such expression differ in those slots only: they are
// compared (and hashed) by their position among the locals in scope instead.
using Locals = std::vector<std::pair<int, int>>;  // (slot in a, slot in b), innermost last

bool introducesLocals(const Expr& e) {
  return e.kind == ExprKind::Comprehension || e.kind == ExprKind::Quantifier || e.kind == ExprKind::Reduce;
}

bool sameSlot(int x, int y, const Locals& locals) {
  for (auto it = locals.rbegin(); it != locals.rend(); ++it)
    if (it->first == x || it->second == y) return it->first == x && it->second == y;
  return x == y;
}

bool same(const Expr& a, const Expr& b, Locals& locals) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ExprKind::Variable:
    case ExprKind::Slot: return sameSlot(a.slot, b.slot, locals);
    case ExprKind::Literal: return a.literal.type() == b.literal.type() && a.literal == b.literal;
    case ExprKind::Parameter: return a.slot == b.slot && a.parameter == b.parameter;
    case ExprKind::PatternPredicate: return a.pattern == b.pattern;
    case ExprKind::Subquery: return a.subquery == b.subquery;
    default: break;
  }
  bool scoped = introducesLocals(a);
  if (a.pattern != b.pattern || (!scoped && (a.slot != b.slot || a.slot2 != b.slot2))) return false;
  if (a.op != b.op || a.function != b.function || static_cast<const std::string&>(a.key) != b.key ||
      !sameNames(a.keys, b.keys) || !sameLabelExpr(a.labelExpr.get(), b.labelExpr.get()) || a.distinct != b.distinct || a.caseHasSubject != b.caseHasSubject ||
      a.caseHasElse != b.caseHasElse || a.quantifier != b.quantifier || a.args.size() != b.args.size())
    return false;
  std::size_t mark = locals.size();
  if (scoped) {
    locals.emplace_back(a.slot, b.slot);
    if (a.kind == ExprKind::Reduce) locals.emplace_back(a.slot2, b.slot2);
  }
  bool equal = true;
  for (std::size_t i = 0; i < a.args.size() && equal; ++i) {
    const Expr* x = a.args[i].get();
    const Expr* y = b.args[i].get();
    equal = (!x || !y) ? x == y : same(*x, *y, locals);
  }
  locals.resize(mark);
  return equal;
}

std::size_t hashOf(const Expr& e, std::vector<int>& locals) {
  std::size_t h = static_cast<std::size_t>(e.kind);
  auto slotHash = [&](int slot) {
    for (std::size_t i = locals.size(); i-- > 0;)
      if (locals[i] == slot) return std::size_t{0x10000} + (locals.size() - i);  // by depth, not by slot
    return static_cast<std::size_t>(slot + 1);
  };
  switch (e.kind) {
    case ExprKind::Variable:
    case ExprKind::Slot: mix(h, slotHash(e.slot)); return h;
    case ExprKind::Literal: mix(h, e.literal.hash()); return h;
    case ExprKind::Parameter:
      mix(h, static_cast<std::size_t>(e.slot));
      mix(h, std::hash<std::string>{}(e.parameter));
      return h;
    case ExprKind::PatternPredicate: mix(h, std::hash<const void*>{}(e.pattern.get())); return h;
    case ExprKind::Subquery: mix(h, std::hash<const void*>{}(e.subquery.get())); return h;
    default: break;
  }
  mix(h, static_cast<std::size_t>(e.op));
  mix(h, std::hash<const void*>{}(e.function));
  mix(h, std::hash<std::string>{}(e.key));
  for (const auto& k : e.keys) mix(h, std::hash<std::string>{}(k));
  if (e.labelExpr) mix(h, std::hash<std::string>{}(e.labelExpr->text()));
  mix(h, e.distinct);
  std::size_t mark = locals.size();
  if (introducesLocals(e)) {
    locals.push_back(e.slot);
    if (e.kind == ExprKind::Reduce) locals.push_back(e.slot2);
  } else {
    mix(h, static_cast<std::size_t>(e.slot + 1));
  }
  for (const auto& a : e.args) mix(h, a ? hashOf(*a, locals) : 0);
  locals.resize(mark);
  return h;
}
}  // namespace

bool sameExpr(const Expr& a, const Expr& b) {
  Locals locals;
  return same(a, b, locals);
}

std::size_t exprHash(const Expr& e) {
  std::vector<int> locals;
  return hashOf(e, locals);
}

bool callsRand(const Expr& e) {
  static const FunctionEntry* const rand = findFunction("rand");
  // linenumber() and file() read no slot yet change from row to row of LOAD CSV: like rand(),
  // a predicate on them must not move to where another row (or none) is current.
  static const FunctionEntry* const linenumber = findFunction("linenumber");
  static const FunctionEntry* const file = findFunction("file");
  if (e.kind == ExprKind::Function && (e.function == rand || e.function == linenumber || e.function == file))
    return true;
  for (const auto& a : e.args)
    if (a && callsRand(*a)) return true;
  return false;
}

void forEachNode(const Expr& e, const std::function<void(const Expr&)>& f) {
  f(e);
  for (const auto& a : e.args)
    if (a) forEachNode(*a, f);
}

void forEachMutableNode(Expr& e, const std::function<void(Expr&)>& f) {
  f(e);
  for (auto& a : e.args)
    if (a) forEachMutableNode(*a, f);
}

}  // namespace kgq::bound
