#include "ast/ast.h"

#include <cctype>

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
  e->labelExpr = labelExpr;
  e->bound = bound;
  return e;
}

namespace {
int precedence(LabelExpr::Kind k) {
  switch (k) {
    case LabelExpr::Kind::Or: return 1;
    case LabelExpr::Kind::And: return 2;
    case LabelExpr::Kind::Not: return 3;
    default: return 4;
  }
}
std::string quoted(const std::string& name) {
  bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
  for (char c : name) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (plain) return name;
  std::string s = "`";
  for (char c : name) s += c == '`' ? std::string("``") : std::string(1, c);
  return s + "`";
}
}  // namespace

std::string LabelExpr::text() const {
  switch (kind) {
    case Kind::Name: return quoted(name);
    case Kind::Any: return "%";
    case Kind::Not: {
      std::string inner = args[0].text();
      return precedence(args[0].kind) < precedence(kind) ? "!(" + inner + ")" : "!" + inner;
    }
    case Kind::And:
    case Kind::Or: {
      std::string s;
      for (const auto& a : args) {
        if (!s.empty()) s += kind == Kind::And ? "&" : "|";
        s += precedence(a.kind) <= precedence(kind) && a.kind != kind ? "(" + a.text() + ")" : a.text();
      }
      return s;
    }
  }
  return {};
}

std::vector<SchemaName> LabelExpr::alternatives() const {
  if (kind == Kind::Name) return {name};
  if (kind != Kind::Or) return {};
  std::vector<SchemaName> out;
  for (const auto& a : args) {
    auto sub = a.alternatives();
    if (sub.empty()) return {};
    out.insert(out.end(), sub.begin(), sub.end());
  }
  return out;
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
