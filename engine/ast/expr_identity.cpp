#include "ast/expr_identity.h"

#include <functional>

namespace kgq::ast {

namespace {
void mix(std::size_t& h, std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); }

// Variables are the same when they name the same thing: the same slot once
// bound, else the same name (an ORDER BY item is compared before it is bound).
bool sameVariable(const Expr& a, const Expr& b) {
  if (a.slot >= 0 && b.slot >= 0) return a.slot == b.slot;
  return a.name == b.name;
}
}  // namespace

bool sameExpr(const Expr& a, const Expr& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ExprKind::Variable: return sameVariable(a, b);
    case ExprKind::Slot: return a.slot == b.slot;
    case ExprKind::Literal: return a.literal.type() == b.literal.type() && a.literal == b.literal;
    case ExprKind::PatternPredicate: return a.pattern == b.pattern;
    case ExprKind::Subquery: return a.subquery == b.subquery;
    default: break;
  }
  if (a.pattern != b.pattern || a.var2 != b.var2) return false;
  if (a.op != b.op || a.name != b.name || a.keys != b.keys || a.distinct != b.distinct ||
      a.caseHasSubject != b.caseHasSubject || a.caseHasElse != b.caseHasElse || a.quantifier != b.quantifier ||
      a.args.size() != b.args.size())
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
      mix(h, std::hash<std::string>{}(e.name));  // slot or name may decide equality: hash what both share
      return h;
    case ExprKind::Slot: mix(h, static_cast<std::size_t>(e.slot)); return h;
    case ExprKind::Literal: mix(h, e.literal.hash()); return h;
    case ExprKind::PatternPredicate: mix(h, std::hash<const void*>{}(e.pattern.get())); return h;
    case ExprKind::Subquery: mix(h, std::hash<const void*>{}(e.subquery.get())); return h;
    default: break;
  }
  mix(h, static_cast<std::size_t>(e.op));
  mix(h, std::hash<std::string>{}(e.name));
  for (const auto& k : e.keys) mix(h, std::hash<std::string>{}(k));
  mix(h, e.distinct);
  for (const auto& a : e.args) mix(h, a ? exprHash(*a) : 0);
  return h;
}

}  // namespace kgq::ast
