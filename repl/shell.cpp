#include "shell.h"

#include <signal.h>
#include <unistd.h>

#include <sstream>

#include "binder/binder.h"
#include "common/strings.h"
#include "line_editor.h"
#include "parser/parser.h"

namespace kgq {

void markInterrupted();

namespace {

Session* gSession = nullptr;  // for the SIGINT handler only

extern "C" void onSigint(int) {
  markInterrupted();
  if (gSession) gSession->cancel();
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

}  // namespace

bool isMetaLine(const std::string& line) {
  std::string t = trim(line);
  return t.size() > 1 && t[0] == ':' && std::isalpha(static_cast<unsigned char>(t[1]));
}

Shell::Shell(Session& session, ShellOptions opts, std::ostream& out, std::ostream& err)
    : session_(session), opts_(std::move(opts)), out_(out), err_(err) {}

void Shell::report(const Error& e, const std::string& source) {
  if (e.pos().source.empty() && !source.empty() && e.pos().line > 0) {
    SourcePos pos = e.pos();
    pos.source = source;
    err_ << Error(e.kind(), e.message(), pos, e.hint()).render() << std::endl;
  } else {
    err_ << e.render() << std::endl;
  }
}

void Shell::printResult(const QueryResult& r) {
  kgq::printResult(r, session_.graph(), opts_.format, out_);
  out_.flush();
}

bool Shell::runStatements(const std::string& text, const std::string& source, int firstLine) {
  bool ok = true;
  auto onResult = [&](const StatementResult& r) { printResult(r.result); };
  try {
    if (opts_.keepGoing)
      session_.run(text, source, firstLine, onResult, [&](const Error& e) {
        ok = false;
        report(e, source);
      });
    else
      session_.run(text, source, firstLine, onResult);
  } catch (const Error& e) {
    report(e, source);
    return false;
  }
  return ok;
}

bool Shell::runMeta(const std::string& line, const std::string& source, int lineNo) {
  std::string t = trim(line).substr(1);
  auto space = t.find_first_of(" \t");
  std::string name = t.substr(0, space);
  std::string args = space == std::string::npos ? "" : trim(t.substr(space));
  source_ = source;
  for (const auto& cmd : metaCommands()) {
    if (cmd.name != name) continue;
    try {
      cmd.run(*this, args);
      return true;
    } catch (const Error& e) {
      if (e.pos().line == 0) {
        report(Error(e.kind(), e.message(), SourcePos{source, lineNo, 1, {}}, e.hint()), source);
      } else {
        report(e, source);
      }
      return false;
    }
  }
  std::string best;
  std::size_t bestDist = 3;
  for (const auto& cmd : metaCommands())
    if (auto d = editDistance(name, cmd.name); d < bestDist) bestDist = d, best = cmd.name;
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
  return ok;
}

bool Shell::statementComplete(const std::string& buffer) {
  if (needsMoreInput(buffer)) return false;
  try {
    auto spans = splitStatements(buffer);
    if (spans.empty()) return false;
    for (const auto& span : spans) {
      auto script = parseSpan(span, "<input>");
      for (auto& st : script.statements)
        if (auto* q = std::get_if<ast::Query>(&st)) bindQuery(*q);
    }
    return true;
  } catch (const Error&) {
    return false;
  }
}

void Shell::loadGraph(const std::string& path) {
  Graph g = kgq::loadGraph(path, opts_.load);  // throws before anything changes
  session_.replaceGraph(std::move(g));
  out_ << "loaded " << path << ": " << session_.graph().nodeCount() << " nodes, " << session_.graph().relCount()
       << " relationships" << std::endl;
}

int Shell::repl() {
  LineEditor editor(LineEditor::defaultHistoryFile());
  gSession = &session_;
  struct sigaction sa {};
  sa.sa_handler = onSigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: an interrupted read must return to readline
  sigaction(SIGINT, &sa, nullptr);

  out_ << "kgq " << KGQ_VERSION << " — " << session_.graph().nodeCount() << " nodes, "
       << session_.graph().relCount() << " relationships. Type :help for help, :quit to leave." << std::endl;
  std::string buffer;
  int lineNo = 0;
  while (!quit_) {
    auto input = editor.readLine(buffer.empty() ? "kgq> " : "...> ");
    if (input.status == LineEditor::Status::Eof) {
      out_ << std::endl;
      break;
    }
    if (input.status == LineEditor::Status::Interrupted) {
      buffer.clear();
      out_ << "^C" << std::endl;
      continue;
    }
    ++lineNo;
    if (buffer.empty() && isMetaLine(input.text)) {
      editor.remember(trim(input.text));
      runMeta(input.text, "<input>", lineNo);
      continue;
    }
    if (buffer.empty() && trim(input.text).empty()) continue;
    buffer += input.text + "\n";
    bool singleLine = std::count(buffer.begin(), buffer.end(), '\n') == 1;
    if (endsWithSemicolon(buffer) || (singleLine && statementComplete(buffer))) {
      std::string entry = trim(buffer);
      editor.remember(entry);
      runStatements(buffer, "<input>", 1);
      buffer.clear();
    }
  }
  gSession = nullptr;
  signal(SIGINT, SIG_DFL);
  return 0;
}

}  // namespace kgq
