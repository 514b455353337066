#include "shell.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>

#include <spdlog/spdlog.h>

#include "common/strings.h"
#include "completer.h"
#include "io/export.h"
#include "line_editor.h"
#include "parser/parser.h"
#include "terminal.h"

namespace kgq {

namespace {

using Clock = std::chrono::steady_clock;

Session* gSession = nullptr;               // for the SIGINT handler only
volatile sig_atomic_t gSigintSeen = 0;     // a Ctrl-C arrived since the statement started

// Ctrl-C in the REPL: abandons the line being edited, or cancels the running
// query (the executor checks the flag in its loops and throws "query cancelled").
extern "C" void onSigint(int) {
  LineEditor::interrupt();
  if (gSession) gSession->cancel();
  gSigintSeen = 1;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool endsWithSemicolon(const std::string& buffer) {
  std::string t = trim(buffer);
  return !t.empty() && t.back() == ';' && !needsMoreInput(buffer);
}

double millisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

LineEditor::Candidates toCandidates(Completion c) {
  LineEditor::Candidates out;
  out.files = c.kind == CompletionKind::FilePath;
  out.words = std::move(c.candidates);
  // A label, type or key is usually followed by `)`, `]`, `|` or `:`, not a blank.
  out.appendSpace = c.kind != CompletionKind::Label && c.kind != CompletionKind::RelType &&
                    c.kind != CompletionKind::PropertyKey;
  return out;
}

}  // namespace

// The prompt of an unfinished statement shows what is still open: `...'>`, `...(>`, `.../*>`.
std::string continuationPrompt(const OpenInput& open) {
  if (open.quote) return std::string("...") + open.quote + "> ";
  if (open.blockComment) return ".../*> ";
  if (!open.brackets.empty()) return std::string("...") + open.brackets.back() + "> ";
  return "...> ";
}

std::string unfinishedHint(const OpenInput& open) {
  std::string where = " (opened on line " + std::to_string(open.openedOnLine) + ")";
  std::string what;
  if (open.quote == '`') what = "a `-quoted name is open" + where + ": close it with `";
  else if (open.quote) what = std::string("a string is open") + where + ": close it with " + open.quote;
  else if (open.blockComment) what = "a /* comment is open" + where + ": close it with */";
  else if (!open.brackets.empty()) {
    char c = open.brackets.back();
    what = std::string("'") + c + "' is open" + where + ": close it with " + (c == '(' ? ')' : c == '[' ? ']' : '}') +
           ", then end the statement with ;";
  } else {
    what = "the statement is not finished: end it with ;";
  }
  return "hint: " + what + " (Ctrl-C drops the statement)";
}

bool isMetaLine(const std::string& line) {
  std::string t = trim(line);
  return t.size() > 1 && t[0] == ':' && std::isalpha(static_cast<unsigned char>(t[1]));
}

Shell::Shell(Session& session, ShellOptions opts, std::ostream& out, std::ostream& err)
    : session_(session), opts_(std::move(opts)), out_(out), err_(err) {}

// A line that begins with what can only continue a statement (ORDER BY, WHERE, AND ...) after a
// line that ran on Enter was meant as that statement's next line.
bool Shell::continuesStatementThatRan(const Error& e) const {
  if (!followsLineRunOnEnter_ || e.kind() != "SyntaxError" || e.pos().line != 1) return false;
  const std::string& line = e.pos().lineText;
  auto column = static_cast<std::size_t>(std::max(e.pos().column, 1));
  return column <= line.size() + 1 && trim(line.substr(0, column - 1)).empty();
}

void Shell::report(const Error& e, const std::string& source) {
  if (gSigintSeen) err_ << "\n";  // the terminal echoed ^C where the cursor was
  gSigintSeen = 0;
  SourcePos pos = e.pos();
  if (pos.source.empty() && !source.empty() && pos.line > 0) pos.source = source;
  std::string hint = continuesStatementThatRan(e)
                         ? "the previous line already ran as a statement of its own; end statements with `;` to "
                           "write them over several lines"
                         : e.hint();
  std::string text = Error(e.kind(), e.message(), pos, hint).render();
  if (opts_.colorErr && text.starts_with(e.kind())) text = red(e.kind(), true) + text.substr(e.kind().size());
  err_ << text << std::endl;
}

void Shell::printResult(const QueryResult& r, std::optional<double> elapsedMs) {
  if (opts_.format != OutputFormat::Table) {
    kgq::printResult(r, session_.graph(), opts_.format, out_);
  } else {
    TableOptions t;
    t.maxRows = opts_.maxRows;
    t.maxWidth = opts_.fitTerminal ? terminalColumns(STDOUT_FILENO) : 0;
    t.maxCellLines = 4;
    t.color = opts_.colorOut;
    if (opts_.timing) t.elapsedMs = elapsedMs;
    printTable(r, session_.graph(), out_, t);
  }
  out_.flush();
  // JSON carries them in its object; people and CSV readers get them on stderr, under the result.
  if (opts_.format != OutputFormat::Json)
    for (const auto& n : r.notifications) {
      std::string text = n.render();
      if (opts_.colorErr) text = yellow("warning", true) + text.substr(7);
      err_ << text << std::endl;
    }
}

// Counts a statement that ran (or failed) and reports its time for --timing.
double Shell::finishStatement(double ms) {
  ++statementNo_;
  if (opts_.timingToStderr) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "timing: statement %d: %.3f ms", statementNo_, ms);
    err_ << buf << std::endl;
  }
  return ms;
}

