#include "session/session.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <set>

#include "ast/clone.h"
#include "ast/walk.h"
#include "binder/binder.h"
#include "binder/bound_expr.h"
#include "exec/schema_command.h"
#include "planner/planner.h"
#include "io/export.h"
#include "question/question.h"
#include "parser/literal_scan.h"
#include "parser/parser.h"

namespace kgq {

struct PreparedPlan {
  plan::LogicalPlan logical;
  KeptPlan kept;  // the operators of the last run, for the next (read-only statements)
};

namespace {
// The user parameters a query reads, in the order they are checked.
std::vector<const ast::Expr*> userParameters(const ast::Query& q) {
  std::vector<const ast::Expr*> used;
  ast::forEachExpr(q, [&](const ast::Expr& e) {
    if (e.kind == ast::ExprKind::Parameter) used.push_back(&e);
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
// After a query that found nothing: each comparison of a node's display key
// (`name`) with a string that no node is called but that names an entity by an
// alias (or in another case) — the likely reason nothing was found. Positions
// are those of the bound tree; `lifted` holds a cached entry's literal values.
Notifications aliasNotifications(const ast::Query& q, const Graph& g, const ValueMap& params,
                                 const std::vector<Value>* lifted, const std::string& source) {
  Notifications out;
  KeyId nameKey = g.nameKey();
  if (nameKey == Graph::kNoKey || !q.notifications.empty()) return out;
  std::set<std::string> seen;
  auto check = [&](const ast::NameRes& res, const bound::Expr& value) {
    if (res.state != ast::NameState::Present || res.id != nameKey) return;
    const Value* v = nullptr;
    if (value.kind == bound::ExprKind::Literal) v = &value.literal;
    if (value.kind == bound::ExprKind::Parameter) {
      if (value.slot >= 0 && lifted && static_cast<std::size_t>(value.slot) < lifted->size()) v = &(*lifted)[value.slot];
      if (value.slot < 0)
        if (auto it = params.find(value.parameter); it != params.end()) v = &it->second;
    }
    if (!v || !v->isString() || !seen.insert(v->asString()).second) return;
    const std::string& text = v->asString();
    if (!g.nodesWithProperty(nameKey, *v).empty()) return;  // someone is called that: the cause is elsewhere
    auto named = g.findByName(text);
    if (named.empty()) return;
    std::string key = g.keys().name(nameKey);
    std::string whose;
    for (std::size_t i = 0; i < named.size() && i < 3; ++i) whose += (i ? ", '" : "'") + displayName(g, named[i]) + "'";
    if (named.size() > 3) whose += ", ...";
    out.push_back(Notification{NotificationKind::AliasComparedWithName,
                               "no node has " + key + " '" + text + "', but it names " + whose +
                                   (named.size() == 1 ? " (an alias or another case)" : ""),
                               SourcePos{source, value.pos.line, value.pos.column, {}},
                               "match the entity by any of its names: {" + key + ": entity('" + text + "')." + key +
                                   "} or WHERE n = entity('" + text + "')"});
  };
  ast::forEachRootExpr(q, [&](const ast::Expr& root) {
    bound::forEachNode(bound::of(root), [&](const bound::Expr& e) {
      if (e.kind != bound::ExprKind::Binary || e.op != ast::Op::Eq) return;
      for (int side = 0; side < 2; ++side)
        if (const auto& p = *e.args[side]; p.kind == bound::ExprKind::Property) check(p.key.res, *e.args[1 - side]);
    });
  });
  for (const auto& clause : q.clauses)
    if (const auto* m = std::get_if<ast::MatchClause>(&clause))
      for (const auto& part : m->pattern)
        for (const auto& n : part.nodes)
          for (const auto& [k, v] : n.props) check(k.res, bound::of(*v));
  return out;
}

// The first clause of a bound query that changes the graph (in CALL { } and UNION parts too), and its name.
struct WriteClause {
  ast::Pos pos;
  std::string name;
};
std::optional<WriteClause> firstWrite(const ast::Query& q) {
  for (const auto& c : q.clauses) {
    if (const auto* create = std::get_if<ast::CreateClause>(&c))
      return WriteClause{create->pattern.empty() ? q.pos : create->pattern.front().pos, "CREATE"};
    if (const auto* update = std::get_if<ast::UpdateClause>(&c)) return WriteClause{update->pos, update->name()};
    if (const auto* sub = std::get_if<ast::SubqueryClause>(&c); sub && sub->query)
      if (auto w = firstWrite(*sub->query)) return w;
  }
  for (const auto& u : q.unions)
    if (auto w = firstWrite(*u.query)) return w;
  return std::nullopt;
}

// Where the query's first LOAD CSV is (subqueries included).
std::optional<ast::Pos> firstLoadCsv(const ast::Query& q) {
  for (const auto& c : q.clauses) {
    if (const auto* u = std::get_if<ast::UnwindClause>(&c); u && u->load) return u->load->pos;
    if (const auto* sub = std::get_if<ast::SubqueryClause>(&c); sub && sub->query)
      if (auto at = firstLoadCsv(*sub->query)) return at;
  }
  for (const auto& u : q.unions)
    if (auto at = firstLoadCsv(*u.query)) return at;
  std::optional<ast::Pos> inExpr;  // EXISTS { }, COUNT { }, COLLECT { }
  ast::forEachExpr(q, [&](const ast::Expr& e) {
    if (!inExpr && e.kind == ast::ExprKind::Subquery && e.subquery) inExpr = firstLoadCsv(*e.subquery);
  });
  return inExpr;
}

// Whether a query only reads: only then may an empty result be explained by what it compared.
bool readOnly(const ast::Query& q) {
  for (const auto& c : q.clauses)
    if (!std::holds_alternative<ast::MatchClause>(c) && !std::holds_alternative<ast::UnwindClause>(c) &&
        !std::holds_alternative<ast::ProjectionClause>(c))
      return false;
  return true;
}

// A cached query that found a name Absent would go on finding nothing after the
// graph gained that name: it is bound again.
bool stale(const StatementCache::Entry& entry, const Graph& g) {
  const auto* q = std::get_if<ast::Query>(&entry.statement);
  return q && q->readsAbsentNames && entry.schemaStamp != g.schemaStamp();
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

namespace {
enum class TxVerb { Begin, Commit, Rollback };

// BEGIN, COMMIT and ROLLBACK (each optionally followed by TRANSACTION), any case, before an optional `;`.
// Runs on every statement, so it reads words in place and gives up at the first that cannot fit.
std::optional<TxVerb> transactionVerb(std::string_view text) {
  auto blank = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  std::size_t i = 0;
  auto word = [&]() -> std::string_view {
    while (i < text.size() && blank(text[i])) ++i;
    std::size_t start = i;
    while (i < text.size() && text[i] != ';' && !blank(text[i])) ++i;
    return text.substr(start, i - start);
  };
  auto is = [](std::string_view w, std::string_view upper) {
    if (w.size() != upper.size()) return false;
    for (std::size_t k = 0; k < w.size(); ++k)
      if (std::toupper(static_cast<unsigned char>(w[k])) != upper[k]) return false;
    return true;
  };
  std::string_view first = word();
  std::optional<TxVerb> verb;
  if (is(first, "BEGIN")) verb = TxVerb::Begin;
  else if (is(first, "COMMIT")) verb = TxVerb::Commit;
  else if (is(first, "ROLLBACK")) verb = TxVerb::Rollback;
  else return std::nullopt;
  std::string_view second = word();
  if (!second.empty() && !is(second, "TRANSACTION")) return std::nullopt;
  if (!word().empty()) return std::nullopt;  // a third word
  // Only blanks may stand between the words and the `;` (or the end).
  while (i < text.size() && blank(text[i])) ++i;
  if (i < text.size() && text[i] != ';') return std::nullopt;
  return verb;
}
}  // namespace

bool isTransactionStatement(std::string_view text) { return transactionVerb(text).has_value(); }

void Session::begin() {
  if (txOpen_)
    throw TransactionError("a transaction is already open", {}, "COMMIT or ROLLBACK it first: transactions do not nest");
  txStart_ = graph_.savepoint();
  txOpen_ = true;
}

void Session::commit() {
  if (!txOpen_) throw TransactionError("no transaction is open", {}, "BEGIN starts one");
  txOpen_ = false;
  commitSince(txStart_);
}

void Session::rollback() {
  if (!txOpen_) throw TransactionError("no transaction is open", {}, "BEGIN starts one");
  txOpen_ = false;
  graph_.rollbackTo(txStart_);
  graph_.clearJournal();
}

void Session::commitSince(std::size_t sp) {
  auto changes = graph_.changesSince(sp);
  if (!changes.empty() && commitHook_) {
    try {
      commitHook_(changes);
    } catch (const Error&) {
      graph_.rollbackTo(sp);  // the hook's own error (a StorageError) says what failed
      graph_.clearJournal();
      throw;
    } catch (const std::exception& e) {
      graph_.rollbackTo(sp);
      graph_.clearJournal();
      throw TransactionError(std::string("commit failed, its changes were undone: ") + e.what());
    }
  }
  graph_.clearJournal();
}

QueryResult Session::runStatement(const StatementSpan& span, const std::string& source, int firstLine) {
  if (auto verb = transactionVerb(span.text)) {
    if (!policy_.transactions) {
      int line = span.line + firstLine - 1;
      throw TransactionError("BEGIN, COMMIT and ROLLBACK are not available here: each statement is its own "
                             "transaction",
                             SourcePos{source, line, span.column, lineText(span, firstLine, line)},
                             policy_.refusalHint);
    }
    switch (*verb) {
      case TxVerb::Begin: begin(); break;
      case TxVerb::Commit: commit(); break;
      case TxVerb::Rollback: rollback(); break;
    }
    return {};
  }
  std::size_t sp = graph_.savepoint();
  QueryResult result;
  try {
    result = runStatementBody(span, source, firstLine);
    try {
      checkConstraints(graph_, graph_.changesSince(sp));
    } catch (const ConstraintError& e) {  // names the statement that broke it
      int line = span.line + firstLine - 1;
      throw ConstraintError(e.message(), SourcePos{source, line, span.column, lineText(span, firstLine, line)}, e.hint());
    }
  } catch (Error& e) {
    graph_.rollbackTo(sp);
    e.attachSource(source, lineText(span, firstLine, e.pos().line));
    throw;
  } catch (...) {
    graph_.rollbackTo(sp);  // any kind of change, whatever stopped the statement
    throw;
  }
  bool wrote = !graph_.changesSince(sp).empty();
  if (!txOpen_) commitSince(sp);
  if (wrote && !persistent_ && !warnedNotSaved_) {
    warnedNotSaved_ = true;
    spdlog::warn("changes live in memory only and will be lost at exit: save them with :save DIR, "
                 "or start kgq with --db DIR to keep a database");
  }
  return result;
}

QueryResult Session::runStatementBody(const StatementSpan& span, const std::string& source, int firstLine) {
  StrippedStatement stripped;
  if (caching_) stripped = stripLiterals(span, firstLine);
  std::optional<ast::Query> derived;
  if (stripped.cacheable) {
    if (auto* entry = cache_.find(stripped, span.text); entry && !stale(*entry, graph_)) {
      QueryResult result = runCached(*entry, stripped, span, source, firstLine);
      graph_.maybeCompact();
      return result;
    }
    derived = cache_.derive(stripped, span.text);
  }
  ast::Script script;
  if (derived) {
    ++counters_.derived;
    script.statements.emplace_back(std::move(*derived));
    script.exports.emplace_back();
  } else {
    ++counters_.parses;
    script = parseSpan(span, source, firstLine);
  }
  if (script.statements.empty()) return {};
  auto& statement = script.statements[0];
  checkMayExport(script.exports[0], span, source, firstLine, [](ast::Pos p) { return p; });
  if (auto* schema = std::get_if<ast::SchemaCommand>(&statement)) return runSchema(*schema, span, source, firstLine);
  if (auto* e = std::get_if<ast::ExportGraph>(&statement)) return runExportGraph(*e, span, source, firstLine);
  auto* query = std::get_if<ast::Query>(&statement);
  bool cacheable = stripped.cacheable && !(query && (query->explain || query->profile));
  std::vector<ast::Pos> fixed;
  if (cacheable && query) fixed = ast::staticLiteralPositions(*query);
  // Kept unbound, so that statements differing only in label and type names need no parse.
  std::optional<ast::Query> parsed;
  if (cacheable && query && !derived && cache_.wantsParsed(stripped, span.text)) parsed = ast::cloneQuery(*query);
  QueryResult result;
  std::size_t stamp = graph_.schemaStamp();  // before a CREATE of the statement adds names
  if (query) {
    result = runQuery(*query, span, source, firstLine);
  } else {
    auto& question = std::get<ast::Question>(statement);
    Notifications notes;
    bindQuestion(question, graph_, notes, source);
    checkNotifications(notes, span, firstLine);
    ++counters_.runs;
    result = runQuestion(question, graph_, limits_, source, &cancel_, &traversal_, narrate_);
    result.notifications = std::move(notes);
  }
  exportIfAsked(result, script.exports[0]);
  if (cacheable)
    cache_.insert(stripped, span.text, fixed, std::move(statement), std::move(script.exports[0]), stamp,
                  parsed ? &*parsed : nullptr);
  graph_.maybeCompact();  // between statements no traversal holds a cursor
  return result;
}

QueryResult Session::runExportGraph(const ast::ExportGraph& cmd, const StatementSpan& span, const std::string& source,
                                    int firstLine) {
  SourcePos at{source, cmd.pos.line, cmd.pos.column, lineText(span, firstLine, cmd.pos.line)};
  if (!policy_.files)
    throw ExportError("EXPORT GRAPH is not available here: files are not written on the server", at,
                      "POST /export with MATCH (n) OPTIONAL MATCH p = (n)-->() RETURN n, p and format csv downloads the "
                      "graph");
  ++counters_.runs;
  QueryResult result;
  try {
    result.notes.push_back(saveGraph(graph_, cmd.path));  // the code :save DIR runs
  } catch (const ExportError& e) {
    throw ExportError(e.message(), at, e.hint());
  }
  return result;
}

QueryResult Session::runSchema(const ast::SchemaCommand& cmd, const StatementSpan& span, const std::string& source,
                               int firstLine) {
  if (!policy_.writes && cmd.verb != ast::SchemaCommand::Verb::Show)
    throw TransactionError("writing is not allowed: this session is read-only, and index and constraint commands "
                           "change the schema",
                           SourcePos{source, cmd.pos.line, cmd.pos.column, lineText(span, firstLine, cmd.pos.line)},
                           policy_.refusalHint);
  if (txOpen_ && cmd.verb != ast::SchemaCommand::Verb::Show)
    throw TransactionError("indexes and constraints are created and dropped outside a transaction",
                           SourcePos{source, cmd.pos.line, cmd.pos.column, lineText(span, firstLine, cmd.pos.line)},
                           "COMMIT or ROLLBACK first (as in Neo4j, schema and data changes do not share a transaction)");
  ++counters_.runs;
  try {
    return runSchemaCommand(cmd, graph_, source);
  } catch (const SemanticError& e) {
    SourcePos pos = e.pos();
    pos.lineText = lineText(span, firstLine, pos.line);
    throw SemanticError(e.message(), pos, e.hint());
  } catch (const ConstraintError& e) {
    throw ConstraintError(e.message(), SourcePos{source, cmd.pos.line, cmd.pos.column, lineText(span, firstLine, cmd.pos.line)}, e.hint());
  }
}

QueryResult Session::runCached(StatementCache::Entry& entry, const StrippedStatement& stripped,
                               const StatementSpan& span, const std::string& source, int firstLine) {
  QueryResult result;
  auto remapped = [&](ast::Pos p) { return entry.remap(p, stripped); };
  checkMayExport(entry.exportSpec, span, source, firstLine, remapped);
  if (std::holds_alternative<ast::Question>(entry.statement)) {
    ast::Question question = entry.question(stripped);
    Notifications notes;
    bindQuestion(question, graph_, notes, source);
    checkNotifications(notes, span, firstLine);
    ++counters_.runs;
    result = runQuestion(question, graph_, limits_, source, &cancel_, &traversal_, narrate_);
    result.notifications = std::move(notes);
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
    checkMayWrite(query, span, source, firstLine, remapped);
    // The entry's notifications, at this statement's positions.
    Notifications notes = query.notifications;
    for (auto& n : notes) {
      ast::Pos at = entry.remap({n.pos.line, n.pos.column}, stripped);
      n.pos.line = at.line;
      n.pos.column = at.column;
    }
    checkNotifications(notes, span, firstLine);
    try {
      // The plan reads no literal value (they are parameters now), so one plan serves every run.
      if (!entry.plan) {
        entry.plan = std::make_shared<PreparedPlan>();
        entry.plan->logical = planQuery(query, graph_);
      }
      checkProductEstimate(query, entry.plan->logical);
      result = executePlan(query, entry.plan->logical, graph_, params_, limits_, &cancel_, &traversal_, started,
                           &lifted, readOnly(query) ? &entry.plan->kept : nullptr);
    } catch (const Error& e) {
      rethrowForStatement(e, entry, stripped, span, firstLine);
    }
    if (result.rows.empty() && readOnly(query))
      for (auto& n : aliasNotifications(query, graph_, params_, &lifted, source)) {
        ast::Pos at = entry.remap({n.pos.line, n.pos.column}, stripped);
        n.pos.line = at.line;
        n.pos.column = at.column;
        notes.push_back(std::move(n));
      }
    checkNotifications(notes, span, firstLine);
    result.notifications = std::move(notes);
  }
  exportIfAsked(result, entry.exportSpec);
  return result;
}

void Session::checkNotifications(Notifications& notes, const StatementSpan& span, int firstLine) const {
  for (auto& n : notes) n.pos.lineText = lineText(span, firstLine, n.pos.line);
  if (strict_)
    for (const auto& n : notes)
      if (notificationInfo(n.kind).strict) throw n.toError();
}

// The binder warns of a product from the clauses as written; a condition the rewrite rules moved
// back over a WITH (`MATCH (a), (b) WITH * WHERE a.id = 1 AND b.id = 2`) turns it into two seeks, as
// the same condition written inline would, and that spelling gets no warning. So when the plan pairs
// no scan of many rows with an input of many rows, the warning goes. A plan the estimate cannot read
// (subqueries, OPTIONAL MATCH, UNION) keeps it.
void Session::dropProductWarningsThePlanRefutes(Notifications& notes, const plan::LogicalPlan& plan,
                                                const Graph& graph) {
  auto isProduct = [](const Notification& n) { return n.kind == NotificationKind::CartesianProduct; };
  if (std::none_of(notes.begin(), notes.end(), isProduct)) return;
  if (auto product = planProductEstimate(plan, graph); product && *product == 0) std::erase_if(notes, isProduct);
}

// Before anything runs: a product that cannot finish is refused, not started (EXPLAIN still shows it).
// The binder's estimate reads the clauses as written; the plan's sees conditions the rewrite rules
// moved into index seeks (`MATCH (a), (b) WITH a, b WHERE a.id = 1 AND b.id = 2`), so it has the last word
// where it can tell.
void Session::checkProductEstimate(const ast::Query& query, const plan::LogicalPlan& plan) const {
  const auto limit = static_cast<double>(limits_.maxProductRows);
  if (query.explain || limits_.maxProductRows == 0 || query.productEstimate <= limit) return;
  double product = planProductEstimate(plan, graph_).value_or(query.productEstimate);
  if (product <= limit) return;
  char estimate[64];
  std::snprintf(estimate, sizeof estimate, "%.3g", product);
  throw LimitExceeded("refused: a MATCH pairs disconnected patterns into about " + std::string(estimate) +
                          " rows, more than --max-product-rows (" + std::to_string(limits_.maxProductRows) + ")",
                      {},
                      "connect the patterns with a relationship, pin each with a property (n {id: ...}), or raise "
                      "--max-product-rows (0 lifts it)");
}

void Session::checkMayWrite(const ast::Query& query, const StatementSpan& span, const std::string& source,
                            int firstLine, const std::function<ast::Pos(ast::Pos)>& at) const {
  if (query.explain && !query.profile) return;  // EXPLAIN runs nothing
  if (!policy_.files)
    if (auto load = firstLoadCsv(query)) {
      ast::Pos p = at(*load);
      throw LoadError("LOAD CSV is not available here: the server reads no files of its host for a request",
                      SourcePos{source, p.line, p.column, lineText(span, firstLine, p.line)},
                      "load the file with kgq itself (kgq --db DIR, then LOAD CSV), and serve the database");
    }
  if (policy_.writes) return;
  auto write = firstWrite(query);
  if (!write) return;
  ast::Pos p = at(write->pos);
  throw TransactionError("writing is not allowed: this session is read-only, and " + write->name +
                             " changes the graph",
                         SourcePos{source, p.line, p.column, lineText(span, firstLine, p.line)}, policy_.refusalHint);
}

void Session::checkMayExport(const std::optional<ast::ExportSpec>& spec, const StatementSpan& span,
                             const std::string& source, int firstLine,
                             const std::function<ast::Pos(ast::Pos)>& at) const {
  if (policy_.files || !spec) return;
  ast::Pos p = at(spec->pos);
  throw ExportError("EXPORT ... TO a file is not available here: files are not written on the server",
                    SourcePos{source, p.line, p.column, lineText(span, firstLine, p.line)},
                    "POST /export with the statement (without EXPORT) and a format downloads the picture or data");
}

void Session::exportIfAsked(QueryResult& result, const std::optional<ast::ExportSpec>& spec) {
  if (spec && !result.plan.size())
    result.notes.push_back(exportSubgraph(graph_, subgraphOf(result, graph_), spec->format, spec->path));
}

QueryResult Session::runQuery(ast::Query& query, const StatementSpan& span, const std::string& source,
                              int firstLine) {
  try {
    bindQuery(query, source, &graph_);
    for (const auto* p : userParameters(query))
      if (!params_.count(p->name)) throw missingParameter(p->name, SourcePos{source, p->pos.line, p->pos.column, {}});
  } catch (SemanticError& e) {
    // Attach the offending line so the error shows a caret like a syntax error does.
    SourcePos pos = e.pos();
    pos.lineText = lineText(span, firstLine, pos.line);
    throw SemanticError(e.message(), pos, e.hint());
  }
  checkMayWrite(query, span, source, firstLine, [](ast::Pos p) { return p; });
  auto started = std::chrono::steady_clock::now();
  plan::LogicalPlan logical = planQuery(query, graph_);
  // Before --strict sees them: the entry the cache keeps holds these notifications.
  dropProductWarningsThePlanRefutes(query.notifications, logical, graph_);
  checkNotifications(query.notifications, span, firstLine);
  checkProductEstimate(query, logical);
  spdlog::debug("running statement at {}:{}", source, span.line + firstLine - 1);
  ++counters_.runs;
  QueryResult result = executePlan(query, logical, graph_, params_, limits_, &cancel_, &traversal_, started);
  result.notifications = query.notifications;
  if (result.rows.empty() && result.plan.empty() && readOnly(query)) {
    Notifications more = aliasNotifications(query, graph_, params_, nullptr, source);
    checkNotifications(more, span, firstLine);
    result.notifications.insert(result.notifications.end(), more.begin(), more.end());
  }
  return result;
}

void Session::run(std::string_view text, const std::string& source, int firstLine, const ResultHandler& onResult,
                  const ErrorHandler& onError) {
  // Cleared once per input, not per statement: a Ctrl-C stops the rest of the input too.
  if (runClearsCancel_) cancel_.store(false);
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
  if (runClearsCancel_) cancel_.store(false);
  auto spans = splitStatements(text);
  if (spans.size() != 1) throw SyntaxError("expected exactly one statement, got " + std::to_string(spans.size()));
  return runBudgeted(spans[0], "<query>", 1);
}

}  // namespace kgq
