#include "parser/transformer.h"

namespace kgq {

using namespace ast;

ast::Pos Transformer::posOf(antlr4::Token* token) const {
  if (!token) return {};
  return {static_cast<int>(token->getLine()) + firstLine_ - 1, static_cast<int>(token->getCharPositionInLine()) + 1};
}

std::string Transformer::textOf(antlr4::ParserRuleContext& ctx) const {
  auto* start = ctx.getStart();
  auto* stop = ctx.getStop();
  if (!start || !stop || stop->getStopIndex() < start->getStartIndex()) return ctx.getText();
  return input_.getText(antlr4::misc::Interval(start->getStartIndex(), stop->getStopIndex()));
}

std::string Transformer::shortTextOf(antlr4::ParserRuleContext& ctx) const {
  constexpr std::size_t kEnd = 60;
  auto* start = ctx.getStart();
  auto* stop = ctx.getStop();
  if (!start || !stop || stop->getStopIndex() < start->getStartIndex()) return ctx.getText();
  std::size_t from = start->getStartIndex(), to = stop->getStopIndex();
  if (to - from < 3 * kEnd) return input_.getText(antlr4::misc::Interval(from, to));
  return input_.getText(antlr4::misc::Interval(from, from + kEnd - 1)) + " … " +
         input_.getText(antlr4::misc::Interval(to - kEnd + 1, to));
}

namespace {
SourcePos tokenPos(const std::string& source, const std::vector<std::string>& lines, antlr4::Token* token,
                   ast::Pos p) {
  SourcePos pos{source, 0, 0, {}};
  if (!token) return pos;
  pos.line = p.line;
  pos.column = p.column;
  std::size_t idx = token->getLine() - 1;
  if (idx < lines.size()) pos.lineText = lines[idx];
  return pos;
}
}  // namespace

void Transformer::failSemantic(antlr4::Token* token, const std::string& message, const std::string& hint) const {
  throw SemanticError(message, tokenPos(source_, lines_, token, token ? posOf(token) : ast::Pos{}), hint);
}

void Transformer::fail(antlr4::Token* token, const std::string& message, const std::string& hint) const {
  SourcePos pos{source_, 0, 0, {}};
  if (token) {
    auto p = posOf(token);
    pos.line = p.line;
    pos.column = p.column;
    std::size_t idx = token->getLine() - 1;
    if (idx < lines_.size()) pos.lineText = lines_[idx];
  }
  throw SyntaxError(message, pos, hint);
}

Script Transformer::transformScript(P::ScriptContext& ctx) {
  Script script;
  for (auto* st : ctx.statement()) {
    script.statements.push_back(transformStatement(*st));
    script.exports.push_back(st->exportClause() ? std::optional(transformExport(*st->exportClause())) : std::nullopt);
    script.texts.push_back(textOf(*st));
    script.positions.push_back(posOf(*st));
  }
  return script;
}

Statement Transformer::transformStatement(P::StatementContext& ctx) {
  if (auto* question = ctx.question()) return transformQuestion(*question);
  if (auto* schema = ctx.schemaCommand()) return transformSchemaCommand(*schema);
  if (auto* e = ctx.exportGraph()) return transformExportGraph(*e);
  Query q = transformQuery(*ctx.query());
  q.explain = ctx.EXPLAIN() != nullptr;
  q.profile = ctx.PROFILE() != nullptr;
  q.pos = posOf(ctx);
  return q;
}

Query Transformer::transformQuery(P::QueryContext& ctx) {
  Query q = transformSingleQuery(*ctx.singleQuery());
  for (auto* u : ctx.unionPart()) {
    UnionPart part{u->ALL() != nullptr, posOf(u->UNION()->getSymbol()),
                   std::make_unique<Query>(transformSingleQuery(*u->singleQuery()))};
    part.query->pos = posOf(*u->singleQuery());
    q.unions.push_back(std::move(part));
  }
  return q;
}

SubqueryClause Transformer::transformCallSubquery(P::CallSubqueryContext& ctx) {
  SubqueryClause c;
  c.pos = posOf(ctx);
  c.optional = ctx.OPTIONAL() != nullptr;
  c.scopeClause = ctx.scope != nullptr;
  c.importAll = ctx.star != nullptr;
  for (auto* v : ctx.variable()) c.imports.emplace_back(variableName(*v), posOf(*v));
  c.query = std::make_shared<Query>(transformQuery(*ctx.query()));
  c.query->pos = posOf(*ctx.query());
  return c;
}

Query Transformer::transformSingleQuery(P::SingleQueryContext& ctx) {
  Query q;
  for (auto* c : ctx.clause()) q.clauses.push_back(transformClause(*c));
  return q;
}

Clause Transformer::transformClause(P::ClauseContext& ctx) {
  if (auto* m = ctx.matchClause()) return transformMatch(*m);
  if (auto* s = ctx.callSubquery()) return transformCallSubquery(*s);
  if (auto* u = ctx.unwindClause()) return transformUnwind(*u);
  if (auto* l = ctx.loadCsvClause()) return transformLoadCsv(*l);
  if (auto* c = ctx.createClause()) return transformCreate(*c);
  if (auto* c = ctx.callClause()) return transformCall(*c);
  if (auto* c = ctx.mergeClause()) return transformMerge(*c);
  if (auto* c = ctx.setClause()) return transformSet(*c);
  if (auto* c = ctx.removeClause()) return transformRemove(*c);
  if (auto* c = ctx.deleteClause()) return transformDelete(*c);
  if (auto* c = ctx.foreachClause()) return transformForeach(*c);
  if (auto* w = ctx.withClause()) {
    auto p = transformProjection(*w->projectionBody(), false, w->getStart());
    if (auto* where = w->whereClause()) p.where = transformExpr(*where->expression());
    return p;
  }
  auto* r = ctx.returnClause();
  return transformProjection(*r->projectionBody(), true, r->getStart());
}

CallClause Transformer::transformCall(P::CallClauseContext& ctx) {
  CallClause c;
  c.pos = posOf(ctx);
  c.text = textOf(ctx);
  for (auto* part : ctx.functionName()->symbolicName()) {
    if (!c.name.empty()) c.name += '.';
    c.name += symbolicName(*part);
  }
  for (auto* arg : ctx.expression()) c.args.push_back(transformExpr(*arg));
  c.yieldStar = ctx.star != nullptr;
  for (auto* y : ctx.yieldItem()) {
    YieldItem item;
    item.field = schemaName(*y->schemaName());
    item.variable = y->variable() ? variableName(*y->variable()) : item.field;
    item.pos = posOf(*y);
    c.yields.push_back(std::move(item));
  }
  if (auto* w = ctx.whereClause()) c.where = transformExpr(*w->expression());
  return c;
}

MatchClause Transformer::transformMatch(P::MatchClauseContext& ctx) {
  MatchClause m;
  m.optional = ctx.OPTIONAL() != nullptr;
  m.pattern = transformPattern(*ctx.pattern());
  if (auto* w = ctx.whereClause()) m.where = transformExpr(*w->expression());
  return m;
}

UnwindClause Transformer::transformUnwind(P::UnwindClauseContext& ctx) {
  UnwindClause u;
  u.expr = transformExpr(*ctx.expression());
  u.var = variableName(*ctx.variable());
  u.pos = posOf(*ctx.variable());
  return u;
}

UnwindClause Transformer::transformLoadCsv(P::LoadCsvClauseContext& ctx) {
  UnwindClause u;
  u.expr = transformExpr(*ctx.expression());
  u.var = variableName(*ctx.variable());
  u.pos = posOf(*ctx.variable());
  LoadCsvSpec spec;
  spec.headers = ctx.HEADERS() != nullptr;
  spec.pos = posOf(ctx);
  if (auto* t = ctx.STRING_LITERAL()) {
    std::string text = unescapeString(t->getSymbol());
    // The reader splits bytes: a terminator is one ASCII character other than the quote and line ends.
    if (text.size() != 1 || static_cast<unsigned char>(text[0]) >= 0x80 || text[0] == '"' || text[0] == '\n' ||
        text[0] == '\r')
      fail(t->getSymbol(), "FIELDTERMINATOR must be one character, not " + t->getText(),
           "write one ASCII character other than '\"' and a line end, e.g. FIELDTERMINATOR ';' or '\\t'");
    spec.fieldTerminator = text[0];
  }
  u.load = spec;
  return u;
}

ExportGraph Transformer::transformExportGraph(P::ExportGraphContext& ctx) {
  ExportGraph e;
  e.pos = posOf(ctx);
  e.path = unescapeString(ctx.STRING_LITERAL()->getSymbol());
  if (e.path.empty()) fail(ctx.STRING_LITERAL()->getSymbol(), "EXPORT GRAPH needs a directory name");
  return e;
}

CreateClause Transformer::transformCreate(P::CreateClauseContext& ctx) {
  CreateClause c;
  c.pattern = transformPattern(*ctx.pattern());
  return c;
}

std::vector<SetItem> Transformer::transformSetItems(P::SetClauseContext& ctx) {
  std::vector<SetItem> items;
  for (auto* item : ctx.setItem()) {
    SetItem s;
    s.pos = posOf(*item);
    if (auto* p = dynamic_cast<P::SetPropertyContext*>(item)) {
      s.kind = SetItem::Kind::Property;
      s.var = variableName(*p->variable());
      s.key = schemaName(*p->schemaName());
      s.value = transformExpr(*p->expression());
    } else if (auto* r = dynamic_cast<P::SetReplaceContext*>(item)) {
      s.kind = SetItem::Kind::Replace;
      s.var = variableName(*r->variable());
      s.value = transformExpr(*r->expression());
    } else if (auto* m = dynamic_cast<P::SetMergeContext*>(item)) {
      s.kind = SetItem::Kind::Merge;
      s.var = variableName(*m->variable());
      s.value = transformExpr(*m->expression());
    } else if (auto* l = dynamic_cast<P::SetLabelsContext*>(item)) {
      s.kind = SetItem::Kind::Labels;
      s.var = variableName(*l->variable());
      s.labels = transformLabels(*l->nodeLabels());
    }
    items.push_back(std::move(s));
  }
  return items;
}

UpdateClause Transformer::transformSet(P::SetClauseContext& ctx) {
  UpdateClause u;
  u.kind = UpdateClause::Kind::Set;
  u.pos = posOf(ctx);
  u.items = transformSetItems(ctx);
  return u;
}

UpdateClause Transformer::transformRemove(P::RemoveClauseContext& ctx) {
  UpdateClause u;
  u.kind = UpdateClause::Kind::Remove;
  u.pos = posOf(ctx);
  for (auto* item : ctx.removeItem()) {
    SetItem s;
    s.pos = posOf(*item);
    if (auto* l = dynamic_cast<P::RemoveLabelsContext*>(item)) {
      s.kind = SetItem::Kind::Labels;
      s.var = variableName(*l->variable());
      s.labels = transformLabels(*l->nodeLabels());
    } else if (auto* p = dynamic_cast<P::RemovePropertyContext*>(item)) {
      s.kind = SetItem::Kind::Property;
      s.var = variableName(*p->variable());
      s.key = schemaName(*p->schemaName());
    }
    u.items.push_back(std::move(s));
  }
  return u;
}

UpdateClause Transformer::transformDelete(P::DeleteClauseContext& ctx) {
  UpdateClause u;
  u.kind = UpdateClause::Kind::Delete;
  u.pos = posOf(ctx);
  u.detach = ctx.DETACH() != nullptr;
  for (auto* e : ctx.expression()) u.exprs.push_back(transformExpr(*e));
  return u;
}

UpdateClause Transformer::transformMerge(P::MergeClauseContext& ctx) {
  UpdateClause u;
  u.kind = UpdateClause::Kind::Merge;
  u.pos = posOf(ctx);
  u.pattern.push_back(transformPatternPart(*ctx.patternPart()));
  for (auto* a : ctx.mergeAction()) {
    auto items = transformSetItems(*a->setClause());
    auto& into = a->onMatch ? u.onMatch : u.onCreate;
    for (auto& i : items) into.push_back(std::move(i));
  }
  return u;
}

UpdateClause Transformer::transformForeach(P::ForeachClauseContext& ctx) {
  UpdateClause u;
  u.kind = UpdateClause::Kind::Foreach;
  u.pos = posOf(ctx);
  u.var = variableName(*ctx.variable());
  u.list = transformExpr(*ctx.expression());
  for (auto* c : ctx.clause()) {
    Clause inner = transformClause(*c);
    bool update = std::holds_alternative<CreateClause>(inner) || std::holds_alternative<UpdateClause>(inner);
    if (!update)
      fail(c->getStart(), "FOREACH can only contain update clauses (CREATE, MERGE, SET, REMOVE, DELETE, FOREACH)",
           "read with MATCH before FOREACH, or use UNWIND");
    u.body.push_back(std::move(inner));
  }
  return u;
}

ProjectionClause Transformer::transformProjection(P::ProjectionBodyContext& ctx, bool isReturn, antlr4::Token* start) {
  ProjectionClause p;
  p.isReturn = isReturn;
  p.pos = posOf(start);
  p.distinct = ctx.DISTINCT() != nullptr;
  auto* items = ctx.projectionItems();
  p.star = items->getStart()->getText() == "*";
  for (auto* item : items->projectionItem()) {
    ProjectionItem pi;
    pi.expr = transformExpr(*item->expression());
    if (auto* v = item->variable()) {
      pi.alias = variableName(*v);
      pi.hasAlias = true;
    } else {
      pi.alias = textOf(*item->expression());
    }
    p.items.push_back(std::move(pi));
  }
  if (auto* order = ctx.orderBy()) {
    for (auto* s : order->sortItem()) {
      SortItem si;
      si.expr = transformExpr(*s->expression());
      si.descending = s->DESC() || s->DESCENDING();
      p.orderBy.push_back(std::move(si));
    }
  }
  if (auto* s = ctx.skipClause()) p.skip = transformExpr(*s->expression());
  if (auto* l = ctx.limitClause()) p.limit = transformExpr(*l->expression());
  return p;
}

}  // namespace kgq
