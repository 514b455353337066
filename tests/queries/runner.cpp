// Runs the text-file query tests (format in README.md beside this file): one
// GoogleTest case per -CASE, each in a fresh session.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "format/format.h"
#include "format/json_value.h"
#include "io/csv_loader.h"
#include "parser/literal_scan.h"
#include "session/session.h"

namespace kgq {
namespace {

namespace fs = std::filesystem;

struct Expectation {
  std::string statement;
  int line = 0;
  bool checkOrder = false;
  bool isError = false;
  std::string error;
  std::vector<std::string> rows;
  std::size_t count = 0;
  bool hasResult = true;  // false: only the EXPLAIN lines are checked
  std::vector<std::string> explainHas;    // substrings of distinct plan lines, in this order
  std::vector<std::string> explainLacks;  // substrings of no plan line
  bool checkNotifications = false;
  std::vector<std::string> notifications;  // "Code line:column message | hint", in order
};

struct Case {
  std::string name;
  int line = 0;
  std::vector<std::pair<std::string, std::string>> params;
  std::vector<Expectation> steps;
};

struct TestFile {
  fs::path path;
  std::string graph;
  std::uint64_t maxExpansions = 0;  // 0: the engine's default
  std::uint64_t maxRows = 0;        // 0: the engine's default
  std::string setup;
  std::vector<Case> cases;
};

bool startsWith(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

std::string trimRight(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) s.pop_back();
  return s;
}

TestFile parseFile(const fs::path& path) {
  TestFile tf;
  tf.path = path;
  std::ifstream in(path);
  std::vector<std::string> lines;
  // ${DATA}: tests/data as an absolute path, for statements that read files (LOAD CSV) and the
  // errors that name them, whatever directory the runner starts in.
  const std::string data = (fs::path(KGQ_SOURCE_DIR) / "tests" / "data").string();
  for (std::string l; std::getline(in, l);) {
    for (auto at = l.find("${DATA}"); at != std::string::npos; at = l.find("${DATA}", at + data.size()))
      l.replace(at, 7, data);
    lines.push_back(trimRight(l));
  }
  std::size_t i = 0;
  auto fail = [&](const std::string& msg) {
    throw std::runtime_error(path.string() + ":" + std::to_string(i + 1) + ": " + msg);
  };
  auto isDirective = [](const std::string& l) { return startsWith(l, "-") && !startsWith(l, "----"); };
  while (i < lines.size()) {
    const std::string& l = lines[i];
    if (l.empty() || startsWith(l, "#")) {
      ++i;
    } else if (startsWith(l, "-GRAPH ")) {
      tf.graph = l.substr(7);
      ++i;
    } else if (startsWith(l, "-MAX_EXPANSIONS ")) {
      tf.maxExpansions = std::stoull(l.substr(16));
      ++i;
    } else if (startsWith(l, "-MAX_ROWS ")) {
      tf.maxRows = std::stoull(l.substr(10));
      ++i;
    } else if (l == "-SETUP") {
      ++i;
      while (i < lines.size() && !isDirective(lines[i])) tf.setup += lines[i++] + "\n";
    } else if (startsWith(l, "-CASE ")) {
      Case c;
      c.name = l.substr(6);
      c.line = static_cast<int>(i + 1);
      tf.cases.push_back(c);
      ++i;
    } else if (startsWith(l, "-PARAM ")) {
      if (tf.cases.empty()) fail("-PARAM outside a case");
      auto rest = l.substr(7);
      auto sp = rest.find(' ');
      tf.cases.back().params.emplace_back(rest.substr(0, sp), rest.substr(sp + 1));
      ++i;
    } else if (startsWith(l, "-STATEMENT")) {
      if (tf.cases.empty()) fail("-STATEMENT outside a case");
      Expectation e;
      e.line = static_cast<int>(i + 1);
      e.statement = l.size() > 11 ? l.substr(11) + "\n" : "";
      ++i;
      while (i < lines.size() && !isDirective(lines[i]) && !startsWith(lines[i], "----"))
        e.statement += lines[i++] + "\n";
      if (i < lines.size() && lines[i] == "-CHECK_ORDER") e.checkOrder = true, ++i;
      if (i < lines.size() && lines[i] == "-NOTIFICATIONS") {
        e.checkNotifications = true;
        ++i;
        while (i < lines.size() && !isDirective(lines[i]) && !startsWith(lines[i], "----")) {
          if (!lines[i].empty()) e.notifications.push_back(lines[i]);
          ++i;
        }
      }
      while (i < lines.size() && (lines[i] == "-EXPLAIN_HAS" || lines[i] == "-EXPLAIN_LACKS")) {
        auto& into = lines[i] == "-EXPLAIN_HAS" ? e.explainHas : e.explainLacks;
        ++i;
        while (i < lines.size() && !isDirective(lines[i]) && !startsWith(lines[i], "----")) {
          if (!lines[i].empty()) into.push_back(lines[i]);
          ++i;
        }
      }
      bool explains = !e.explainHas.empty() || !e.explainLacks.empty();
      if (explains && (i >= lines.size() || !startsWith(lines[i], "----"))) {
        e.hasResult = false;
        tf.cases.back().steps.push_back(std::move(e));
        continue;
      }
      if (i >= lines.size() || !startsWith(lines[i], "----")) fail("expected '---- N' or '---- error'");
      std::string head = lines[i++].substr(4);
      while (!head.empty() && head.front() == ' ') head.erase(0, 1);
      if (head == "error") {
        e.isError = true;
        if (i >= lines.size()) fail("missing error text");
        e.error = lines[i++];
      } else {
        e.count = static_cast<std::size_t>(std::stoul(head));
        for (std::size_t r = 0; r < e.count; ++r) {
          if (i >= lines.size()) fail("fewer rows than announced");
          e.rows.push_back(lines[i++]);
        }
      }
      tf.cases.back().steps.push_back(std::move(e));
    } else {
      fail("unexpected line: " + l);
    }
  }
  return tf;
}


std::string renderRow(const Row& row, const Graph& g) {
  std::string s;
  for (std::size_t i = 0; i < row.size(); ++i) s += (i ? " | " : "") + renderValue(row[i], g);
  return s;
}

std::string joinLines(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& l : v) s += "  " + l + "\n";
  return s;
}

// The statement with every string and number literal replaced by another of its
// token type (the same one where the original repeats; small numbers, so that a
// hop bound or a range stays cheap), or "" when it has none or may write.
// With `renameNames`, also every name after a `:` that starts with a capital letter (a label or
// type, by the usual spelling) gets a longer name the graph lacks; "" when there is none.
std::string probeVariant(const std::string& text, bool renameNames = false) {
  std::string upper = text;
  for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  for (const char* write : {"CREATE", "MERGE", "SET", "REMOVE", "DELETE", "FOREACH", "EXPORT", "BEGIN", "COMMIT",
                            "ROLLBACK"})
    if (upper.find(write) != std::string::npos) return {};  // a substring only skips a probe: harmless
  StrippedStatement s = stripLiterals(StatementSpan{text, 1, 1, true});
  if (!s.cacheable) return {};
  struct Token {
    std::size_t offset, size;
    std::string with;
  };
  std::vector<Token> tokens;
  for (const auto& lit : s.literals) {
    std::string n = std::to_string(lit.firstSame + 2);
    tokens.push_back({lit.offset, lit.size,
                      lit.token == LiteralToken::String ? "'kgq probe " + n + "'"
                      : lit.token == LiteralToken::Integer ? n : n + ".5"});
  }
  bool renamed = false;
  if (renameNames)
    for (const auto& name : s.names)
      if (std::isupper(static_cast<unsigned char>(text[name.offset]))) {
        tokens.push_back({name.offset, name.size, text.substr(name.offset, name.size) + "Probe"});
        renamed = true;
      }
  if (tokens.empty() || (renameNames && !renamed)) return {};
  std::sort(tokens.begin(), tokens.end(), [](const Token& a, const Token& b) { return a.offset < b.offset; });
  std::string out;
  std::size_t at = 0;
  for (const auto& t : tokens) {
    out += text.substr(at, t.offset - at);
    out += t.with;
    at = t.offset + t.size;
  }
  return out + text.substr(at);
}

class QueryCase : public ::testing::Test {
 public:
  QueryCase(std::shared_ptr<TestFile> file, std::size_t index) : file_(std::move(file)), index_(index) {}

