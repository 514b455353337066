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
}  // namespace

bool sameExpr(const Expr& a, const Expr& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ExprKind::Variable:
    case ExprKind::Slot: return a.slot == b.slot;
    case ExprKind::Literal: return a.literal.type() == b.literal.type() && a.literal == b.literal;
    case ExprKind::Parameter: return a.slot == b.slot && a.parameter == b.parameter;
    case ExprKind::PatternPredicate: return a.pattern == b.pattern;
    case ExprKind::Subquery: return a.subquery == b.subquery;
    default: break;
  }
  if (a.pattern != b.pattern || a.slot != b.slot || a.slot2 != b.slot2) return false;
  if (a.op != b.op || a.function != b.function || static_cast<const std::string&>(a.key) != b.key ||
      !sameNames(a.keys, b.keys) || a.distinct != b.distinct || a.caseHasSubject != b.caseHasSubject ||
      a.caseHasElse != b.caseHasElse || a.quantifier != b.quantifier || a.args.size() != b.args.size())
    return false;
  for (std::size_t i = 0; i < a.args.size(); ++i) {
    const Expr* x = a.args[i].get();
    const Expr* y = b.args[i].get();
    if (!x || !y) {
      if (x != y) return false;
      continue;
    }
    if (!sameExpr(*x, *y)) return false;
  }
  return true;
}

std::size_t exprHash(const Expr& e) {
  std::size_t h = static_cast<std::size_t>(e.kind);
  switch (e.kind) {
    case ExprKind::Variable:
    case ExprKind::Slot: mix(h, static_cast<std::size_t>(e.slot)); return h;
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
  mix(h, static_cast<std::size_t>(e.slot + 1));
  mix(h, e.distinct);
  for (const auto& a : e.args) mix(h, a ? exprHash(*a) : 0);
  return h;
}

bool callsRand(const Expr& e) {
  static const FunctionEntry* const rand = findFunction("rand");
  if (e.kind == ExprKind::Function && e.function == rand) return true;
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
