#include "ast/ast.h"

namespace kgq::ast {

std::unique_ptr<Expr> Expr::clone() const {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->pos = pos;
  e->op = op;
  e->literal = literal;
  e->name = name;
  for (const auto& a : args) e->args.push_back(a ? a->clone() : nullptr);
  e->keys = keys;
  e->keyPos = keyPos;
  e->distinct = distinct;
  e->caseHasSubject = caseHasSubject;
  e->caseHasElse = caseHasElse;
  e->quantifier = quantifier;
  e->pattern = pattern;
  e->var2 = var2;
  e->subqueryKind = subqueryKind;
  e->subquery = subquery;
  e->text = text;
  e->bound = bound;
  return e;
}

bool callsRand(const Expr& e) {
  if (e.kind == ExprKind::Function && e.name == "rand") return true;
  for (const auto& a : e.args)
    if (a && callsRand(*a)) return true;
  return false;
}

}  // namespace kgq::ast

namespace kgq::ast {

const char* UpdateClause::name() const {
  switch (kind) {
    case Kind::Set: return "SET";
    case Kind::Remove: return "REMOVE";
    case Kind::Delete: return detach ? "DETACH DELETE" : "DELETE";
    case Kind::Merge: return "MERGE";
    case Kind::Foreach: return "FOREACH";
  }
  return "";
}

}  // namespace kgq::ast
