#include "parser/transformer.h"

namespace kgq {

using namespace ast;

int Transformer::smallInt(P::IntegerLiteralContext& ctx, const char* what) {
  auto v = integerValue(ctx);
  if (v < 0 || v > 1'000'000) fail(ctx.getStart(), std::string(what) + " must be between 0 and 1000000");
  return static_cast<int>(v);
}

EntityRef Transformer::transformEntity(P::EntityContext& ctx) {
  EntityRef e;
  e.pos = posOf(ctx);
  if (auto* s = ctx.STRING_LITERAL()) e.text = unescapeString(s->getSymbol());
  else e.text = symbolicName(*ctx.symbolicName());
  return e;
}

ExportSpec Transformer::transformExport(P::ExportClauseContext& ctx) {
  ExportSpec spec;
  spec.pos = posOf(ctx);
  auto* f = ctx.exportFormat();
  spec.format = f->DOT()       ? ExportFormat::Dot
                : f->GRAPHML() ? ExportFormat::GraphML
                : f->SVG()     ? ExportFormat::Svg
                : f->PNG()     ? ExportFormat::Png
                               : ExportFormat::Csv;
  spec.path = unescapeString(ctx.STRING_LITERAL()->getSymbol());
  if (spec.path.empty()) fail(ctx.STRING_LITERAL()->getSymbol(), "EXPORT needs a file name");
  return spec;
}

void Transformer::transformQuestionOptions(const std::vector<P::QuestionOptionContext*>& options, Question& q) {
  for (auto* opt : options) {
    if (auto* m = dynamic_cast<P::MaxOptionContext*>(opt)) {
      if (q.kind == QuestionKind::Neighbours) fail(m->getStart(), "MAX belongs to PATH and CONNECT", "use DEPTH n");
      q.maxHops = smallInt(*m->integerLiteral(), "MAX");
    } else if (auto* d = dynamic_cast<P::DepthOptionContext*>(opt)) {
      if (q.kind != QuestionKind::Neighbours) fail(d->getStart(), "DEPTH belongs to NEIGHBOURS", "use MAX n for paths");
      q.depth = smallInt(*d->integerLiteral(), "DEPTH");
    } else if (auto* v = dynamic_cast<P::ViaOptionContext*>(opt)) {
      for (auto* n : v->schemaName()) q.via.push_back(schemaName(*n));
    } else if (auto* l = dynamic_cast<P::LabelsOptionContext*>(opt)) {
      if (q.kind != QuestionKind::Neighbours) fail(l->getStart(), "LABELS belongs to NEIGHBOURS");
      for (auto* n : l->schemaName()) q.labels.push_back(schemaName(*n));
    } else if (auto* w = dynamic_cast<P::LinksOptionContext*>(opt)) {
      if (q.kind != QuestionKind::Neighbours) fail(w->getStart(), "WITH LINKS belongs to NEIGHBOURS");
      q.withLinks = true;
    } else if (auto* wb = dynamic_cast<P::WeightedOptionContext*>(opt)) {
      if (q.kind != QuestionKind::Path) fail(wb->getStart(), "WEIGHTED BY belongs to PATH");
      q.weightKey = schemaName(*wb->schemaName());
      q.weightPos = posOf(*wb);
    } else if (auto* a = dynamic_cast<P::AvoidOptionContext*>(opt)) {
      for (auto* e : a->entity()) q.avoid.push_back(transformEntity(*e));
    } else if (dynamic_cast<P::AllShortestOptionContext*>(opt) || dynamic_cast<P::TopOptionContext*>(opt)) {
      // The mode may also follow the entities: PATH FROM a TO b TOP 3.
      if (q.kind != QuestionKind::Path) fail(opt->getStart(), "ALL SHORTEST and TOP belong to PATH");
      if (auto* top = dynamic_cast<P::TopOptionContext*>(opt)) {
        q.mode = PathMode::TopK;
        q.k = smallInt(*top->integerLiteral(), "TOP");
        if (q.k == 0) fail(top->integerLiteral()->getStart(), "TOP needs at least 1 path");
      } else {
        q.mode = PathMode::AllShortest;
      }
    } else if (dynamic_cast<P::DirectedOptionContext*>(opt) || dynamic_cast<P::OutgoingOptionContext*>(opt)) {
      q.dir = Direction::Out;
    } else {
      if (q.kind != QuestionKind::Neighbours) fail(opt->getStart(), "INCOMING belongs to NEIGHBOURS");
      q.dir = Direction::In;
    }
  }
}

// The ISO text of AS OF (2015, 2015-06, 2015-06-01, 2015-W30-2, 2015-202) at its precision.
ast::AsOfTime Transformer::asOfTime(antlr4::Token* at, const std::string& text) const {
  try {
    return calendarPoint(text);
  } catch (const TemporalError& e) {
    fail(at, std::string("AS OF: ") + e.what(), e.hint().empty() ? "write a year (2015), a month (2015-06) or a day (2015-06-01)" : e.hint());
  }
}

ast::AsOfTime Transformer::transformAsOf(P::AsOfContext& ctx) {
  if (auto* d = ctx.asOfDate()) {
    std::string text = textOf(*d);
    if (text.find_first_of(" \t\r\n") != std::string::npos)
      fail(d->getStart(), "AS OF date '" + text + "' has spaces in it", "write it as 2015-06-01");
    if (d->DECIMAL_INTEGER().empty()) {
      ast::AsOfTime t;
      t.year = integerValue(*d->integerLiteral());
      t.text = std::to_string(t.year);
      return t;
    }
    return asOfTime(d->getStart(), text);
  }
  auto* f = ctx.functionInvocation();
  ExprPtr call = transformFunction(*f);
  if (call->name != "date" || call->args.size() != 1 || call->args[0]->kind != ExprKind::Literal ||
      !call->args[0]->literal.isString())
    fail(f->getStart(), "AS OF takes a year, a date such as 2015-06-01, or date('...') with a text argument",
         "for instance AS OF date('2015-06')");
  return asOfTime(f->getStart(), call->args[0]->literal.asString());
}

Question Transformer::transformQuestion(P::QuestionContext& ctx) {
  Question q;
  q.pos = posOf(ctx);
  P::AsOfContext* asOf = nullptr;
  if (auto* p = ctx.pathQuestion()) {
    q.kind = QuestionKind::Path;
    q.entities = {transformEntity(*p->from), transformEntity(*p->to)};
    if (auto* mode = p->pathMode()) {
      if (mode->TOP()) {
        q.mode = PathMode::TopK;
        q.k = smallInt(*mode->integerLiteral(), "TOP");
        if (q.k == 0) fail(mode->integerLiteral()->getStart(), "TOP needs at least 1 path");
      } else {
        q.mode = PathMode::AllShortest;
      }
    }
    transformQuestionOptions(p->questionOption(), q);
    asOf = p->asOf();
  } else if (auto* n = ctx.neighboursQuestion()) {
    q.kind = QuestionKind::Neighbours;
    q.entities = {transformEntity(*n->entity())};
    transformQuestionOptions(n->questionOption(), q);
    asOf = n->asOf();
  } else {
    auto* c = ctx.connectQuestion();
    q.kind = QuestionKind::Connect;
    for (auto* e : c->entity()) q.entities.push_back(transformEntity(*e));
    transformQuestionOptions(c->questionOption(), q);
    asOf = c->asOf();
  }
  if (asOf) q.asOf = transformAsOf(*asOf);
  if (!q.weightKey.empty()) {
    // Hop limits and "every cheapest path" are other problems than Dijkstra's; TOP k is Yen over Dijkstra.
    if (q.mode == PathMode::AllShortest)
      fail(ctx.getStart(), "ALL SHORTEST cannot be combined with WEIGHTED BY", "use TOP k for the k cheapest paths");
    if (q.maxHops >= 0)
      fail(ctx.getStart(), "MAX cannot be combined with WEIGHTED BY", "leave out MAX: a weighted path is the cheapest at any length");
  }
  return q;
}

}  // namespace kgq
