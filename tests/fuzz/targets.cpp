#include "targets.h"

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

#include "format/json_value.h"
#include "io/export.h"
#include "parser/parser.h"
#include "session/session.h"

namespace kgq::fuzz {

namespace {
namespace fs = std::filesystem;

std::string gSourceDir = KGQ_SOURCE_DIR;

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "FINDING: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

// kgq reports an exception it did not expect as a message that starts "internal error: ". Only the start
// is read: a message may quote the input, and libFuzzer learns the words of this very comparison and
// writes them into inputs (it found "unknown type 'datinternal errore'" that way).
void expectKgqError(const Error& e) {
  if (e.message().starts_with("internal error")) finding(e.render());
}

fs::path scratchDir() {
  static fs::path dir = [] {
    auto d = fs::temp_directory_path() / ("kgq_fuzz_" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

void writeFile(const fs::path& p, const std::uint8_t* data, std::size_t size) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

bool mayWrite(const std::string& text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* w : {"create", "set", "delete", "merge", "remove", "load", "export", "begin", "commit"})
    if (lower.find(w) != std::string::npos) return true;
  return false;
}

void runQuery(const std::uint8_t* data, std::size_t size) {
  static std::optional<Session> session;
  static bool dirty = true;
  if (dirty || !session) {
    session.reset();
    session.emplace(loadCsvDirectory(fs::path(gSourceDir) / "tests" / "data" / "tiny"));
    auto& l = session->limits();
    l.maxRows = 10'000;
    l.maxExpansions = 100'000;
    l.timeoutMs = 1'000;
    l.maxMemory = 256u << 20;
    session->params()["p"] = Value(std::int64_t{1});
    session->params()["s"] = Value(std::string("alice"));
    dirty = false;
  }
  std::string text(reinterpret_cast<const char*>(data), size);
  // EXPORT ... TO writes files: keep them inside the scratch directory.
  bool exports = text.find("EXPORT") != std::string::npos || text.find("export") != std::string::npos;
  fs::path cwd;
  if (exports) cwd = fs::current_path(), fs::current_path(scratchDir());
  try {
    session->run(text, "<fuzz>", 1, [](const StatementResult&) {}, [](const Error& e) { expectKgqError(e); });
  } catch (const Error& e) {
    expectKgqError(e);
  }
  if (exports) fs::current_path(cwd);
  dirty = mayWrite(text);
}

void runCsv(const std::uint8_t* data, std::size_t size) {
  auto dir = scratchDir() / "csv";
  fs::create_directories(dir);
  std::size_t half = size / 2;
  writeFile(dir / "nodes.csv", data, half);
  writeFile(dir / "edges.csv", data + half, size - half);
  try {
    Graph g = loadCsvDirectory(dir);
    (void)g.nodeCount();
  } catch (const Error& e) {
    expectKgqError(e);
  }
}

void runGraphml(const std::uint8_t* data, std::size_t size) {
  auto file = scratchDir() / "g.graphml";
  writeFile(file, data, size);
  try {
    Graph g = loadGraphml(file);
    (void)g.nodeCount();
  } catch (const Error& e) {
    expectKgqError(e);
  }
}

// `--param` reads JSON text straight into a value; it must accept what the json tree accepts and
// give the same value.
void runParam(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::optional<Value> tree, direct;
  try {
    tree = valueFromJson(nlohmann::json::parse(text));
  } catch (const nlohmann::json::exception&) {
  }
  try {
    direct = valueFromJsonText(text);
  } catch (const nlohmann::json::exception&) {
  }
  if (tree.has_value() != direct.has_value()) finding("the json tree and --param's reader disagree on validity");
  if (tree && !(*tree == *direct)) finding("the json tree and --param's reader read different values");
}

void runLines(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)needsMoreInput(text);
  for (const auto& span : splitStatements(text)) {
    if (span.text.empty() || span.line < 1 || span.column < 1) finding("bad span");
    try {
      (void)parseSpan(span, "<fuzz>");
    } catch (const Error& e) {
      expectKgqError(e);
    }
  }
}
}  // namespace

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {
      {"query", runQuery, "statements through parse, bind, plan and execution on tests/data/tiny"},
      {"csv", runCsv, "the CSV loader (nodes.csv + edges.csv)"},
      {"graphml", runGraphml, "the GraphML loader"},
      {"param", runParam, "--param JSON values"},
      {"lines", runLines, "statement splitting, continuation detection and parsing of each span"},
  };
  return all;
}

const Target* findTarget(const std::string& name) {
  for (const auto& t : targets())
    if (name == t.name) return &t;
  return nullptr;
}

void setSourceDir(const std::string& dir) { gSourceDir = dir; }

}  // namespace kgq::fuzz