  void TestBody() override {
    const Case& c = file_->cases[index_];
    runCase(c, Probe::None);
    // Then once more where every read-only statement with literals follows a twin
    // with other literals: the twin is parsed and cached, and the statement itself
    // runs from the cache with its own literals as the values of the lifted parameters.
    auto any = [&](bool names) {
      return std::any_of(c.steps.begin(), c.steps.end(),
                         [&](const auto& s) { return !probeVariant(s.statement, names).empty(); });
    };
    if (any(false)) {
      SCOPED_TRACE("through the statement cache");
      runCase(c, Probe::Literals);
    }
    // And where the twin also has other label and type names: the statement is then made
    // from the twin's parsed query, with its own names, literals and positions.
    if (any(true)) {
      SCOPED_TRACE("made from a statement of other names");
      runCase(c, Probe::Names);
    }
  }

 private:
  enum class Probe { None, Literals, Names };

  void runCase(const Case& c, Probe probing) {
    Session session;
    if (!file_->graph.empty())
      session.replaceGraph(loadCsvDirectory(fs::path(KGQ_SOURCE_DIR) / "tests" / "data" / file_->graph));
    // Sanitizer builds run several times slower: they raise this through the environment.
    const char* timeout = std::getenv("KGQ_QUERY_TEST_TIMEOUT_MS");
    session.limits().timeoutMs = timeout ? std::strtoull(timeout, nullptr, 10) : 20000;
    // The parallel pass (tests/CMakeLists.txt) runs every case again with several workers over
    // morsels of one node, so that even these small graphs take the parallel path.
    if (const char* threads = std::getenv("KGQ_QUERY_TEST_THREADS"))
      session.limits().threads = static_cast<unsigned>(std::strtoul(threads, nullptr, 10));
    if (const char* morsel = std::getenv("KGQ_QUERY_TEST_MORSEL_SIZE"))
      session.limits().morselSize = static_cast<std::uint32_t>(std::strtoul(morsel, nullptr, 10));
    if (file_->maxExpansions) session.limits().maxExpansions = file_->maxExpansions;
    if (file_->maxRows) session.limits().maxRows = file_->maxRows;
    for (const auto& [name, json] : c.params) session.params()[name] = valueFromJson(nlohmann::json::parse(json));
    if (!file_->setup.empty()) {
      try {
        session.run(file_->setup, "setup", 1, {});
      } catch (const Error& e) {
        FAIL() << "setup failed: " << e.render();
      }
    }
    for (const auto& step : c.steps) {
      SCOPED_TRACE(file_->path.filename().string() + ":" + std::to_string(step.line));
      std::string probe = probing == Probe::None ? "" : probeVariant(step.statement, probing == Probe::Names);
      // Through the literal probe the twin runs twice: its second run (the entry's first cached
      // one) builds the operators the entry keeps, which the statement then runs again with its
      // own literals (exec/executor.h, KeptPlan).
      for (int run = 0; !probe.empty() && run < (probing == Probe::Literals ? 2 : 1); ++run) {
        try {
          session.run(probe, "<query>", 1, {});
        } catch (const Error&) {
        }
      }
      check(session, step);
    }
  }

