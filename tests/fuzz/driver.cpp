// kgq_fuzz: a deterministic mutation fuzzer for the targets of targets.h, for
// compilers without libFuzzer (and for CI's fuzz smoke under ASan + UBSan).
//
//   kgq_fuzz TARGET|all [--seconds N] [--runs N] [--seed N] [--max-run-seconds N]   fuzz
//   kgq_fuzz TARGET FILE...                                                  run saved inputs (reproduce)
//
// Seeds: the statements of tests/queries/**/*.test, tests/fuzz/corpus/TARGET/*, tokens from tests/fuzz/kgq.dict,
// built-in examples and (query) a grammar-aware generator. Each run mutates a
// seed with one of a few byte- and token-level operators, chosen by a PRNG with
// a fixed seed, so a run is reproducible given the seed and the run count.
// The input being run is kept in kgq_fuzz-current-TARGET in the working
// directory: after a crash it is the input to add as a regression test.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "targets.h"

namespace fs = std::filesystem;
using kgq::fuzz::Target;

namespace {

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The statements of the query tests: -STATEMENT blocks and -SETUP blocks.
std::vector<std::string> queryTestStatements(const fs::path& root) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator(); ++it) {
    if (it->path().extension() != ".test") continue;
    std::istringstream in(readAll(it->path()));
    std::string line, current;
    bool inBlock = false;
    auto flush = [&] {
      if (inBlock && !current.empty()) out.push_back(current);
      current.clear();
      inBlock = false;
    };
    while (std::getline(in, line)) {
      if (line.rfind("-STATEMENT ", 0) == 0) {
        flush();
        inBlock = true;
        current = line.substr(11);
      } else if (line.rfind("-SETUP", 0) == 0) {
        flush();
        inBlock = true;
      } else if (line.rfind("-", 0) == 0 || line.rfind("#", 0) == 0) {
        flush();
      } else if (inBlock) {
        current += (current.empty() ? "" : "\n") + line;
      }
    }
    flush();
  }
  return out;
}

// Tokens to insert: tests/fuzz/kgq.dict, libFuzzer's dictionary format ("token" a line, \\ \" \xNN escapes).
std::vector<std::string> readDictionary(const fs::path& file) {
  std::vector<std::string> out;
  std::istringstream in(readAll(file));
  std::string line;
  auto hex = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::toupper(c) - 'A' + 10); };
  while (std::getline(in, line)) {
    auto open = line.find('"');
    auto close = line.rfind('"');
    if (line.empty() || line[0] == '#' || open == std::string::npos || close <= open) continue;
    std::string token;
    for (std::size_t i = open + 1; i < close; ++i) {
      if (line[i] != '\\' || i + 1 >= close) token += line[i];
      else if (line[i + 1] == 'x' && i + 3 < close) token += static_cast<char>(hex(line[i + 2]) * 16 + hex(line[i + 3])), i += 3;
      else token += line[++i];
    }
    out.push_back(token);
  }
  return out;
}
std::vector<std::string> gDictionary;

const std::vector<std::string> kNumbers = {"0", "-1", "1", "2", "9223372036854775807", "9223372036854775808",
                                           "1e19", "1e308", "4294967296", "65536", "0.5", "-0.0", "100000"};

class Generator {
 public:
  explicit Generator(std::mt19937_64& rng) : rng_(rng) {}
  std::string statement() {
    switch (pick(6)) {
      case 0: return "PATH FROM " + entity() + " TO " + entity() + (pick(2) ? " MAX " + num() : "");
      case 1: return "NEIGHBOURS OF " + entity() + " DEPTH " + std::to_string(pick(4));
      case 2: return "CONNECT " + entity() + ", " + entity();
      default: break;
    }
    std::string s;
    int clauses = 1 + static_cast<int>(pick(3));
    for (int i = 0; i < clauses; ++i) {
      switch (pick(4)) {
        case 0: s += (pick(4) ? "MATCH " : "OPTIONAL MATCH ") + pattern() + maybeWhere() + " "; break;
        case 1: s += "UNWIND " + expr(2) + " AS u" + std::to_string(i) + " "; break;
        case 2: s += "WITH " + expr(2) + " AS w" + std::to_string(i) + ", * " + maybeWhere() + " "; break;
        default: s += "MATCH " + pattern() + " "; break;
      }
    }
    s += "RETURN " + expr(3) + " AS r";
    if (pick(3) == 0) s += ", count(*) AS c";
    if (pick(3) == 0) s += " ORDER BY r" + std::string(pick(2) ? " DESC" : "");
    if (pick(3) == 0) s += " LIMIT " + num();
    return s;
  }

