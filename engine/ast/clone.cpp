#include "ast/clone.h"

namespace kgq::ast {

namespace {

// Each struct's copy names every field it has; the size checks below make a field
// added to one of them fail the build here until its copy is written.
#if defined(__x86_64__) && defined(__GLIBCXX__)
static_assert(sizeof(Pos) == 8);
static_assert(sizeof(SchemaName) == 48, "a field was added to SchemaName: copy it in Cloner::name");
static_assert(sizeof(LabelExpr) == 88, "a field was added to LabelExpr: copy it in Cloner::labelExpr");
static_assert(sizeof(Expr) == 288, "a field was added to Expr: copy it in Cloner::expr");
static_assert(sizeof(NodePattern) == 136, "a field was added to NodePattern: copy it in Cloner::node");
static_assert(sizeof(RelPattern) == 136, "a field was added to RelPattern: copy it in Cloner::rel");
static_assert(sizeof(PatternPart) == 136, "a field was added to PatternPart: copy it in Cloner::part");
static_assert(sizeof(MatchClause) == 40, "a field was added to MatchClause: copy it in Cloner::clause");
static_assert(sizeof(UnwindClause) == 72, "a field was added to UnwindClause: copy it in Cloner::clause");
static_assert(sizeof(CreateClause) == 24, "a field was added to CreateClause: copy it in Cloner::clause");
static_assert(sizeof(ProjectionItem) == 48, "a field was added to ProjectionItem: copy it in Cloner::clause");
static_assert(sizeof(SortItem) == 16, "a field was added to SortItem: copy it in Cloner::clause");
static_assert(sizeof(AggregateSpec) == 16, "a field was added to AggregateSpec: copy it in Cloner::clause");
static_assert(sizeof(ProjectionClause) == 144, "a field was added to ProjectionClause: copy it in Cloner::clause");
static_assert(sizeof(YieldItem) == 80, "a field was added to YieldItem: copy it in Cloner::clause");
static_assert(sizeof(CallClause) == 144, "a field was added to CallClause: copy it in Cloner::clause");
static_assert(sizeof(SetItem) == 120, "a field was added to SetItem: copy it in Cloner::setItem");
static_assert(sizeof(UpdateClause) == 216, "a field was added to UpdateClause: copy it in Cloner::clause");
static_assert(sizeof(SubqueryClause) == 104, "a field was added to SubqueryClause: copy it in Cloner::clause");
static_assert(sizeof(UnionPart) == 24, "a field was added to UnionPart: copy it in Cloner::query");
static_assert(sizeof(Query) == 136, "a field was added to Query: copy it in Cloner::query");
#endif

template <typename T, typename Copy>
auto each(const std::vector<T>& from, Copy copy) {
  std::vector<decltype(copy(from.front()))> out;
  out.reserve(from.size());
  for (const auto& x : from) out.push_back(copy(x));
  return out;
}

class Cloner {
 public:
  explicit Cloner(const CloneRewrite& r) : r_(r) {}

  Query query(const Query& q) const {
    Query c;
    c.explain = q.explain;
    c.profile = q.profile;
    c.pos = r_.pos(q.pos);
    for (const auto& clause : q.clauses) c.clauses.push_back(this->clause(clause));
    c.slotCount = q.slotCount;
    c.columns = q.columns;
    for (const auto& u : q.unions)
      c.unions.push_back(UnionPart{u.all, r_.pos(u.pos), u.query ? std::make_unique<Query>(query(*u.query)) : nullptr});
    c.notifications = q.notifications;
    c.readsAbsentNames = q.readsAbsentNames;
    c.productEstimate = q.productEstimate;
    return c;
  }

 private:
  SchemaName name(const SchemaName& n) const {
    SchemaName c = n;
    r_.name(c);
    c.pos = r_.pos(c.pos);
    return c;
  }
  std::vector<SchemaName> names(const std::vector<SchemaName>& v) const {
    return each(v, [this](const SchemaName& x) { return name(x); });
  }

