// The `:` commands, one table. Each entry: name, argument synopsis, summary, action.
#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "shell.h"

namespace kgq {

namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LoadError("cannot read file '" + path + "'", SourcePos{path, 0, 0, {}});
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void help(Shell& sh, const std::string&) {
  auto& out = sh.out();
  out << "Statements end with ';' (a complete single line also runs on Enter). Examples:\n"
         "  MATCH (p:Person)-[:HOLDS_ROLE]->(r) RETURN p.name, r.name;\n"
         "  MATCH p = shortestPath((a {name: 'Maxim Ryzhenkov'})-[*]-(b {name: 'Pakistan'})) RETURN p;\n"
         "  MATCH (a)-[r]->(b) WHERE r.year = 2015 RETURN a.name, type(r), b.name ORDER BY a.name;\n"
         "Commands:\n";
  std::size_t width = 0;
  for (const auto& c : Shell::metaCommands()) width = std::max(width, c.name.size() + c.args.size() + 2);
  for (const auto& c : Shell::metaCommands()) {
    std::string head = ":" + c.name + (c.args.empty() ? "" : " " + c.args);
    out << "  " << head << std::string(width + 2 - head.size(), ' ') << c.summary << "\n";
  }
}

void stats(Shell& sh, const std::string&) {
  const Graph& g = sh.session().graph();
  QueryResult r;
  r.hasReturn = true;
  r.columns = {"element", "name", "count"};
  auto add = [&](const char* element, std::string name, std::size_t count) {
    r.rows.push_back({Value(element), Value(std::move(name)), Value(static_cast<std::int64_t>(count))});
  };
  add("nodes", "*", g.nodeCount());
  std::vector<std::pair<std::string, std::size_t>> byName;
  for (std::uint32_t l = 0; l < g.labels().size(); ++l)
    if (auto n = g.nodesWithLabel(l).size()) byName.emplace_back(g.labels().name(l), n);
  std::sort(byName.begin(), byName.end());
  for (auto& [name, n] : byName) add("label", name, n);
  add("relationships", "*", g.relCount());
  byName.clear();
  for (std::uint32_t t = 0; t < g.types().size(); ++t)
    if (auto n = g.relsWithType(t).size()) byName.emplace_back(g.types().name(t), n);
  std::sort(byName.begin(), byName.end());
  for (auto& [name, n] : byName) add("type", name, n);
  sh.printResult(r);
}

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

void format(Shell& sh, const std::string& args) {
  auto f = parseOutputFormat(args);
  if (!f) throw SyntaxError("unknown format '" + args + "'", {}, "use :format table, :format csv or :format json");
  sh.options().format = *f;
}

void read(Shell& sh, const std::string& args) {
  if (args.empty()) throw SyntaxError("usage: :read FILE");
  if (!sh.runScript(readFile(args), args)) throw RuntimeError("script '" + args + "' stopped at an error");
}

void load(Shell& sh, const std::string& args) {
  if (args.empty()) throw SyntaxError("usage: :load DIRECTORY (with nodes.csv and edges.csv)");
  sh.loadGraph(args);
}

}  // namespace

const std::vector<Shell::MetaCommand>& Shell::metaCommands() {
  static const std::vector<MetaCommand> commands = {
      {"help", "", "show this help", help},
      {"stats", "", "node and relationship counts by label and type", stats},
      {"param", "NAME => VALUE", "set a query parameter ($NAME)", param},
      {"params", "", "list the query parameters", params},
      {"format", "table|csv|json", "choose the output format", format},
      {"read", "FILE", "run a script file", read},
      {"load", "DIR", "replace the graph by DIR/nodes.csv + DIR/edges.csv", load},
      {"quit", "", "leave (also :exit or Ctrl-D)", [](Shell& sh, const std::string&) { sh.requestQuit(); }},
      {"exit", "", "leave", [](Shell& sh, const std::string&) { sh.requestQuit(); }},
  };
  return commands;
}

}  // namespace kgq