 private:
  std::uint64_t pick(std::uint64_t n) { return rng_() % n; }
  std::string num() { return kNumbers[pick(kNumbers.size())]; }
  std::string entity() {
    static const char* names[] = {"Alice", "Bob", "alice", "'Carol \"CJ\" Jones, Jr.'", "France", "Paris", "nobody"};
    return names[pick(7)];
  }
  std::string var() {
    static const char* vars[] = {"a", "b", "c", "r", "p", "n"};
    return vars[pick(6)];
  }
  std::string pattern() {
    static const char* labels[] = {"", ":Person", ":Country", ":City", ":Employee", ":Nope"};
    static const char* rels[] = {"-->", "<--", "--", "-[r:KNOWS]->", "-[:LIVES_IN]->", "-[*]-", "-[*1..3]->",
                                 "-[:KNOWS*2]-", "-[*0..2]-"};
    std::string s = pick(4) == 0 ? "p = " : "";
    s += "(a" + std::string(labels[pick(6)]) + ")";
    int hops = static_cast<int>(pick(3));
    for (int i = 0; i < hops; ++i) s += std::string(rels[pick(9)]) + "(" + (i ? "c" : "b") + labels[pick(6)] + ")";
    return s;
  }
  std::string maybeWhere() { return pick(2) ? " WHERE " + expr(2) : ""; }
  std::string expr(int depth) {
    if (depth <= 0 || pick(3) == 0) {
      switch (pick(7)) {
        case 0: return num();
        case 1: return "'s" + std::to_string(pick(100)) + "'";
        case 2: return var() + ".name";
        case 3: return var();
        case 4: return "$p";
        case 5: return "null";
        default: return pick(2) ? "true" : "[1, 'x', null, [2]]";
      }
    }
    static const char* binops[] = {" + ", " - ", " * ", " / ", " % ", " ^ ", " = ", " <> ", " < ", " AND ",
                                   " OR ", " XOR ", " IN ", " STARTS WITH ", " CONTAINS ", " =~ "};
    static const char* funcs[] = {"size", "toString", "toInteger", "round", "abs", "head", "reverse", "labels",
                                  "type", "keys", "length", "nodes", "collect", "count", "sum", "min", "coalesce",
                                  "toUpper", "split", "range"};
    switch (pick(6)) {
      case 0: return "(" + expr(depth - 1) + binops[pick(16)] + expr(depth - 1) + ")";
      case 1: return std::string(funcs[pick(20)]) + "(" + expr(depth - 1) + (pick(3) ? "" : ", " + expr(depth - 1)) + ")";
      case 2: return "[x IN " + expr(depth - 1) + " WHERE " + expr(depth - 1) + " | " + expr(depth - 1) + "]";
      case 3: return "CASE WHEN " + expr(depth - 1) + " THEN " + expr(depth - 1) + " ELSE " + expr(depth - 1) + " END";
      case 4: return "any(x IN " + expr(depth - 1) + " WHERE " + expr(depth - 1) + ")";
      default: return "NOT " + expr(depth - 1);
    }
  }
  std::mt19937_64& rng_;
};

