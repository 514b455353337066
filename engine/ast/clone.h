// A deep copy of a query's syntax tree that shares nothing with the original, so
// that binding the copy leaves the original as it was. The statement cache keeps
// a parsed, unbound query and makes each statement that differs from it only in
// its literals and label / type names from a copy (session/statement_cache.h):
// every position, schema name and expression of the copy passes through a
// rewrite on its way, which is how the copy takes the other statement's layout.
#pragma once

#include "ast/ast.h"

namespace kgq::ast {

class CloneRewrite {
 public:
  virtual ~CloneRewrite() = default;
  // Every position of the copy, from the original's.
  virtual Pos pos(Pos p) const { return p; }
  // A copied schema name or expression node, while its positions are still the original's;
  // an expression's operands are copied (and rewritten) after it.
  virtual void name(SchemaName&) const {}
  virtual void expr(Expr&) const {}
  // The texts held outside expressions: a projection item's alias (one without an alias takes
  // its expression's rewritten text instead), a CALL as written, a path selector as written.
  virtual void text(std::string&) const {}
};

// What the binder set on the original (slots, bound trees) is copied too; a bound tree is
// shared, not copied, as Expr::clone shares it.
Query cloneQuery(const Query& query, const CloneRewrite& rewrite = CloneRewrite());

}  // namespace kgq::ast
