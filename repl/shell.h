// Shell: runs kgq input — interactive lines, `-c` text, script files, piped
// stdin — by feeding statements to the Session and `:` commands to the table in
// meta_commands.cpp. Prints results to `out` and errors, once each, to `err`.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "format/format.h"
#include "io/csv_loader.h"
#include "parser/parser.h"
#include "session/session.h"
#include "storage/database.h"

namespace kgq {

struct ShellOptions {
  OutputFormat format = OutputFormat::Table;
  bool keepGoing = false;  // scripts: run on after an error (the exit status still reports it)
  LoadOptions load;
  bool timing = false;          // "(N rows, 1.2 ms)" after table results (:timing; on in the REPL)
  bool timingToStderr = false;  // --timing: "timing: statement <n>: <ms> ms" on stderr for every statement
  std::size_t maxRows = 0;      // :limit: table rows shown, 0 = all
  bool fitTerminal = false;     // size tables to the terminal on stdout
  bool colorOut = false;        // bold table headers
  bool colorErr = false;        // red error kinds
};

class Shell {
 public:
  Shell(Session& session, ShellOptions opts, std::ostream& out, std::ostream& err);

  // Runs a script; returns false when any statement or command failed.
  bool runScript(const std::string& text, const std::string& source);
  // The interactive loop; returns the process exit status.
  int repl();

  // ---- used by the meta commands ----
  struct MetaCommand {
    std::string name;  // without the colon
    std::string args;
    std::string summary;
    std::function<void(Shell&, const std::string& args)> run;
  };
  static const std::vector<MetaCommand>& metaCommands();
  // Thrown by a command whose errors were printed already (:read of a failing script).
  struct AlreadyReported {};

  Session& session() { return session_; }
  // The database of a --db session (nullptr otherwise), for :checkpoint.
  Database* database() { return db_; }
  void setDatabase(Database* db) { db_ = db; }
  ShellOptions& options() { return opts_; }
  std::ostream& out() { return out_; }
  void requestQuit() { quit_ = true; }
  void printResult(const QueryResult& r, std::optional<double> elapsedMs = std::nullopt);
  // Replaces the graph by a CSV directory or GraphML file; the current graph stays when loading fails.
  void loadGraph(const std::string& path);
  // The last statement's result (what :export writes); nullptr before the first and after :load.
  const QueryResult* lastResult() const { return last_ ? &*last_ : nullptr; }

 private:
  // A chunk of input is either one `:` command line or statement text.
  bool runStatements(const std::string& text, const std::string& source, int firstLine);
  bool runMeta(const std::string& line, const std::string& source, int lineNo);
  void report(const Error& e, const std::string& source);
  bool continuesStatementThatRan(const Error& e) const;
  bool statementComplete(const std::string& buffer);
  double finishStatement(double ms);
  void installCompletion(class LineEditor& editor);

  Session& session_;
  Database* db_ = nullptr;
  ShellOptions opts_;
  std::ostream& out_;
  std::ostream& err_;
  bool quit_ = false;
  std::optional<QueryResult> last_;
  int statementNo_ = 0;  // statements run so far, for --timing
  std::string pending_;  // REPL: the lines of an unfinished statement
  bool interactive_ = false;
  bool followsLineRunOnEnter_ = false;  // REPL: the statement being run came right after one that ran on Enter  // in the REPL: statements are not headed by their comments
};

// True for a line that is a `:` command (leading blanks allowed).
bool isMetaLine(const std::string& line);
std::string continuationPrompt(const OpenInput& open);
std::string unfinishedHint(const OpenInput& open);

}  // namespace kgq