bool Shell::runStatements(const std::string& text, const std::string& source, int firstLine) {
  bool ok = true;
  // Each statement's time runs from the end of the previous one (printing excluded).
  auto started = Clock::now();
  std::vector<std::string> lines;
  if (!interactive_ && opts_.format == OutputFormat::Table) {
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) lines.push_back(trim(l));
  }
  auto onResult = [&](const StatementResult& r) {
    double ms = finishStatement(millisecondsSince(started));
    if (isTransactionStatement(r.text)) {  // no result of its own: :export still sees the last query's
      started = Clock::now();
      return;
    }
    last_ = r.result;
    // A saved question script reads as a report: the `//` lines just above a statement head its result.
    auto at = static_cast<std::ptrdiff_t>(r.line - firstLine);
    auto first = at;
    while (first > 0 && first <= static_cast<std::ptrdiff_t>(lines.size()) && lines[first - 1].starts_with("//"))
      --first;
    for (auto i = first; i < at; ++i) out_ << lines[i] << "\n";
    printResult(r.result, ms);
    started = Clock::now();
  };
  auto onError = [&](const Error& e) {
    finishStatement(millisecondsSince(started));
    ok = false;
    report(e, source);
    started = Clock::now();
  };
  session_.setNarrate(opts_.format == OutputFormat::Table);
  try {
    session_.run(text, source, firstLine, onResult, opts_.keepGoing ? Session::ErrorHandler(onError) : nullptr);
  } catch (const Error& e) {
    onError(e);
  }
  return ok;
}

bool Shell::runMeta(const std::string& line, const std::string& source, int lineNo) {
  std::string t = trim(line).substr(1);
  auto space = t.find_first_of(" \t");
  std::string name = t.substr(0, space);
  std::string args = space == std::string::npos ? "" : trim(t.substr(space));
  for (const auto& cmd : metaCommands()) {
    if (cmd.name != name) continue;
    try {
      cmd.run(*this, args);
      return true;
    } catch (const AlreadyReported&) {
      return false;
    } catch (const Error& e) {
      // Errors about the command itself point at its line; those about a file
      // it read (a graph to :load) keep that file's position.
      if (e.pos().source.empty())
        report(Error(e.kind(), e.message(), SourcePos{source, lineNo, 1, {}}, e.hint()), source);
      else
        report(e, source);
      return false;
    } catch (const std::bad_alloc&) {
      report(LoadError("out of memory", SourcePos{source, lineNo, 1, {}}), source);
      return false;
    } catch (const std::exception& e) {
      // A path the command handled badly (a filesystem_error) must not end the session.
      report(RuntimeError(std::string("internal error: ") + e.what(), SourcePos{source, lineNo, 1, {}}), source);
      return false;
    }
  }
  std::vector<std::string> names;
  for (const auto& cmd : metaCommands()) names.push_back(cmd.name);
  auto close = closestNames(name, names);
  std::string best = close.empty() ? "" : close[0];
  report(SyntaxError("unknown command ':" + name + "'", SourcePos{source, lineNo, 1, {}},
                     best.empty() ? "type :help for the list of commands" : "did you mean :" + best + "?"),
         source);
  return false;
}

bool Shell::runScript(const std::string& text, const std::string& source) {
  std::istringstream in(text);
  std::string line, buffer;
  int lineNo = 0, bufferStart = 1;
  bool ok = true;
  auto flush = [&]() {
    if (!trim(buffer).empty()) {
      if (!runStatements(buffer, source, bufferStart)) ok = false;
    }
    buffer.clear();
  };
  while (std::getline(in, line) && !quit_) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(buffer).empty() && isMetaLine(line)) {
      buffer.clear();
      if (!runMeta(line, source, lineNo)) ok = false;
    } else {
      if (trim(buffer).empty()) {
        buffer.clear();
        bufferStart = lineNo;
      }
      buffer += line + "\n";
      if (endsWithSemicolon(buffer)) flush();
    }
    if (!ok && !opts_.keepGoing) return false;
  }
  if (!quit_) flush();
  if (session_.inTransaction()) {
    session_.rollback();
    spdlog::warn("{}: the script ended with a transaction open: it was rolled back (end it with COMMIT)", source);
  }
  return ok;
}

