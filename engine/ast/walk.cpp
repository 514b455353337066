#include "ast/walk.h"

namespace kgq::ast {

namespace {
template <typename E>
class Walker {
 public:
  using Visit = std::function<void(E&)>;
  explicit Walker(const Visit& f, bool rootsOnly = false) : f_(f), rootsOnly_(rootsOnly) {}

  template <typename Q>
  void query(Q& q) {
    for (auto& clause : q.clauses) std::visit([this](auto& c) { this->clause(c); }, clause);
    for (auto& u : q.unions) query(*u.query);
  }

  void expr(E* e) {
    if (!e) return;
    f_(*e);
    if (rootsOnly_) {
      nested(e);
      return;
    }
    for (auto& a : e->args) expr(a.get());
    if (e->pattern) part(*e->pattern);
    if (e->subquery) query(*e->subquery);
  }

  // The patterns and subqueries inside `e`, whose expressions are roots of their own.
  void nested(E* e) {
    if (!e) return;
    for (auto& a : e->args) nested(a.get());
    if (e->pattern) part(*e->pattern);
    if (e->subquery) query(*e->subquery);
  }

 private:
  template <typename P>
  void part(P& p) {
    for (auto& n : p.nodes) {
      for (auto& [k, v] : n.props) expr(v.get());
      expr(n.where.get());
    }
    for (auto& r : p.rels) {
      for (auto& [k, v] : r.props) expr(v.get());
      expr(r.where.get());
    }
  }
  template <typename C>
  void clause(C& c) {
    using Clause = std::remove_const_t<C>;
    if constexpr (std::is_same_v<Clause, MatchClause>) {
      for (auto& p : c.pattern) part(p);
      expr(c.where.get());
    } else if constexpr (std::is_same_v<Clause, UnwindClause>) {
      expr(c.expr.get());
    } else if constexpr (std::is_same_v<Clause, CreateClause>) {
      for (auto& p : c.pattern) part(p);
    } else if constexpr (std::is_same_v<Clause, CallClause>) {
      for (auto& a : c.args) expr(a.get());
      expr(c.where.get());
    } else if constexpr (std::is_same_v<Clause, UpdateClause>) {
      for (auto* items : {&c.items, &c.onCreate, &c.onMatch})
        for (auto& i : *items) expr(i.value.get());
      for (auto& e : c.exprs) expr(e.get());
      for (auto& p : c.pattern) part(p);
      expr(c.list.get());
      for (auto& inner : c.body) std::visit([this](auto& b) { this->clause(b); }, inner);
    } else if constexpr (std::is_same_v<Clause, SubqueryClause>) {
      query(*c.query);
    } else {
      static_assert(std::is_same_v<Clause, ProjectionClause>);
      for (auto& item : c.items) expr(item.expr.get());
      for (auto& a : c.aggregates) expr(a.call.get());
      for (auto& s : c.orderBy) expr(s.expr.get());
      expr(c.skip.get());
      expr(c.limit.get());
      expr(c.where.get());
    }
  }

  const Visit& f_;
  bool rootsOnly_;
};
}  // namespace

void forEachExpr(Query& query, const std::function<void(Expr&)>& f) { Walker<Expr>(f).query(query); }

void forEachRootExpr(Query& query, const std::function<void(Expr&)>& f) { Walker<Expr>(f, true).query(query); }

void forEachRootExpr(const Query& query, const std::function<void(const Expr&)>& f) {
  Walker<const Expr>(f, true).query(query);
}

void forEachExpr(const Query& query, const std::function<void(const Expr&)>& f) {
  Walker<const Expr>(f).query(query);
}

namespace {
void collectStaticLiterals(const Query& query, Walker<const Expr>& walk) {
  for (const auto& clause : query.clauses)
    if (const auto* p = std::get_if<ProjectionClause>(&clause)) {
      for (const auto& item : p->items)
        if (!item.hasAlias) walk.expr(item.expr.get());
      walk.expr(p->skip.get());
      walk.expr(p->limit.get());
    } else if (const auto* s = std::get_if<SubqueryClause>(&clause)) {
      collectStaticLiterals(*s->query, walk);  // its column names become the outer query's variables
    }
  for (const auto& u : query.unions) collectStaticLiterals(*u.query, walk);
  // A subquery expression's SKIP and LIMIT are checked when bound, as the query's own are.
  forEachExpr(query, [&](const Expr& e) {
    if (e.kind == ExprKind::Subquery) collectStaticLiterals(*e.subquery, walk);
  });
}
}  // namespace

std::vector<Pos> staticLiteralPositions(const Query& query) {
  std::vector<Pos> out;
  Walker<const Expr>::Visit literal = [&](const Expr& e) {
    if (e.kind == ExprKind::Literal) out.push_back(e.pos);
  };
  Walker<const Expr> walk(literal);
  collectStaticLiterals(query, walk);
  return out;
}

}  // namespace kgq::ast
