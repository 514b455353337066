// kgq: the command-line entry point. Parses flags, loads the graph, then runs
// -c text, a -f script, piped stdin, or the interactive shell.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>

#include "io/export.h"
#include "format/json_value.h"
#include "server/server.h"
#include "shell.h"
#include "terminal.h"

namespace {

constexpr std::uint64_t kDefaultScriptTimeoutMs = 600'000;
// A server runs one statement at a time: a long one makes every other request wait.
constexpr std::uint64_t kDefaultServeTimeoutMs = 60'000;

std::string defaultGraph() {
  if (const char* env = std::getenv("KGQ_DEFAULT_GRAPH")) return env;
  return KGQ_DEFAULT_GRAPH;
}

// Runs -c text, a -f script, piped stdin or the interactive shell; returns the exit status.
int run(kgq::Shell& shell, const std::string& command, const std::string& file) {
  if (!command.empty()) return shell.runScript(command, "<command>") ? 0 : 1;
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "LoadError: cannot read script '" << file << "'" << std::endl;
      return 1;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return shell.runScript(ss.str(), file) ? 0 : 1;
  }
  if (!isatty(STDIN_FILENO)) {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return shell.runScript(ss.str(), "<stdin>") ? 0 : 1;
  }
  return shell.repl();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kgq — a knowledge-graph query engine (openCypher core + path questions)", "kgq"};
  std::string graphPath, dbPath, importPath, command, file, format = "table", logLevel = "warn", idType = "string";
  std::vector<std::string> params;
  bool empty = false, keepGoing = false, timing = false, strict = false;
  kgq::Limits limits;
  app.add_option("-g,--graph", graphPath, "graph to load: a directory with nodes.csv + edges.csv, or a .graphml file");
  app.add_flag("--empty", empty, "start with an empty graph");
  app.add_option("--db", dbPath, "open (or create) a database directory: commits are durable (log + snapshot)");
  app.add_option("--import", importPath, "with --db: create the database from a CSV directory or .graphml file");
  app.add_option("-c,--command", command, "run these statements and exit");
  app.add_option("-f,--file", file, "run this script and exit");
  app.add_option("--format", format, "output format")->check(CLI::IsMember({"table", "csv", "json"}));
  app.add_option("--param", params, "query parameter NAME=JSON (repeatable)");
  app.add_option("--id-type", idType, "how :ID columns are stored")->check(CLI::IsMember({"string", "integer"}));
  app.add_option("--max-rows", limits.maxRows, "most rows an operator or a result may hold");
  app.add_option("--max-expansions", limits.maxExpansions, "most relationships a variable-length pattern follows");
  app.add_option("--max-product-rows", limits.maxProductRows,
                 "refuse a MATCH whose disconnected patterns pair into more rows than this, by estimate (0 = never; "
                 "default 1000000000)");
  std::int64_t timeoutMs = -1;
  app.add_option("--timeout", timeoutMs,
                 "stop a statement after this many milliseconds (0 = never; default 600000 in scripts, "
                 "never in the REPL)");
  std::string maxMemory;
  app.add_option("--max-memory", maxMemory,
                 "memory a statement may use while it runs, e.g. 512M, 4G (0 = no budget; default: " +
                     kgq::memory::formatBytes(limits.maxMemory) + ")");
  limits.threads = std::max(1u, std::thread::hardware_concurrency());
  app.add_option("--threads", limits.threads,
                 "workers for a parallel aggregation over a scan (1 = serial; default: all cores, here " +
                     std::to_string(limits.threads) + ")")
      ->check(CLI::Range(1u, 256u));
  app.add_option("--morsel-size", limits.morselSize,
                 "nodes of a scan per unit of parallel work (default 2048; small values are for tests)")
      ->check(CLI::Range(1u, 1u << 30));
  app.add_flag("--keep-going", keepGoing, "in scripts, run on after an error (exit status still 1)");
  app.add_flag("--strict", strict, "make notifications (an unknown label, type or property key, ...) errors");
  app.add_flag("--timing", timing, "print 'timing: statement <n>: <ms> ms' on stderr after each statement");
  app.add_option("--log-level", logLevel, "diagnostics on stderr")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  app.set_version_flag("--version", std::string("kgq ") + KGQ_VERSION);
  app.get_option("--empty")->excludes(app.get_option("--graph"));
  app.get_option("--db")->excludes(app.get_option("--graph"))->excludes(app.get_option("--empty"));
  app.get_option("--import")->needs(app.get_option("--db"));

  kgq::ServerOptions serveOpts;
  auto* serve = app.add_subcommand(
      "serve", "answer HTTP requests on the loaded graph (POST /query, /export, /cancel; GET /schema, /scripts, /complete) "
               "and print the URL; the other options (--graph, --db, limits) apply too");
  serve->fallthrough();
  serve->add_option("--port", serveOpts.port, "port to listen on (0 = any free port)")->capture_default_str();
  serve->add_option("--bind", serveOpts.bind, "address to listen on; other than loopback needs a token")
      ->capture_default_str();
  serve->add_option("--token", serveOpts.token,
                    "required on every request (Authorization: Bearer TOKEN or ?token=); generated when --bind is "
                    "not loopback");
  serve->add_flag("--allow-writes", serveOpts.allowWrites, "let requests change the graph (read-only otherwise)");
  serve->add_option("--max-body", serveOpts.maxBodyBytes, "largest request body in bytes")->capture_default_str();
  serve->add_option("--max-result-bytes", serveOpts.maxResultBytes, "largest answer in bytes")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  bool serving = serve->parsed();
  if (serving && (!command.empty() || !file.empty())) {
    std::cerr << "error: kgq serve answers requests: -c and -f do not apply\n";
    return 2;
  }

