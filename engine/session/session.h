// Session: one user's connection to a graph — the graph, parameters, limits and
// the cancellation flag — and the entry point that runs statement text through
// parse -> bind -> plan -> execute. Used by the REPL, `-c`, `-f` and the tests.
// Not thread-safe, except `cancel()`, which a signal handler may call.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "exec/executor.h"
#include "exec/traversal.h"
#include "graph/graph.h"
#include "parser/parser.h"
#include "session/statement_cache.h"

namespace kgq {

// How often statements were parsed (and bound) and run; tests read them to
// tell a cached run from a fresh one and to see that nothing ran twice.
struct SessionCounters {
  std::size_t parses = 0;
  std::size_t derived = 0;  // made from the parsed query of a statement with other names (no parse)
  std::size_t runs = 0;
};

// What statements may do. The REPL and scripts may do everything; `kgq serve`
// narrows it for requests that come over the network.
struct SessionPolicy {
  // false: a statement whose bound form changes the graph (CREATE, SET, REMOVE, DELETE, MERGE, FOREACH, also
  // inside CALL { }) and index or constraint commands other than SHOW are refused before they run.
  bool writes = true;
  // false: nothing touches the host's files on a statement's behalf: `EXPORT ... TO 'file'`, EXPORT GRAPH
  // and LOAD CSV are refused (a server offers downloads instead, and takes data in requests).
  bool files = true;
  bool transactions = true;  // false: BEGIN, COMMIT and ROLLBACK are refused (each request stands alone)
  std::string refusalHint;   // how to lift the refusals (`kgq serve --allow-writes`)
};

struct StatementResult {
  QueryResult result;
  std::string text;  // the statement as written
  int line = 0;      // where it starts in its source
};

// Whether `text` is BEGIN, COMMIT or ROLLBACK (not openCypher: the shell's
// transaction statements, as in Neo4j's cypher-shell).
bool isTransactionStatement(std::string_view text);

class Session {
 public:
  Session() = default;
  explicit Session(Graph graph) : graph_(std::move(graph)) { graph_.clearJournal(); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  Graph& graph() { return graph_; }
  const Graph& graph() const { return graph_; }
  // Swaps in a fully loaded graph; the old one is released, and with it every
  // cached statement (a prepared plan refers to the graph's names and sizes).
  // The traversal scratch is sized now, so that the first search does not pay for it.
  void replaceGraph(Graph g) {
    if (txOpen_) throw TransactionError("a transaction is open", {}, "COMMIT or ROLLBACK it before loading a graph");
    graph_ = std::move(g);
    graph_.clearJournal();
    cache_.clear();
    traversal_.marks.reserve(graph_.nodeCount());
  }

  ValueMap& params() { return params_; }
  const StatementCache& statementCache() const { return cache_; }
  // Off: every statement is parsed and bound afresh (tests compare the two ways).
  void setStatementCache(bool on) {
    caching_ = on;
    cache_.clear();
  }
  const SessionCounters& counters() const { return counters_; }
  Limits& limits() { return limits_; }

  using ResultHandler = std::function<void(const StatementResult&)>;
  using ErrorHandler = std::function<void(const Error&)>;

  // Runs each `;`-separated statement of `text` in order, handing each result to
  // `onResult` as soon as it is complete. The first error is thrown (statements
  // after it do not run) unless `onError` is given, which receives every error
  // while the remaining statements still run (--keep-going).
  // `firstLine` is the line of `source` on which `text` begins.
  void run(std::string_view text, const std::string& source, int firstLine, const ResultHandler& onResult,
           const ErrorHandler& onError = {});

  // Runs exactly one statement text and returns its result (tests, tools).
  QueryResult runOne(std::string_view text);

  void cancel() { cancel_.store(true); }
  // By default run() and runOne() clear the cancel flag when they start. A caller
  // that cancels from another thread clears it itself, under its own lock, with
  // clearCancel() before run(), so that a cancel arriving in between is not lost.
  void setRunClearsCancel(bool on) { runClearsCancel_ = on; }
  void clearCancel() { cancel_.store(false); }

  void setPolicy(SessionPolicy policy) { policy_ = std::move(policy); }
  const SessionPolicy& policy() const { return policy_; }

  // ---- transactions -------------------------------------------------------
  // Every statement is atomic: on an error, a timeout or Ctrl-C its changes are
  // undone. Outside a transaction a statement that changed the graph commits at
  // once; inside one (BEGIN ... COMMIT / ROLLBACK, also as statements in run()),
  // a failed statement undoes only itself and the transaction stays open.
  bool inTransaction() const { return txOpen_; }
  void begin();
  void commit();
  void rollback();
  // Called with the changes of each commit (a write statement outside a
  // transaction, or COMMIT); if it throws, the commit is rolled back and the
  // statement fails with its message. Durability installs it.
  using CommitHook = std::function<void(std::span<const Change>)>;
  void setCommitHook(CommitHook hook) { commitHook_ = std::move(hook); }
  // A persistent session (a database) does not warn that writes are lost at exit.
  void setPersistent(bool on) { persistent_ = on; }

  // Whether question answers get their narrative lines, which only table output
  // shows (on by default); CSV and JSON need the rows alone.
  void setNarrate(bool on) { narrate_ = on; }

  // --strict: a notification (an unknown label, ...) fails its statement before it runs.
  void setStrict(bool on) { strict_ = on; }

 private:
  // runStatement within the statement's memory budget; a bad_alloc becomes a LimitExceeded.
  QueryResult runBudgeted(const StatementSpan& span, const std::string& source, int firstLine);
  QueryResult runStatement(const StatementSpan& span, const std::string& source, int firstLine);
  QueryResult runStatementBody(const StatementSpan& span, const std::string& source, int firstLine);
  // Hands the changes since `sp` to the commit hook and forgets them; rolls back and throws if the hook fails.
  void commitSince(std::size_t sp);
  QueryResult runExportGraph(const ast::ExportGraph& cmd, const StatementSpan& span, const std::string& source,
                             int firstLine);
  QueryResult runSchema(const ast::SchemaCommand& cmd, const StatementSpan& span, const std::string& source,
                        int firstLine);
  QueryResult runQuery(ast::Query& query, const StatementSpan& span, const std::string& source, int firstLine);
  // Runs a cached statement with this statement's literals; its errors name this statement's positions.
  QueryResult runCached(StatementCache::Entry& entry, const StrippedStatement& stripped, const StatementSpan& span,
                        const std::string& source, int firstLine);
  void exportIfAsked(QueryResult& result, const std::optional<ast::ExportSpec>& spec);
  // Gives the notifications their caret lines; with --strict the first becomes the statement's error.
  void checkNotifications(Notifications& notes, const StatementSpan& span, int firstLine) const;
  void checkProductEstimate(const ast::Query& query, const plan::LogicalPlan& plan) const;
  static void dropProductWarningsThePlanRefutes(Notifications& notes, const plan::LogicalPlan& plan,
                                                const Graph& graph);
  // Refuses a query that writes when the policy forbids it; `at` maps a bound position to the statement's.
  void checkMayWrite(const ast::Query& query, const StatementSpan& span, const std::string& source, int firstLine,
                     const std::function<ast::Pos(ast::Pos)>& at) const;
  // Refuses `EXPORT ... TO 'file'` when the policy forbids files.
  void checkMayExport(const std::optional<ast::ExportSpec>& spec, const StatementSpan& span, const std::string& source,
                      int firstLine, const std::function<ast::Pos(ast::Pos)>& at) const;

  Graph graph_;
  ValueMap params_;
  Limits limits_;
  StatementCache cache_;
  bool caching_ = true;
  SessionCounters counters_;
  std::atomic<bool> cancel_{false};
  bool runClearsCancel_ = true;
  SessionPolicy policy_;
  bool narrate_ = true;
  bool strict_ = false;
  bool txOpen_ = false;
  std::size_t txStart_ = 0;  // the journal's savepoint at BEGIN
  CommitHook commitHook_;
  bool persistent_ = false;
  bool warnedNotSaved_ = false;
  TraversalScratch traversal_;  // kept across statements: sized to the graph once, not per statement
};

}  // namespace kgq
