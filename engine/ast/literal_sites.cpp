#include "ast/literal_sites.h"

namespace kgq::ast {

namespace {
class SiteFinder {
 public:
  explicit SiteFinder(LiteralSites& out) : out_(out) {}

  void expr(Expr* e) {
    if (!e) return;
    if (e->kind == ExprKind::Literal && e->literal.isString()) out_.sites.push_back({e->pos, &e->literal, nullptr});
    for (auto& a : e->args) expr(a.get());
    if (e->pattern) part(*e->pattern);
  }

  void part(PatternPart& p) {
    for (auto& n : p.nodes) props(n.props);
    for (auto& r : p.rels) props(r.props);
  }

  void query(Query& q) {
    for (auto& clause : q.clauses) std::visit([this](auto& c) { this->clause(c); }, clause);
  }

  void question(Question& q) {
    for (auto& e : q.entities) out_.sites.push_back({e.pos, nullptr, &e.text});
    for (auto& e : q.avoid) out_.sites.push_back({e.pos, nullptr, &e.text});
  }

 private:
  void props(PropertyList& list) {
    for (auto& [key, value] : list) expr(value.get());
  }
  void clause(MatchClause& m) {
    for (auto& p : m.pattern) part(p);
    expr(m.where.get());
  }
  void clause(UnwindClause& u) { expr(u.expr.get()); }
  void clause(CreateClause& c) {
    for (auto& p : c.pattern) part(p);
  }
  void clause(ProjectionClause& p) {
    for (auto& item : p.items) {
      std::size_t before = out_.sites.size();
      expr(item.expr.get());
      if (!item.hasAlias)
        for (std::size_t i = before; i < out_.sites.size(); ++i) out_.named.push_back(out_.sites[i].pos);
    }
    for (auto& s : p.orderBy) expr(s.expr.get());
    expr(p.skip.get());
    expr(p.limit.get());
    expr(p.where.get());
    for (auto& a : p.aggregates) expr(a.call.get());
  }

  LiteralSites& out_;
};
}  // namespace

LiteralSites findLiteralSites(Statement& statement) {
  LiteralSites out;
  SiteFinder finder(out);
  if (auto* q = std::get_if<Query>(&statement)) finder.query(*q);
  else finder.question(std::get<Question>(statement));
  return out;
}

}  // namespace kgq::ast