  LabelExpr labelExpr(const LabelExpr& l) const {
    LabelExpr c;
    c.kind = l.kind;
    c.pos = r_.pos(l.pos);
    c.name = name(l.name);
    for (const auto& a : l.args) c.args.push_back(labelExpr(a));
    return c;
  }
  std::shared_ptr<LabelExpr> labelExpr(const std::shared_ptr<LabelExpr>& l) const {
    return l ? std::make_shared<LabelExpr>(labelExpr(*l)) : nullptr;
  }

  ExprPtr expr(const ExprPtr& e) const { return e ? expr(*e) : nullptr; }
  ExprPtr expr(const Expr& e) const {
    auto c = std::make_unique<Expr>();
    c->kind = e.kind;
    c->pos = e.pos;
    c->op = e.op;
    c->literal = e.literal;
    c->name = e.name;
    c->keyPos = e.keyPos;
    c->distinct = e.distinct;
    c->caseHasSubject = e.caseHasSubject;
    c->caseHasElse = e.caseHasElse;
    c->quantifier = e.quantifier;
    c->var2 = e.var2;
    c->subqueryKind = e.subqueryKind;
    c->text = e.text;
    c->bound = e.bound;
    r_.expr(*c);
    c->pos = r_.pos(c->pos);
    c->keyPos = r_.pos(c->keyPos);
    for (const auto& a : e.args) c->args.push_back(expr(a));
    c->keys = names(e.keys);
    c->labelExpr = labelExpr(e.labelExpr);
    if (e.pattern) c->pattern = std::make_shared<PatternPart>(part(*e.pattern));
    if (e.subquery) c->subquery = std::make_shared<Query>(query(*e.subquery));
    return c;
  }
  std::vector<ExprPtr> exprs(const std::vector<ExprPtr>& v) const {
    return each(v, [this](const ExprPtr& x) { return expr(x); });
  }

  PropertyList props(const PropertyList& ps) const {
    PropertyList out;
    out.reserve(ps.size());
    for (const auto& [key, value] : ps) out.emplace_back(name(key), expr(value));
    return out;
  }

  NodePattern node(const NodePattern& n) const {
    NodePattern c;
    c.pos = r_.pos(n.pos);
    c.var = n.var;
    c.labels = names(n.labels);
    c.labelExpr = labelExpr(n.labelExpr);
    c.props = props(n.props);
    c.where = expr(n.where);
    c.slot = n.slot;
    c.labelTest = n.labelTest;
    return c;
  }

  RelPattern rel(const RelPattern& r) const {
    RelPattern c;
    c.pos = r_.pos(r.pos);
    c.var = r.var;
    c.types = names(r.types);
    c.typeExpr = labelExpr(r.typeExpr);
    c.dir = r.dir;
    c.varLength = r.varLength;
    c.minHops = r.minHops;
    c.maxHops = r.maxHops;
    c.props = props(r.props);
    c.where = expr(r.where);
    c.slot = r.slot;
    return c;
  }

  PatternPart part(const PatternPart& p) const {
    PatternPart c;
    c.pos = r_.pos(p.pos);
    c.pathVar = p.pathVar;
    c.shortest = p.shortest;
    c.selectorK = p.selectorK;
    c.selectorText = p.selectorText;
    r_.text(c.selectorText);
    c.nodes = each(p.nodes, [this](const NodePattern& n) { return node(n); });
    c.rels = each(p.rels, [this](const RelPattern& r) { return rel(r); });
    c.pathSlot = p.pathSlot;
    return c;
  }
  std::vector<PatternPart> parts(const std::vector<PatternPart>& v) const {
    return each(v, [this](const PatternPart& x) { return part(x); });
  }

  SetItem setItem(const SetItem& s) const {
    SetItem c;
    c.kind = s.kind;
    c.pos = r_.pos(s.pos);
    c.var = s.var;
    c.slot = s.slot;
    c.key = s.key;
    c.labels = names(s.labels);
    c.value = expr(s.value);
    return c;
  }
  std::vector<SetItem> setItems(const std::vector<SetItem>& v) const {
    return each(v, [this](const SetItem& x) { return setItem(x); });
  }

