// Shell: runs kgq input — interactive lines, `-c` text, script files, piped
// stdin — by feeding statements to the Session and `:` commands to the table in
// meta_commands.cpp. Prints results to `out` and errors, once each, to `err`.
#pragma once

#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "format/format.h"
#include "io/csv_loader.h"
#include "io/export.h"
#include "session/session.h"

namespace kgq {

struct ShellOptions {
  OutputFormat format = OutputFormat::Table;
  bool keepGoing = false;  // scripts: run on after an error (the exit status still reports it)
  LoadOptions load;
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

  Session& session() { return session_; }
  ShellOptions& options() { return opts_; }
  std::ostream& out() { return out_; }
  void requestQuit() { quit_ = true; }
  void printResult(const QueryResult& r);
  // Loads a graph directory; the current graph stays when loading fails.
  void loadGraph(const std::string& path);
  const std::string& currentSource() const { return source_; }

 private:
  // A chunk of input is either one `:` command line or statement text.
  bool runStatements(const std::string& text, const std::string& source, int firstLine);
  bool runMeta(const std::string& line, const std::string& source, int lineNo);
  void report(const Error& e, const std::string& source);
  bool statementComplete(const std::string& buffer);

  Session& session_;
  ShellOptions opts_;
  std::ostream& out_;
  std::ostream& err_;
  bool quit_ = false;
  std::string source_;
};

// True for a line that is a `:` command (leading blanks allowed).
bool isMetaLine(const std::string& line);

}  // namespace kgq