  // Runs the statement under EXPLAIN and checks its plan lines.
  void checkExplain(Session& session, const Expectation& step) {
    std::string text = step.statement;
    std::size_t start = text.find_first_not_of(" \t\n");
    std::string head = start == std::string::npos ? "" : text.substr(start, 7);
    for (auto& ch : head) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (head != "EXPLAIN") text = "EXPLAIN " + text;
    std::string plan;
    try {
      session.run(text, "<query>", 1, [&](const StatementResult& r) { plan += r.result.plan; });
    } catch (const Error& e) {
      FAIL() << "EXPLAIN failed: " << e.kind() << ": " << e.message() << "\nstatement:\n" << text;
    }
    std::vector<std::string> planLines;
    std::istringstream in(plan);
    for (std::string l; std::getline(in, l);) planLines.push_back(l);
    std::size_t next = 0;
    for (const auto& want : step.explainHas) {
      while (next < planLines.size() && planLines[next].find(want) == std::string::npos) ++next;
      if (next == planLines.size()) {
        ADD_FAILURE() << "EXPLAIN lacks (in this order) the line: " << want << "\nstatement:\n"
                      << text << "plan:\n" << plan;
        return;
      }
      ++next;
    }
    for (const auto& unwanted : step.explainLacks)
      for (const auto& l : planLines)
        EXPECT_EQ(l.find(unwanted), std::string::npos)
            << "EXPLAIN has the unwanted line: " << l << "\nstatement:\n" << text << "plan:\n" << plan;
  }