std::string mutate(const std::string& in, const std::vector<std::string>& seeds, std::mt19937_64& rng) {
  auto pick = [&](std::uint64_t n) { return n ? rng() % n : 0; };
  std::string s = in;
  int rounds = 1 + static_cast<int>(pick(4));
  for (int r = 0; r < rounds; ++r) {
    std::size_t at = pick(s.size() + 1);
    switch (pick(8)) {
      case 0:
        if (!s.empty()) s[pick(s.size())] = static_cast<char>(rng());
        break;
      case 1:
        if (!gDictionary.empty()) s.insert(at, gDictionary[pick(gDictionary.size())]);
        break;
      case 2: s.erase(at, pick(16)); break;
      case 3: {  // repeat a span: nesting and long chains
        std::size_t len = std::min<std::size_t>(pick(12) + 1, s.size() - std::min(at, s.size()));
        std::string span = s.substr(at, len);
        int times = static_cast<int>(pick(pick(8) == 0 ? 2000 : 8));
        std::string rep;
        for (int i = 0; i < times && rep.size() < 100000; ++i) rep += span;
        s.insert(at, rep);
        break;
      }
      case 4: {
        const std::string& other = seeds[pick(seeds.size())];
        s = s.substr(0, at) + other.substr(pick(other.size() + 1));
        break;
      }
      case 5: {
        std::size_t d = s.find_first_of("0123456789", at);
        if (d == std::string::npos) break;
        std::size_t e = s.find_first_not_of("0123456789", d);
        s.replace(d, (e == std::string::npos ? s.size() : e) - d, kNumbers[pick(kNumbers.size())]);
        break;
      }
      case 6: s.insert(at, std::string(pick(5) + 1, "([{'\""[pick(5)])); break;
      default: s.insert(at, std::string(1, static_cast<char>(pick(256)))); break;
    }
    if (s.size() > 200000) s.resize(200000);
  }
  return s;
}

std::vector<std::string> builtinSeeds(const std::string& target, const fs::path& src) {
  std::vector<std::string> seeds;
  if (target == "query" || target == "lines") {
    seeds = queryTestStatements(src / "tests" / "queries");
  } else if (target == "csv") {
    auto tiny = src / "tests" / "data" / "tiny";
    std::string nodes = readAll(tiny / "nodes.csv"), edges = readAll(tiny / "edges.csv");
    // The target splits at the middle: pad the shorter half so that the seed splits where the files meet.
    if (nodes.size() < edges.size()) nodes += std::string(edges.size() - nodes.size(), '\n');
    else edges = std::string(nodes.size() - edges.size(), '\n') + edges;
    seeds.push_back(nodes + edges);
  }
  // The rest (other CSV shapes, GraphML, JSON, REPL lines, past findings) are files in tests/fuzz/corpus/TARGET.
  std::error_code ec;
  std::vector<fs::path> files;  // sorted: the PRNG's choices must not depend on the directory's order
  for (auto it = fs::directory_iterator(src / "tests" / "fuzz" / "corpus" / target, ec);
       it != fs::directory_iterator(); ++it)
    files.push_back(it->path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) seeds.push_back(readAll(f));
  if (seeds.empty()) seeds.push_back("");
  return seeds;
}

struct Options {
  double seconds = 10;
  std::uint64_t runs = 0;  // 0 = until the time is up
  std::uint64_t seed = 1;
  double maxRunSeconds = 20;
};

