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
  std::size_t runs = 0;
};

struct StatementResult {
  QueryResult result;
  std::string text;  // the statement as written
  int line = 0;      // where it starts in its source
};

class Session {
 public:
  Session() = default;
  explicit Session(Graph graph) : graph_(std::move(graph)) {}
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  Graph& graph() { return graph_; }
  const Graph& graph() const { return graph_; }
  // Swaps in a fully loaded graph; the old one is released, and with it every
  // cached statement (a prepared plan refers to the graph's names and sizes).
  // The traversal scratch is sized now, so that the first search does not pay for it.
  void replaceGraph(Graph g) {
    graph_ = std::move(g);
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

  // Called when a statement commits, with its changes (oldest first), before the
  // statement returns; when it throws, the statement is rolled back and fails
  // with that error. A --db session makes the changes durable here.
  using CommitHook = std::function<void(std::span<const Change>)>;
  void setCommitHook(CommitHook hook) { commitHook_ = std::move(hook); }

  // Whether question answers get their narrative lines, which only table output
  // shows (on by default); CSV and JSON need the rows alone.
  void setNarrate(bool on) { narrate_ = on; }

 private:
  // One statement as one commit: run, then hand its changes to the commit hook.
  QueryResult runCommitted(const StatementSpan& span, const std::string& source, int firstLine);
  QueryResult runStatement(const StatementSpan& span, const std::string& source, int firstLine);
  QueryResult runQuery(ast::Query& query, const StatementSpan& span, const std::string& source, int firstLine);
  // Runs a cached statement with this statement's literals; its errors name this statement's positions.
  QueryResult runCached(StatementCache::Entry& entry, const StrippedStatement& stripped, const StatementSpan& span,
                        const std::string& source, int firstLine);
  void exportIfAsked(QueryResult& result, const std::optional<ast::ExportSpec>& spec);

  Graph graph_;
  ValueMap params_;
  Limits limits_;
  StatementCache cache_;
  bool caching_ = true;
  SessionCounters counters_;
  std::atomic<bool> cancel_{false};
  bool narrate_ = true;
  TraversalScratch traversal_;
  CommitHook commitHook_;  // kept across statements: sized to the graph once, not per statement
};

}  // namespace kgq
