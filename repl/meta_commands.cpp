// The `:` commands, one table (at the end). Each entry: name, argument synopsis,
// summary, action. They work the same in the REPL and in scripts.
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/strings.h"
#include "procedures/registry.h"
#include "help.h"
#include "io/export.h"
#include "shell.h"

namespace kgq {

namespace {

std::string readFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw LoadError("cannot read '" + path + "': it is a directory");
  std::ifstream in(path, std::ios::binary);
  // No position: the error points at the :read line that named the file.
  if (!in) throw LoadError("cannot read file '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// "name rest of the line" -> {"name", "rest of the line"}.
std::pair<std::string, std::string> firstWord(const std::string& args) {
  auto space = args.find_first_of(" \t");
  if (space == std::string::npos) return {args, ""};
  auto rest = args.find_first_not_of(" \t", space);
  return {args.substr(0, space), rest == std::string::npos ? "" : args.substr(rest)};
}

// ---- :help ----

void printCommandList(std::ostream& out) {
  std::size_t width = 0;
  for (const auto& c : Shell::metaCommands()) width = std::max(width, c.name.size() + c.args.size() + 2);
  for (const auto& c : Shell::metaCommands()) {
    std::string head = ":" + c.name + (c.args.empty() ? "" : " " + c.args);
    out << "  " << head << std::string(width + 2 - head.size(), ' ') << c.summary << "\n";
  }
}

void printOverview(std::ostream& out) {
  out << "Statements end with ';' (a complete single line also runs on Enter). For example:\n"
         "  MATCH (p:Person)-[:HOLDS_ROLE]->(r:Role) RETURN p.name, r.name;\n"
         "  PATH FROM Ryzhenkov TO Pakistan;\n"
         "Topics (:help TOPIC shows explanations and examples):\n";
  for (const auto& t : helpTopics())
    out << "  " << t.name << std::string(12 - std::min<std::size_t>(t.name.size(), 11), ' ') << t.summary << "\n";
  out << "Commands:\n";
  printCommandList(out);
  out << "Keys: Tab completes keywords, labels, types, property keys, entity names and file names;\n"
         "Up/Down recall earlier statements; Ctrl-C cancels a running query or clears the line; Ctrl-D leaves.\n";
}

void help(Shell& sh, const std::string& args) {
  auto& out = sh.out();
  if (args.empty()) return printOverview(out);
  std::string topic = args.front() == ':' ? args.substr(1) : args;
  if (auto t = findHelpTopic(topic)) {
    out << t->text;
    return;
  }
  for (const auto& c : Shell::metaCommands())
    if (c.name == topic) {
      out << ":" << c.name << (c.args.empty() ? "" : " " + c.args) << "\n  " << c.summary << "\n";
      return;
    }
  std::string names;
  for (const auto& t : helpTopics()) names += (names.empty() ? "" : ", ") + std::string(t.name);
  throw SyntaxError("no help on '" + args + "'", {}, "topics: " + names + "; or a command name");
}

// ---- graph summaries ----

using Counts = std::vector<std::pair<std::string, std::size_t>>;

// Names nothing carries any more (interned by a rolled-back CREATE) are left out;
// totals are shown even when 0.
void addRows(QueryResult& r, const char* element, Counts counts, bool total = false) {
  std::sort(counts.begin(), counts.end());
  for (auto& [name, n] : counts)
    if (n > 0 || total) r.rows.push_back({Value(element), Value(std::move(name)), Value(static_cast<std::int64_t>(n))});
}

QueryResult countsTable() {
  QueryResult r;
  r.hasReturn = true;
  r.columns = {"element", "name", "count"};
  return r;
}

Counts labelCounts(const Graph& g) {
  Counts c;
  for (std::uint32_t l = 0; l < g.labels().size(); ++l) c.emplace_back(g.labels().name(l), g.nodesWithLabel(l).size());
  return c;
}

Counts typeCounts(const Graph& g) {
  Counts c;
  for (std::uint32_t t = 0; t < g.types().size(); ++t) c.emplace_back(g.types().name(t), g.relsWithType(t).size());
  return c;
}

void stats(Shell& sh, const std::string&) {
  const Graph& g = sh.session().graph();
  QueryResult r = countsTable();
  addRows(r, "nodes", {{"*", g.liveNodeCount()}}, true);
  addRows(r, "label", labelCounts(g));
  addRows(r, "relationships", {{"*", g.liveRelCount()}}, true);
  addRows(r, "type", typeCounts(g));
  sh.printResult(r);
}

// How many nodes (or relationships) carry each property key.
template <typename CountOf>
Counts keyCounts(const Graph& g, CountOf countOf) {
  Counts c;
  for (KeyId k = 0; k < g.keys().size(); ++k) c.emplace_back(g.keys().name(k), countOf(k));
  return c;
}

// "(:Person)-[:HOLDS_ROLE]->(:Role)" for every label pair a relationship joins;
// "()" stands for a node without labels.
Counts patternCounts(const Graph& g) {
  auto node = [](const std::string& label) { return label.empty() ? std::string("()") : "(:" + label + ")"; };
  Counts c;
  for (const auto& p : schemaPatterns(g)) c.emplace_back(node(p.from) + "-[:" + p.type + "]->" + node(p.to), p.count);
  std::sort(c.begin(), c.end());
  return c;
}

void schema(Shell& sh, const std::string&) {
  const Graph& g = sh.session().graph();
  QueryResult r = countsTable();
  addRows(r, "label", labelCounts(g));
  addRows(r, "type", typeCounts(g));
  addRows(r, "node property", keyCounts(g, [&](KeyId k) { return g.nodeKeyCount(k); }));
  addRows(r, "relationship property", keyCounts(g, [&](KeyId k) { return g.relKeyCount(k); }));
  addRows(r, "pattern", patternCounts(g));
  sh.printResult(r);
}

// ---- settings ----

// :param name => expression   (the expression is evaluated like RETURN <expression>)
void param(Shell& sh, const std::string& args) {
  auto arrow = args.find("=>");
  std::string name = args.substr(0, arrow);
  name.erase(name.find_last_not_of(" \t") + 1);
  if (arrow == std::string::npos || name.empty())
    throw SyntaxError("usage: :param name => value", {}, ":param year => 2015");
  if (name.front() == '$') name.erase(0, 1);
  QueryResult r = sh.session().runOne("RETURN " + args.substr(arrow + 2));
  sh.session().params()[name] = r.rows.at(0).at(0);
}

void params(Shell& sh, const std::string&) {
  QueryResult r;
  r.hasReturn = true;
  r.columns = {"name", "value"};
  for (const auto& [k, v] : sh.session().params()) r.rows.push_back({Value("$" + k), v});
  sh.printResult(r);
}

const char* formatName(OutputFormat f) {
  switch (f) {
    case OutputFormat::Table: return "table";
    case OutputFormat::Csv: return "csv";
    case OutputFormat::Json: return "json";
  }
  return "table";
}

void format(Shell& sh, const std::string& args) {
  if (args.empty()) {
    sh.out() << "format: " << formatName(sh.options().format) << "\n";
    return;
  }
  auto f = parseOutputFormat(args);
  if (!f) throw SyntaxError("unknown format '" + args + "'", {}, "use :format table, :format csv or :format json");
  sh.options().format = *f;
}

void timing(Shell& sh, const std::string& args) {
  if (args == "on" || args == "off") sh.options().timing = args == "on";
  else if (!args.empty()) throw SyntaxError("usage: :timing on|off");
  sh.out() << "timing: " << (sh.options().timing ? "on" : "off") << "\n";
}

void limit(Shell& sh, const std::string& args) {
  if (!args.empty()) {
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(args.data(), args.data() + args.size(), n);
    if (ec != std::errc() || end != args.data() + args.size())
      throw SyntaxError("usage: :limit N (rows a table shows; 0 shows all)", {}, ":limit 20");
    sh.options().maxRows = n;
  }
  auto n = sh.options().maxRows;
  sh.out() << "limit: " << (n ? std::to_string(n) + " rows" : std::string("none")) << "\n";
}

// ---- files ----

void read(Shell& sh, const std::string& args) {
  if (args.empty()) throw SyntaxError("usage: :read FILE");
  // The script reports its own errors, with its own file name and lines.
  if (!sh.runScript(readFile(args), args)) throw Shell::AlreadyReported{};
}

void load(Shell& sh, const std::string& args) {
  if (args.empty())
    throw SyntaxError("usage: :load PATH (a directory with nodes.csv and edges.csv, or a .graphml file)");
  sh.loadGraph(args);
}

// The last result's nodes and relationships, for :export and :show; refuses when there are none.
Subgraph lastAnswer(Shell& sh, const char* command) {
  // Writing an empty subgraph over a graph directory once replaced 77 nodes and 199
  // relationships with nothing: without nodes to write, nothing is written.
  if (!sh.lastResult())
    throw SemanticError(std::string("there is no result to ") + command + " yet", {},
                        std::string(":") + command +
                            " takes the last result's nodes and relationships; :save DIR writes the whole graph");
  Subgraph s = subgraphOf(*sh.lastResult(), sh.session().graph());
  if (s.nodes.empty())
    throw SemanticError(std::string("the last result holds no nodes or relationships; nothing to ") + command, {},
                        "run a query that returns them (MATCH p = ()-->() RETURN p), or :save DIR for the whole "
                        "graph");
  return s;
}

void exportGraph(Shell& sh, const std::string& args) {
  auto [name, path] = firstWord(args);
  std::string lower = toLowerAscii(name);
  static const std::map<std::string, ast::ExportFormat> formats = {
      {"dot", ast::ExportFormat::Dot}, {"graphml", ast::ExportFormat::GraphML}, {"csv", ast::ExportFormat::Csv},
      {"svg", ast::ExportFormat::Svg}, {"png", ast::ExportFormat::Png}};
  auto f = formats.find(lower);
  if (f == formats.end())
    throw SyntaxError("usage: :export dot|svg|png|graphml|csv FILE", {}, ":export svg answer.svg (csv: a directory)");
  if (path.empty()) throw SyntaxError("usage: :export " + lower + " FILE");
  Subgraph s = lastAnswer(sh, "export");
  sh.out() << exportSubgraph(sh.session().graph(), s, f->second, path) << "\n";
}

// A program on the PATH, as the shell would find it; empty when there is none.
std::string onPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  for (std::size_t at = 0; at <= dirs.size();) {
    auto end = std::min(dirs.find(':', at), dirs.size());
    std::string dir = end > at ? dirs.substr(at, end - at) : ".";
    std::string candidate = dir + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    at = end + 1;
  }
  return {};
}

// xdg-open, detached (its own session, no terminal, reaped by init): the REPL neither waits for the
// viewer nor leaves a zombie. Only async-signal-safe calls between fork and exec.
bool openDetached(const std::string& opener, const std::string& file) {
  const char* argv[] = {opener.c_str(), file.c_str(), nullptr};
  pid_t child = ::fork();
  if (child < 0) return false;
  if (child == 0) {
    ::setsid();
    if (::fork() == 0) {
      int null = ::open("/dev/null", O_RDWR);
      if (null >= 0)
        for (int fd = 0; fd < 3; ++fd) ::dup2(null, fd);
      ::execv(argv[0], const_cast<char* const*>(argv));
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return true;
}

// :show renders the last answer to a fresh SVG in the temporary directory and opens it where a
// desktop can (DISPLAY or WAYLAND_DISPLAY set, xdg-open on the PATH); otherwise it says where the
// file is. The files stay: a viewer may read them after the REPL has left.
void show(Shell& sh, const std::string& args) {
  if (!args.empty()) throw SyntaxError("usage: :show (renders the last result; :export svg FILE names the file)");
  Subgraph s = lastAnswer(sh, "show");
  static int shown = 0;
  auto file = std::filesystem::temp_directory_path() /
              ("kgq-show-" + std::to_string(::getpid()) + "-" + std::to_string(++shown) + ".svg");
  exportSubgraph(sh.session().graph(), s, ast::ExportFormat::Svg, file.string());
  std::string what = std::to_string(s.nodes.size()) + " nodes, " + std::to_string(s.rels.size()) + " relationships";
  auto set = [](const char* name) { return std::getenv(name) && *std::getenv(name); };
  std::string opener = set("DISPLAY") || set("WAYLAND_DISPLAY") ? onPath("xdg-open") : std::string();
  if (!opener.empty() && openDetached(opener, file.string())) {
    sh.out() << "opened " << file.string() << " (" << what << ")\n";
    return;
  }
  sh.out() << "wrote " << file.string() << " (" << what << "); no picture viewer here (it needs DISPLAY or "
           << "WAYLAND_DISPLAY and xdg-open): open the file in a browser\n";
}

void save(Shell& sh, const std::string& args) {
  if (args.empty()) throw SyntaxError("usage: :save DIR", {}, ":save graphs/pakistan_belarus");
  sh.out() << saveGraph(sh.session().graph(), args) << "\n";
}

void checkpoint(Shell& sh, const std::string&) {
  Database* db = sh.database();
  if (!db)
    throw SemanticError("no database is open", {}, "start kgq with --db DIR; :save DIR writes CSV files instead");
  auto before = db->logBytes();
  db->checkpoint(sh.session().graph());
  sh.out() << "checkpoint: " << db->dir().string() << "/" << Database::kSnapshotFile << " (" << db->snapshotBytes()
           << " bytes) now holds every commit; " << before << " log bytes folded in\n";
}

void quit(Shell& sh, const std::string&) { sh.requestQuit(); }

}  // namespace

const std::vector<Shell::MetaCommand>& Shell::metaCommands() {
  static const std::vector<MetaCommand> commands = {
      {"help", "[TOPIC]", "statements and commands, with examples (:help match, :help path, ...)", help},
      {"schema", "", "labels, types, property keys and (Label)-[TYPE]->(Label) patterns, with counts", schema},
      {"stats", "", "node and relationship counts by label and type", stats},
      {"format", "table|csv|json", "choose the output format", format},
      {"limit", "N", "show at most N rows of a table (0 = all)", limit},
      {"timing", "on|off", "show the time each statement took", timing},
      {"param", "NAME => VALUE", "set a query parameter ($NAME)", param},
      {"params", "", "list the query parameters", params},
      {"read", "FILE", "run a script file", read},
      {"load", "PATH", "replace the graph (CSV directory or .graphml); a failed load keeps the current one", load},
      {"export", "dot|svg|png|graphml|csv FILE", "write the last result's nodes and relationships to FILE",
       exportGraph},
      {"show", "", "draw the last result as SVG and open it (or print where the file is)", show},
      {"save", "DIR", "write the whole graph as CSV to DIR, replacing its graph files in one step", save},
      {"checkpoint", "", "with --db: write the snapshot now and empty the log", checkpoint},
      {"quit", "", "leave (also :exit or Ctrl-D)", quit},
      {"exit", "", "leave", quit},
  };
  return commands;
}

}  // namespace kgq
