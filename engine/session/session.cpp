#include "session/session.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "ast/walk.h"
#include "binder/binder.h"
#include "planner/planner.h"
#include "io/export.h"
#include "question/question.h"
#include "parser/literal_scan.h"
#include "parser/parser.h"

namespace kgq {

struct PreparedPlan {
  plan::LogicalPlan logical;
};

namespace {
// The user parameters a query reads, in the order they are checked.
std::vector<const ast::Expr*> userParameters(const ast::Query& q) {
  std::vector<const ast::Expr*> used;
  ast::forEachExpr(q, [&](const ast::Expr& e) {
    if (e.kind == ast::ExprKind::Parameter && e.slot < 0) used.push_back(&e);
  });
  return used;
}

SemanticError missingParameter(const std::string& name, SourcePos pos) {
  return SemanticError("expected parameter $" + name, std::move(pos),
                       "give it with --param " + name + "=<json> or :param " + name + " => <value>");
}

// Line `line` of the input as it appears in `span` (the statement's first line
// padded to its column), for the caret under an error; empty outside the span.
std::string lineText(const StatementSpan& span, int firstLine, int line) {
  int rel = line - firstLine + 1 - (span.line - 1);
  if (rel < 1) return {};
  std::size_t start = 0;
  for (int i = 1; i < rel && start != std::string::npos; ++i) {
    start = span.text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos) return {};
  std::string text = span.text.substr(start, span.text.find('\n', start) - start);
  if (rel == 1) text = std::string(static_cast<std::size_t>(span.column - 1), ' ') + text;
  return text;
}

// Rethrows `e`, raised by a cached tree, as raised by this statement: its
// position moved to this statement, the expression texts it quotes and the
// caret line taken from it. Called from a handler.
[[noreturn]] void rethrowForStatement(const Error& e, const StatementCache::Entry& entry,
                                      const StrippedStatement& now, const StatementSpan& span, int firstLine) {
  bool quotes = e.message().find('\x01') != std::string::npos || e.hint().find('\x01') != std::string::npos;
  if (e.pos().line <= 0 && !quotes) throw;
  SourcePos pos = e.pos();
  ast::Pos p = entry.remap({pos.line, pos.column}, now);
  pos.line = p.line;
  pos.column = p.column;
  if (!pos.lineText.empty()) pos.lineText = lineText(span, firstLine, pos.line);
  std::string message = StatementCache::Entry::fill(e.message(), now, span.text);
  std::string hint = StatementCache::Entry::fill(e.hint(), now, span.text);
  if (dynamic_cast<const LimitExceeded*>(&e)) throw LimitExceeded(message, pos, hint);
  if (dynamic_cast<const RuntimeError*>(&e)) throw RuntimeError(message, pos, hint);
  if (dynamic_cast<const SemanticError*>(&e)) throw SemanticError(message, pos, hint);
  throw Error(e.kind(), message, pos, hint);
}
}  // namespace

QueryResult Session::runBudgeted(const StatementSpan& span, const std::string& source, int firstLine) {
  std::optional<memory::StatementBudget> budget(std::in_place, limits_.maxMemory);
  auto stopped = [&] {
    bool ours = budget->exceeded();
    budget.reset();
    std::string limit = memory::formatBytes(limits_.maxMemory);
    return LimitExceeded(ours ? "statement stopped: it needed more than " + limit + " of memory (--max-memory)"
                              : "statement stopped: the machine ran out of memory",
                         {},
                         "add LIMIT, filter earlier, aggregate (count, sum) instead of collect(), or change "
                         "--max-memory (now " + limit + "; 0 = no budget)");
  };
  try {
    QueryResult result = runStatement(span, source, firstLine);
    if (budget->exceeded()) throw stopped();  // an allocation failed and someone carried on
    return result;
  } catch (const std::bad_alloc&) {
    throw stopped();
  } catch (const std::length_error&) {
    throw stopped();  // a container asked for more than it can ever hold
  } catch (const std::filesystem::filesystem_error& e) {
    throw ExportError(std::string("cannot write: ") + e.code().message(), SourcePos{e.path1().string(), 0, 0, {}});
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    // A bug, but the session goes on: the fuzz harness looks for this message.
    throw RuntimeError(std::string("internal error: ") + e.what(), {}, "please report the statement");
  }
}

QueryResult Session::runStatement(const StatementSpan& span, const std::string& source, int firstLine) {
  StrippedStatement stripped;
  if (caching_) stripped = stripLiterals(span, firstLine);
  if (stripped.cacheable)
    if (auto* entry = cache_.find(stripped, span.text)) {
      QueryResult result = runCached(*entry, stripped, span, source, firstLine);
      graph_.maybeCompact();
      return result;
    }
  ++counters_.parses;
  ast::Script script = parseSpan(span, source, firstLine);
  if (script.statements.empty()) return {};
  auto& statement = script.statements[0];
  auto* query = std::get_if<ast::Query>(&statement);
  bool cacheable = stripped.cacheable && !(query && (query->explain || query->profile));
  std::vector<ast::Pos> fixed;
  if (cacheable && query) fixed = ast::staticLiteralPositions(*query);
  QueryResult result;
  if (query) {
    result = runQuery(*query, span, source, firstLine);
  } else {
    ++counters_.runs;
    result = runQuestion(std::get<ast::Question>(statement), graph_, limits_, source, &cancel_, &traversal_, narrate_);
  }
  exportIfAsked(result, script.exports[0]);
  if (cacheable) cache_.insert(stripped, span.text, fixed, std::move(statement), std::move(script.exports[0]));
  graph_.maybeCompact();  // between statements no traversal holds a cursor
  return result;
}

QueryResult Session::runCached(StatementCache::Entry& entry, const StrippedStatement& stripped,
                               const StatementSpan& span, const std::string& source, int firstLine) {
  QueryResult result;
  if (std::holds_alternative<ast::Question>(entry.statement)) {
    ++counters_.runs;
    result = runQuestion(entry.question(stripped), graph_, limits_, source, &cancel_, &traversal_, narrate_);
  } else {
    for (const auto* p : entry.userParameters)
      if (!params_.count(p->name)) {
        ast::Pos at = entry.remap(p->pos, stripped);
        throw missingParameter(p->name, SourcePos{source, at.line, at.column, lineText(span, firstLine, at.line)});
      }
    auto started = std::chrono::steady_clock::now();
    std::vector<Value> lifted = entry.liftedValues(stripped);
    ++counters_.runs;
    const auto& query = std::get<ast::Query>(entry.statement);
    try {
      // The plan reads no literal value (they are parameters now), so one plan serves every run.
      if (!entry.plan) entry.plan = std::make_shared<PreparedPlan>(PreparedPlan{planQuery(query, graph_)});
      result = executePlan(query, entry.plan->logical, graph_, params_, limits_, &cancel_, &traversal_, started,
                           &lifted);
    } catch (const Error& e) {
      rethrowForStatement(e, entry, stripped, span, firstLine);
    }
  }
  exportIfAsked(result, entry.exportSpec);
  return result;
}

void Session::exportIfAsked(QueryResult& result, const std::optional<ast::ExportSpec>& spec) {
  if (spec && !result.plan.size())
    result.notes.push_back(exportSubgraph(graph_, subgraphOf(result, graph_), spec->format, spec->path));
}

QueryResult Session::runQuery(ast::Query& query, const StatementSpan& span, const std::string& source,
                              int firstLine) {
  try {
    bindQuery(query, source);
    for (const auto* p : userParameters(query))
      if (!params_.count(p->name)) throw missingParameter(p->name, SourcePos{source, p->pos.line, p->pos.column, {}});
  } catch (SemanticError& e) {
    // Attach the offending line so the error shows a caret like a syntax error does.
    SourcePos pos = e.pos();
    pos.lineText = lineText(span, firstLine, pos.line);
    throw SemanticError(e.message(), pos, e.hint());
  }
  spdlog::debug("running statement at {}:{}", source, span.line + firstLine - 1);
  ++counters_.runs;
  return executeQuery(query, graph_, params_, limits_, &cancel_, &traversal_);
}

void Session::run(std::string_view text, const std::string& source, int firstLine, const ResultHandler& onResult,
                  const ErrorHandler& onError) {
  // Cleared once per input, not per statement: a Ctrl-C stops the rest of the input too.
  cancel_.store(false);
  for (const auto& span : splitStatements(text)) {
    try {
      StatementResult r;
      r.result = runBudgeted(span, source, firstLine);
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
  return runBudgeted(spans[0], "<query>", 1);
}

}  // namespace kgq