  Clause clause(const Clause& clause) const {
    return std::visit([this](const auto& c) -> Clause { return copy(c); }, clause);
  }

  MatchClause copy(const MatchClause& m) const {
    MatchClause c;
    c.optional = m.optional;
    c.pattern = parts(m.pattern);
    c.where = expr(m.where);
    return c;
  }
  UnwindClause copy(const UnwindClause& u) const {
    UnwindClause c;
    c.expr = expr(u.expr);
    c.var = u.var;
    c.pos = r_.pos(u.pos);
    c.slot = u.slot;
    if (u.load) c.load = LoadCsvSpec{u.load->headers, u.load->fieldTerminator, r_.pos(u.load->pos)};
    return c;
  }
  CreateClause copy(const CreateClause& cr) const { return CreateClause{parts(cr.pattern)}; }
  ProjectionClause copy(const ProjectionClause& p) const {
    ProjectionClause c;
    c.isReturn = p.isReturn;
    c.distinct = p.distinct;
    c.star = p.star;
    c.pos = r_.pos(p.pos);
    for (const auto& item : p.items) {
      c.items.push_back(ProjectionItem{expr(item.expr), item.alias, item.hasAlias, item.slot});
      // An item without an alias is named after its expression's text, which the rewrite saw.
      auto& copy = c.items.back();
      if (!item.hasAlias && item.expr && item.alias == item.expr->text) copy.alias = copy.expr->text;
      else r_.text(copy.alias);
    }
    for (const auto& s : p.orderBy) c.orderBy.push_back(SortItem{expr(s.expr), s.descending});
    c.skip = expr(p.skip);
    c.limit = expr(p.limit);
    c.where = expr(p.where);
    c.aggregating = p.aggregating;
    for (const auto& a : p.aggregates) c.aggregates.push_back(AggregateSpec{expr(a.call), a.slot});
    c.carriedSlots = p.carriedSlots;
    return c;
  }
  UpdateClause copy(const UpdateClause& u) const {
    UpdateClause c;
    c.kind = u.kind;
    c.pos = r_.pos(u.pos);
    c.items = setItems(u.items);
    c.detach = u.detach;
    c.exprs = exprs(u.exprs);
    c.pattern = parts(u.pattern);
    c.onCreate = setItems(u.onCreate);
    c.onMatch = setItems(u.onMatch);
    c.var = u.var;
    c.slot = u.slot;
    c.list = expr(u.list);
    for (const auto& b : u.body) c.body.push_back(clause(b));
    return c;
  }
  CallClause copy(const CallClause& call) const {
    CallClause c;
    c.name = call.name;
    c.text = call.text;
    r_.text(c.text);
    c.pos = r_.pos(call.pos);
    c.args = exprs(call.args);
    c.yieldStar = call.yieldStar;
    for (const auto& y : call.yields) c.yields.push_back(YieldItem{y.field, y.variable, r_.pos(y.pos), y.column, y.slot});
    c.where = expr(call.where);
    c.procedure = call.procedure;
    return c;
  }
  SubqueryClause copy(const SubqueryClause& s) const {
    SubqueryClause c;
    c.pos = r_.pos(s.pos);
    c.optional = s.optional;
    c.scopeClause = s.scopeClause;
    c.importAll = s.importAll;
    for (const auto& [var, pos] : s.imports) c.imports.emplace_back(var, r_.pos(pos));
    if (s.query) c.query = std::make_shared<Query>(query(*s.query));
    c.returnSlots = s.returnSlots;
    c.importSlots = s.importSlots;
    return c;
  }

  const CloneRewrite& r_;
};

}  // namespace

Query cloneQuery(const Query& query, const CloneRewrite& rewrite) { return Cloner(rewrite).query(query); }

}  // namespace kgq::ast