namespace {
// A query can end with RETURN or an update clause; `MATCH (n)` alone is still being typed.
bool canEndHere(const ast::Query& whole) {
  const auto& q = whole.unions.empty() ? whole : *whole.unions.back().query;
  if (q.clauses.empty()) return false;
  if (const auto* p = std::get_if<ast::ProjectionClause>(&q.clauses.back())) return p->isReturn;
  if (std::holds_alternative<ast::CallClause>(q.clauses.back())) return q.clauses.size() == 1;
  return std::holds_alternative<ast::CreateClause>(q.clauses.back()) ||
         std::holds_alternative<ast::UpdateClause>(q.clauses.back()) ||
         std::holds_alternative<ast::SubqueryClause>(q.clauses.back());
}
}  // namespace

// A single line without `;` runs on Enter when it parses and could end there.
// It is not bound: a mistake such as an unknown variable is reported at once
// rather than answered with a continuation prompt.
bool Shell::statementComplete(const std::string& buffer) {
  if (isTransactionStatement(buffer)) return true;
  if (needsMoreInput(buffer)) return false;
  try {
    auto spans = splitStatements(buffer);
    if (spans.empty()) return false;
    for (const auto& span : spans) {
      auto script = parseSpan(span, "<input>");
      for (const auto& st : script.statements)
        if (const auto* q = std::get_if<ast::Query>(&st); q && !canEndHere(*q)) return false;
    }
    return true;
  } catch (const Error&) {
    return false;
  }
}

void Shell::loadGraph(const std::string& path) {
  if (db_)
    throw SemanticError("cannot replace the graph of database '" + db_->dir().string() + "'", {},
                        "create a new database from files with kgq --db NEWDIR --import " + path);
  Graph g = kgq::loadGraph(path, opts_.load);  // throws before anything changes
  session_.replaceGraph(std::move(g));
  last_.reset();  // its node and relationship ids belonged to the old graph
  out_ << "loaded " << path << ": " << session_.graph().liveNodeCount() << " nodes, " << session_.graph().liveRelCount()
       << " relationships" << std::endl;
}

void Shell::installCompletion(LineEditor& editor) {
  // The lines of an unfinished statement are part of the context: `PATH FROM x` on
  // one line and `TO ` on the next still completes an entity name.
  editor.setCompleter(
      [this](const std::string& before, const std::string& word) {
        return toCandidates(complete(pending_ + before, word, session_.graph()));
      },
      [this](const std::string& line) { return completionWordBreaks(pending_ + line); });
}

int Shell::repl() {
  LineEditor editor(LineEditor::defaultHistoryFile());
  installCompletion(editor);
  gSession = &session_;
  struct sigaction sa {}, previous{};
  sa.sa_handler = onSigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: the wait for input must wake up
  sigaction(SIGINT, &sa, &previous);
  opts_.timing = true;
  interactive_ = true;
  bool previousRanOnEnter = false;  // the last statement was one line without `;`

  out_ << "kgq " << KGQ_VERSION << " — " << session_.graph().liveNodeCount() << " nodes, "
       << session_.graph().liveRelCount() << " relationships. Type :help for help, :quit to leave." << std::endl;
  while (!quit_) {
    auto input = editor.readLine(!pending_.empty()           ? continuationPrompt(scanOpenInput(pending_))
                                 : session_.inTransaction() ? "kgq(tx)> "
                                                            : "kgq> ");
    if (input.status == LineEditor::Status::Eof) {
      out_ << std::endl;
      break;
    }
    if (input.status == LineEditor::Status::Interrupted) {  // the editor showed ^C
      pending_.clear();
      continue;
    }
    gSigintSeen = 0;
    if (pending_.empty() && isMetaLine(input.text)) {
      editor.remember(trim(input.text));
      runMeta(input.text, "<input>", 1);
      continue;
    }
    if (pending_.empty() && trim(input.text).empty()) continue;
    if (!pending_.empty() && trim(input.text).empty()) {
      err_ << unfinishedHint(scanOpenInput(pending_)) << std::endl;
      continue;
    }
    pending_ += input.text + "\n";
    bool singleLine = std::count(pending_.begin(), pending_.end(), '\n') == 1;
    bool semicolon = endsWithSemicolon(pending_);
    if (semicolon || (singleLine && statementComplete(pending_))) {
      std::string statement = std::move(pending_);
      pending_.clear();
      editor.remember(trim(statement));
      followsLineRunOnEnter_ = previousRanOnEnter;
      runStatements(statement, "<input>", 1);
      followsLineRunOnEnter_ = false;
      previousRanOnEnter = !semicolon;
    }
  }
  if (session_.inTransaction()) {
    // Leaving must not silently drop (or keep) a transaction's changes: ask, defaulting to roll back.
    auto answer = editor.readLine("A transaction is open. Commit it before leaving? [y/N] ");
    std::string a = toLowerAscii(trim(answer.text));
    try {
      if (answer.status == LineEditor::Status::Line && (a == "y" || a == "yes")) {
        session_.commit();
        out_ << "committed" << std::endl;
      } else {
        session_.rollback();
        out_ << "rolled back" << std::endl;
      }
    } catch (const Error& e) {
      report(e, "<input>");
    }
  }
  gSession = nullptr;
  sigaction(SIGINT, &previous, nullptr);
  return 0;
}

}  // namespace kgq