  void check(Session& session, const Expectation& step) {
    if (!step.explainHas.empty() || !step.explainLacks.empty()) checkExplain(session, step);
    if (!step.hasResult) return;
    std::vector<std::string> got, notes;
    std::string error;
    try {
      session.run(step.statement, "<query>", 1, [&](const StatementResult& r) {
        for (const auto& row : r.result.rows) got.push_back(renderRow(row, session.graph()));
        for (const auto& n : r.result.notifications)
          notes.push_back(std::string(n.code()) + " " + std::to_string(n.pos.line) + ":" +
                          std::to_string(n.pos.column) + " " + n.message + (n.hint.empty() ? "" : " | " + n.hint));
      });
    } catch (const Error& e) {
      error = e.kind() + ": " + e.message();
    }
    if (step.isError) {
      EXPECT_EQ(error, step.error) << "statement:\n" << step.statement;
      return;
    }
    ASSERT_TRUE(error.empty()) << "unexpected " << error << "\nstatement:\n" << step.statement;
    if (step.checkNotifications) {
      EXPECT_EQ(notes, step.notifications) << "statement:\n"
                                           << step.statement << "expected notifications:\n"
                                           << joinLines(step.notifications) << "got:\n"
                                           << joinLines(notes);
    }
    std::vector<std::string> want = step.rows;
    if (!step.checkOrder) {
      std::sort(got.begin(), got.end());
      std::sort(want.begin(), want.end());
    }
    EXPECT_EQ(got, want) << "statement:\n"
                         << step.statement << "expected:\n"
                         << joinLines(want) << "got:\n"
                         << joinLines(got);
  }

  std::shared_ptr<TestFile> file_;
  std::size_t index_;
};

std::string testName(std::string s) {
  for (auto& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

void registerAll() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(KGQ_QUERY_TEST_DIR))
    if (entry.path().extension() == ".test") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    auto tf = std::make_shared<TestFile>(parseFile(path));
    std::string suite = testName(path.stem().string());
    for (std::size_t i = 0; i < tf->cases.size(); ++i) {
      ::testing::RegisterTest(suite.c_str(), testName(tf->cases[i].name).c_str(), nullptr, nullptr,
                              path.string().c_str(), tf->cases[i].line,
                              [tf, i]() -> ::testing::Test* { return new QueryCase(tf, i); });
    }
  }
}

}  // namespace
}  // namespace kgq

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  try {
    kgq::registerAll();
  } catch (const std::exception& e) {
    std::cerr << "cannot read query tests: " << e.what() << std::endl;
    return 1;
  }
  return RUN_ALL_TESTS();
}
