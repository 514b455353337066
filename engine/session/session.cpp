#include "session/session.h"

#include <spdlog/spdlog.h>

#include "binder/binder.h"
#include "io/export.h"
#include "question/question.h"
#include "ast/literal_sites.h"
#include "parser/literal_scan.h"
#include "parser/parser.h"

namespace kgq {

namespace {
void collectParameters(const ast::Expr& e, std::vector<const ast::Expr*>& out) {
  if (e.kind == ast::ExprKind::Parameter) out.push_back(&e);
  for (const auto& a : e.args)
    if (a) collectParameters(*a, out);
  if (e.pattern) {
    for (const auto& n : e.pattern->nodes)
      for (const auto& [k, v] : n.props) collectParameters(*v, out);
    for (const auto& r : e.pattern->rels)
      for (const auto& [k, v] : r.props) collectParameters(*v, out);
  }
}

void collectParameters(const ast::PatternPart& part, std::vector<const ast::Expr*>& out) {
  for (const auto& n : part.nodes)
    for (const auto& [k, v] : n.props) collectParameters(*v, out);
  for (const auto& r : part.rels)
    for (const auto& [k, v] : r.props) collectParameters(*v, out);
}

// Every parameter a query uses must be given before anything runs.
void checkParameters(const ast::Query& q, const ValueMap& params, const std::string& source) {
  std::vector<const ast::Expr*> used;
  for (const auto& clause : q.clauses) {
    if (auto* m = std::get_if<ast::MatchClause>(&clause)) {
      for (const auto& p : m->pattern) collectParameters(p, used);
      if (m->where) collectParameters(*m->where, used);
    } else if (auto* u = std::get_if<ast::UnwindClause>(&clause)) {
      collectParameters(*u->expr, used);
    } else if (auto* c = std::get_if<ast::CreateClause>(&clause)) {
      for (const auto& p : c->pattern) collectParameters(p, used);
    } else if (auto* p = std::get_if<ast::ProjectionClause>(&clause)) {
      for (const auto& i : p->items) collectParameters(*i.expr, used);
      for (const auto& a : p->aggregates) collectParameters(*a.call, used);
      for (const auto& s : p->orderBy) collectParameters(*s.expr, used);
      if (p->skip) collectParameters(*p->skip, used);
      if (p->limit) collectParameters(*p->limit, used);
      if (p->where) collectParameters(*p->where, used);
    }
  }
  for (const auto* e : used)
    if (!params.count(e->name))
      throw SemanticError("expected parameter $" + e->name, SourcePos{source, e->pos.line, e->pos.column, {}},
                          "give it with --param " + e->name + "=<json> or :param " + e->name + " => <value>");
}
}  // namespace

QueryResult Session::runStatement(const StatementSpan& span, const std::string& source, int firstLine) {
  StrippedStatement stripped = stripStringLiterals(span, firstLine);
  if (stripped.cacheable)
    if (auto* entry = cache_.find(stripped.key))
      if (auto result = runCached(*entry, stripped, source)) {
        graph_.maybeCompact();
        return std::move(*result);
      }
  ast::Script script = parseSpan(span, source, firstLine);
  if (script.statements.empty()) return {};
  auto& statement = script.statements[0];
  auto* query = std::get_if<ast::Query>(&statement);
  bool cacheable = stripped.cacheable && !script.exports[0] && !(query && (query->explain || query->profile));
  ast::LiteralSites parsed;
  if (cacheable) parsed = ast::findLiteralSites(statement);
  QueryResult result;
  if (query) {
    result = runQuery(*query, span, source, firstLine);
  } else {
    result = runQuestion(std::get<ast::Question>(statement), graph_, limits_, source, &cancel_, &traversal_, narrate_);
  }
  if (const auto& spec = script.exports[0]; spec && !result.plan.size())
    result.notes.push_back(exportSubgraph(graph_, subgraphOf(result, graph_), spec->format, spec->path));
  if (cacheable) cache_.insert(stripped, parsed, std::move(statement));
  graph_.maybeCompact();  // between statements no traversal holds a cursor
  return result;
}

std::optional<QueryResult> Session::runCached(StatementCache::Entry& entry, const StrippedStatement& stripped,
                                              const std::string& source) {
  entry.assign(stripped.values);
  try {
    if (auto* question = std::get_if<ast::Question>(&entry.statement))
      return runQuestion(*question, graph_, limits_, source, &cancel_, &traversal_, narrate_);
    auto& query = std::get<ast::Query>(entry.statement);
    checkParameters(query, params_, source);
    return executeQuery(query, graph_, params_, limits_, &cancel_, &traversal_);
  } catch (const LimitExceeded&) {
    throw;
  } catch (const Error&) {
    // The cached AST carries the positions and texts of the statement it was
    // parsed from; running this one uncached reports the error as written here.
    // Safe to repeat: a failed statement has rolled back what it created.
    return std::nullopt;
  }
}

QueryResult Session::runQuery(ast::Query& query, const StatementSpan& span, const std::string& source,
                              int firstLine) {
  try {
    bindQuery(query, source);
    checkParameters(query, params_, source);
  } catch (SemanticError& e) {
    // Attach the offending line so the error shows a caret like a syntax error does.
    SourcePos pos = e.pos();
    int rel = pos.line - firstLine + 1 - (span.line - 1);
    if (rel >= 1) {
      std::size_t start = 0;
      for (int i = 1; i < rel && start != std::string::npos; ++i) {
        start = span.text.find('\n', start);
        if (start != std::string::npos) ++start;
      }
      if (start != std::string::npos) {
        std::string line = span.text.substr(start, span.text.find('\n', start) - start);
        if (rel == 1) line = std::string(static_cast<std::size_t>(span.column - 1), ' ') + line;
        pos.lineText = line;
      }
    }
    throw SemanticError(e.message(), pos, e.hint());
  }
  spdlog::debug("running statement at {}:{}", source, span.line + firstLine - 1);
  return executeQuery(query, graph_, params_, limits_, &cancel_, &traversal_);
}

void Session::run(std::string_view text, const std::string& source, int firstLine, const ResultHandler& onResult,
                  const ErrorHandler& onError) {
  // Cleared once per input, not per statement: a Ctrl-C stops the rest of the input too.
  cancel_.store(false);
  for (const auto& span : splitStatements(text)) {
    try {
      StatementResult r;
      r.result = runStatement(span, source, firstLine);
      r.text = span.text;
      r.line = span.line + firstLine - 1;
      if (onResult) onResult(r);
    } catch (const Error& e) {
      if (!onError) throw;
      onError(e);
    }
  }
}

QueryResult Session::runOne(std::string_view text) {
  cancel_.store(false);
  auto spans = splitStatements(text);
  if (spans.size() != 1) throw SyntaxError("expected exactly one statement, got " + std::to_string(spans.size()));
  return runStatement(spans[0], "<query>", 1);
}

}  // namespace kgq