void fuzz(const Target& t, const Options& o, const fs::path& src) {
  auto seeds = builtinSeeds(t.name, src);
  std::mt19937_64 rng(o.seed);
  Generator gen(rng);
  std::string currentFile = std::string("kgq_fuzz-current-") + t.name;
  int fd = ::open(currentFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  auto started = std::chrono::steady_clock::now();
  std::uint64_t runs = 0;
  std::size_t seedRuns = 0;
  double slowest = 0;
  for (;; ++runs) {
    if (o.runs ? runs >= o.runs
               : std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() >= o.seconds)
      break;
    std::string input;
    if (seedRuns < seeds.size()) input = seeds[seedRuns++];  // every seed once, unmutated
    else if (t.name == std::string("query") && rng() % 4 == 0) input = gen.statement();
    else input = mutate(seeds[rng() % seeds.size()], seeds, rng);
    if (fd >= 0) {
      [[maybe_unused]] auto w = ::pwrite(fd, input.data(), input.size(), 0);
      [[maybe_unused]] auto tr = ::ftruncate(fd, static_cast<off_t>(input.size()));
    }
    auto before = std::chrono::steady_clock::now();
    t.run(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
    double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count();
    if (took > slowest) {
      slowest = took;
      std::ofstream(std::string("kgq_fuzz-slowest-") + t.name, std::ios::binary) << input;
    }
    // The query target runs with a 1 s timeout: far past it, some loop does not check it.
    if (took > o.maxRunSeconds) {
      std::fprintf(stderr, "FINDING: one run took %.1f s (more than %.0f s); the input is in %s\n", took,
                   o.maxRunSeconds, currentFile.c_str());
      std::abort();
    }
  }
  if (fd >= 0) ::close(fd), ::unlink(currentFile.c_str());
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("fuzz %s: %llu runs in %.1f s (%zu seeds, PRNG seed %llu), slowest run %.2f s, no findings\n",
              t.name, static_cast<unsigned long long>(runs), secs, seeds.size(),
              static_cast<unsigned long long>(o.seed), slowest);
  std::fflush(stdout);
}

int usage() {
  std::fprintf(stderr,
               "usage: kgq_fuzz TARGET|all [--seconds N] [--runs N] [--seed N] [--max-run-seconds N]\n"
               "       kgq_fuzz TARGET FILE...   (run saved inputs)\n"
               "       kgq_fuzz TARGET --write-seeds DIR   (the seeds as files: libFuzzer's seed corpus)\ntargets:\n");
  for (const auto& t : kgq::fuzz::targets()) std::fprintf(stderr, "  %-8s %s\n", t.name, t.what);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  std::string name = argv[1];
  Options o;
  std::vector<std::string> files;
  fs::path src = KGQ_SOURCE_DIR;
  std::string seedDir;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--seconds") o.seconds = std::stod(next());
    else if (a == "--runs") o.runs = std::stoull(next());
    else if (a == "--seed") o.seed = std::stoull(next());
    else if (a == "--max-run-seconds") o.maxRunSeconds = std::stod(next());
    else if (a == "--source") src = next();
    else if (a == "--write-seeds") seedDir = next();
    else files.push_back(a);
  }
  kgq::fuzz::setSourceDir(src.string());
  spdlog::set_level(spdlog::level::err);  // warnings are expected outcomes, and thousands of them slow the runs
  gDictionary = readDictionary(src / "tests" / "fuzz" / "kgq.dict");
  if (!seedDir.empty()) {
    if (name == "all" || !kgq::fuzz::findTarget(name)) return usage();
    fs::create_directories(seedDir);
    auto seeds = builtinSeeds(name, src);
    for (std::size_t i = 0; i < seeds.size(); ++i)
      std::ofstream(fs::path(seedDir) / ("seed-" + std::to_string(i)), std::ios::binary) << seeds[i];
    std::printf("%zu seeds for %s in %s\n", seeds.size(), name.c_str(), seedDir.c_str());
    return 0;
  }
  std::vector<const Target*> chosen;
  if (name == "all") {
    for (const auto& t : kgq::fuzz::targets()) chosen.push_back(&t);
  } else if (const Target* t = kgq::fuzz::findTarget(name)) {
    chosen.push_back(t);
  } else {
    return usage();
  }
  if (!files.empty()) {
    for (const auto& f : files) {
      std::string input = readAll(f);
      chosen[0]->run(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
      std::printf("%s: ok\n", f.c_str());
    }
    return 0;
  }
  // "all": the query target gets half of the time, the others share the rest.
  for (const Target* t : chosen) {
    Options each = o;
    if (chosen.size() > 1)
      each.seconds = t->name == std::string("query") ? o.seconds / 2 : o.seconds / 2 / (chosen.size() - 1);
    fuzz(*t, each, src);
  }
  return 0;
}