  auto logger = spdlog::stderr_color_mt("kgq");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(logLevel));
  spdlog::set_pattern("[%l] %v");

  kgq::ShellOptions opts;
  opts.format = *kgq::parseOutputFormat(format);
  opts.keepGoing = keepGoing;
  opts.timingToStderr = timing;
  // Fitting and colours are for people: piped output stays plain and uncut.
  opts.fitTerminal = kgq::isTerminal(STDOUT_FILENO);
  opts.colorOut = kgq::colorWanted(STDOUT_FILENO);
  opts.colorErr = kgq::colorWanted(STDERR_FILENO);
  opts.load.idType = idType == "integer" ? kgq::LoadOptions::IdType::Integer : kgq::LoadOptions::IdType::String;

  if (!maxMemory.empty() && !kgq::memory::parseBytes(maxMemory, limits.maxMemory)) {
    std::cerr << "error: --max-memory expects a size such as 512M, 4G or 0, got '" << maxMemory << "'\n";
    return 2;
  }
  // A script has nobody to press Ctrl-C: a runaway statement ends after 10 minutes, as in Memgraph.
  bool interactive = !serving && command.empty() && file.empty() && isatty(STDIN_FILENO);
  limits.timeoutMs = timeoutMs >= 0 ? static_cast<std::uint64_t>(timeoutMs)
                     : interactive  ? 0
                     : serving      ? kDefaultServeTimeoutMs
                                    : kDefaultScriptTimeoutMs;

  kgq::Session session;
  session.limits() = limits;
  session.setStrict(strict);
  for (const auto& p : params) {
    auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "error: --param expects NAME=JSON or NAME=@FILE, got '" << p << "'\n";
      return 2;
    }
    std::string name = p.substr(0, eq), text = p.substr(eq + 1);
    // NAME=@FILE reads the JSON from a file (as curl does): a list of a million rows is too long
    // for a command line.
    std::string where = "--param " + name;
    if (text.starts_with("@")) {
      std::ifstream in(text.substr(1), std::ios::binary);
      if (!in) {
        std::cerr << "error: " << where << ": cannot read " << text.substr(1) << ": " << std::strerror(errno) << "\n";
        return 2;
      }
      where += " (" + text.substr(1) + ")";
      text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    try {
      session.params()[name] = kgq::valueFromJsonText(text);
    } catch (const nlohmann::json::exception& e) {
      std::cerr << "error: " << where << ": not valid JSON: " << e.what() << "\n";
      return 2;
    }
  }

  kgq::Shell shell(session, opts, std::cout, std::cerr);
  std::optional<kgq::Database> db;
  try {
    // The parser's first statements are slow until its prediction cache fills;
    // fill it on the other core while this one loads.
    kgq::prepareParserThread();
    std::optional<std::jthread> warmUp;
    if (!empty) warmUp.emplace([] { kgq::warmUpParser(); });
    auto started = std::chrono::steady_clock::now();
    std::string what;
    if (!dbPath.empty()) {
      kgq::Graph g;
      if (!importPath.empty()) {
        // Refused before the (possibly long) load, and again by create() itself.
        if (kgq::Database::holdsDatabase(dbPath))
          throw kgq::StorageError("'" + dbPath + "' already holds a database", {},
                                  "open it with kgq --db " + dbPath + " (without --import), or import into a new "
                                  "directory");
        g = kgq::loadGraph(importPath, opts.load);
        db = kgq::Database::create(dbPath, g);
        what = importPath + " into database " + dbPath;
      } else {
        db = kgq::Database::open(dbPath, g);
        what = "database " + dbPath;
      }
      session.replaceGraph(std::move(g));
      session.setCommitHook(
          [&db, &session](std::span<const kgq::Change> changes) { db->commit(session.graph(), changes); });
      session.setPersistent(true);
      shell.setDatabase(&*db);
    } else if (!empty) {
      what = graphPath.empty() ? defaultGraph() : graphPath;
      if (std::filesystem::is_directory(what)) serveOpts.graphDir = what;
      session.replaceGraph(kgq::loadGraph(what, opts.load));
    }
    if (!what.empty()) {
      if (timing)
        std::cerr << "timing: load: "
                  << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count()
                  << " ms" << std::endl;
      spdlog::info("loaded {}: {} nodes, {} relationships", what, session.graph().liveNodeCount(),
                   session.graph().liveRelCount());
    }
  } catch (const kgq::Error& e) {
    std::cerr << e.render() << std::endl;
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "LoadError: out of memory while loading the graph" << std::endl;
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "LoadError: " << e.what() << std::endl;
    return 1;
  }

  int status = 0;
  if (serving) {
    try {
      if (!kgq::isLoopback(serveOpts.bind) && serveOpts.token.empty()) serveOpts.token = kgq::generateToken();
      kgq::Server server(session, serveOpts);
      std::string url = server.bind();
      std::cout << "kgq serve: " << url << " (" << (serveOpts.allowWrites ? "writes allowed" : "read-only")
                << "; Ctrl-C stops)" << std::endl;
      server.run(true);
    } catch (const kgq::Error& e) {
      std::cerr << e.render() << std::endl;
      status = 1;
    }
  } else {
    status = run(shell, command, file);
  }
  // A clean exit leaves a database that opens without replaying anything.
  if (db && !db->logEmpty()) {
    try {
      db->checkpoint(session.graph());
    } catch (const kgq::Error& e) {
      std::cerr << e.render() << "\nhint: nothing is lost: the log holds every commit and is replayed on the next open"
                << std::endl;
    }
  }
  return status;
}
