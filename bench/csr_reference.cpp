// Reference for the kgq benchmark: what a plain C++ loop over a CSR adjacency does.
//
//   kgq_csr_reference DIR [W3|W2|W2bi|all]
//
// Loads DIR/nodes.csv (first column = id) and DIR/edges.csv (first two columns = start, end)
// with a minimal parser (no quoting: the generator never quotes), builds an undirected CSR
// (each relationship in both directions; a self-loop appears twice in its node's list), then
//   W3: for each id in DIR/seeds.txt, the number of distinct nodes within 2 hops with the
//       openCypher semantics of MATCH (a)-[*1..2]-(b) RETURN count(DISTINCT b): every b != a at
//       distance 1 or 2, plus a itself iff a closed trail of length <= 2 passes through a (a
//       self-loop, or two relationships between a and the same neighbour);
//   W2: for each pair in DIR/pairs.txt, the undirected shortest path length (BFS; -1 = none),
//       once by a one-way BFS and once by a bidirectional BFS ("W2bi": the yardstick for kgq's
//       shortest paths) that expands, a whole level at a time, the side whose frontier has fewer
//       relationships to follow.
//   W2bi: the bidirectional BFS alone, right after the load, as kgq's W2 runs; in "all" it runs
//       last, on the CSR the one-way BFS over the same pairs has just brought into cache.
// Only the traversals are timed.  Prints one JSON object on stdout.
// No dependency on the engine; built with Release flags by bench/CMakeLists.txt.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::string readFile(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    std::cerr << "cannot open " << path << "\n";
    std::exit(2);
  }
  std::string data;
  std::fseek(f, 0, SEEK_END);
  long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  data.resize(static_cast<std::size_t>(size));
  if (size > 0 && std::fread(data.data(), 1, data.size(), f) != data.size()) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(2);
  }
  std::fclose(f);
  return data;
}

// Splits buf into lines after the header; calls fn(line) for each non-empty line.
template <class Fn>
void forEachLine(std::string_view buf, Fn&& fn) {
  std::size_t pos = buf.find('\n');
  pos = pos == std::string_view::npos ? buf.size() : pos + 1;  // skip the header
  while (pos < buf.size()) {
    std::size_t end = buf.find('\n', pos);
    if (end == std::string_view::npos) end = buf.size();
    std::string_view line = buf.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) fn(line);
    pos = end + 1;
  }
}

struct Csr {
  std::vector<std::uint64_t> offsets;  // n + 1
  std::vector<std::uint32_t> targets;  // 2 * m
};

struct Loaded {
  std::string nodesBuf, edgesBuf;  // the id views point into nodesBuf
  std::unordered_map<std::string_view, std::uint32_t> index;
  Csr csr;
};

void load(const std::string& dir, Loaded& g) {
  g.nodesBuf = readFile(dir + "/nodes.csv");
  g.edgesBuf = readFile(dir + "/edges.csv");
  g.index.reserve(g.nodesBuf.size() / 16);
  std::uint32_t n = 0;
  forEachLine(g.nodesBuf, [&](std::string_view line) {
    g.index.emplace(line.substr(0, line.find(',')), n++);
  });
  std::vector<std::uint32_t> src, dst;
  src.reserve(g.edgesBuf.size() / 24);
  dst.reserve(g.edgesBuf.size() / 24);
  forEachLine(g.edgesBuf, [&](std::string_view line) {
    std::size_t c1 = line.find(',');
    std::size_t c2 = line.find(',', c1 + 1);
    auto a = g.index.find(line.substr(0, c1));
    auto b = g.index.find(line.substr(c1 + 1, c2 - c1 - 1));
    if (a == g.index.end() || b == g.index.end()) {
      std::cerr << "unknown node in edge: " << line << "\n";
      std::exit(2);
    }
    src.push_back(a->second);
    dst.push_back(b->second);
  });
  auto& c = g.csr;
  c.offsets.assign(n + 1, 0);
  for (std::size_t i = 0; i < src.size(); ++i) {
    ++c.offsets[src[i] + 1];
    ++c.offsets[dst[i] + 1];
  }
  for (std::uint32_t v = 0; v < n; ++v) c.offsets[v + 1] += c.offsets[v];
  c.targets.resize(c.offsets[n]);
  std::vector<std::uint64_t> fill(c.offsets.begin(), c.offsets.end() - 1);
  for (std::size_t i = 0; i < src.size(); ++i) {
    c.targets[fill[src[i]]++] = dst[i];
    c.targets[fill[dst[i]]++] = src[i];
  }
}

std::vector<std::string> readTokens(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  std::string t;
  while (in >> t) out.push_back(t);
  return out;
}

std::uint32_t lookup(const Loaded& g, const std::string& id) {
  auto it = g.index.find(id);
  if (it == g.index.end()) {
    std::cerr << "unknown id " << id << "\n";
    std::exit(2);
  }
  return it->second;
}

// W3 with generation stamps (a visited "bitmap" that needs no clearing between seeds).
struct TwoHop {
  const Csr& c;
  std::vector<std::uint32_t> seen, direct;  // generation stamps
  std::vector<std::uint32_t> frontier;
  std::uint32_t gen = 0;

  explicit TwoHop(const Csr& csr) : c(csr), seen(csr.offsets.size(), 0), direct(csr.offsets.size(), 0) {}

  std::int64_t count(std::uint32_t a) {
    ++gen;
    seen[a] = gen;
    bool closedTrail = false;
    std::int64_t n = 0;
    frontier.clear();
    for (auto i = c.offsets[a]; i < c.offsets[a + 1]; ++i) {
      std::uint32_t x = c.targets[i];
      if (x == a) {
        closedTrail = true;  // self-loop
        continue;
      }
      if (direct[x] == gen) {
        closedTrail = true;  // second relationship between a and x
        continue;
      }
      direct[x] = gen;
      if (seen[x] != gen) {
        seen[x] = gen;
        ++n;
      }
      frontier.push_back(x);
    }
    for (std::uint32_t x : frontier)
      for (auto i = c.offsets[x]; i < c.offsets[x + 1]; ++i) {
        std::uint32_t y = c.targets[i];
        if (seen[y] != gen) {
          seen[y] = gen;
          ++n;
        }
      }
    return n + (closedTrail ? 1 : 0);
  }
};

// W2: plain undirected BFS from s that stops when t is reached.
struct Bfs {
  const Csr& c;
  std::vector<std::uint32_t> seen;
  std::vector<std::uint32_t> cur, next;
  std::uint32_t gen = 0;

  explicit Bfs(const Csr& csr) : c(csr), seen(csr.offsets.size(), 0) {}

  std::int64_t distance(std::uint32_t s, std::uint32_t t) {
    if (s == t) return 0;
    ++gen;
    seen[s] = gen;
    cur.assign(1, s);
    for (std::int64_t d = 1; !cur.empty(); ++d) {
      next.clear();
      for (std::uint32_t x : cur)
        for (auto i = c.offsets[x]; i < c.offsets[x + 1]; ++i) {
          std::uint32_t y = c.targets[i];
          if (seen[y] == gen) continue;
          if (y == t) return d;
          seen[y] = gen;
          next.push_back(y);
        }
      cur.swap(next);
    }
    return -1;
  }
};

// W2bi: bidirectional BFS; stamps say which side saw a node (gen*2 forward, gen*2+1 backward).
struct BiBfs {
  const Csr& c;
  std::vector<std::uint32_t> mark, dist;
  std::vector<std::uint32_t> front[2], next;
  std::uint32_t gen = 0;

  explicit BiBfs(const Csr& csr) : c(csr), mark(csr.offsets.size(), 0), dist(csr.offsets.size(), 0) {}

  std::uint64_t work(const std::vector<std::uint32_t>& f) const {
    std::uint64_t w = 0;
    for (std::uint32_t x : f) w += c.offsets[x + 1] - c.offsets[x];
    return w;
  }

  std::int64_t distance(std::uint32_t s, std::uint32_t t) {
    if (s == t) return 0;
    ++gen;
    const std::uint32_t stamp[2] = {2 * gen, 2 * gen + 1};
    mark[s] = stamp[0];
    mark[t] = stamp[1];
    dist[s] = dist[t] = 0;
    front[0].assign(1, s);
    front[1].assign(1, t);
    while (!front[0].empty() && !front[1].empty()) {
      int side = work(front[0]) <= work(front[1]) ? 0 : 1;
      next.clear();
      for (std::uint32_t x : front[side])
        for (auto i = c.offsets[x]; i < c.offsets[x + 1]; ++i) {
          std::uint32_t y = c.targets[i];
          if (mark[y] == stamp[side]) continue;
          if (mark[y] == stamp[1 - side]) return dist[x] + 1 + dist[y];
          mark[y] = stamp[side];
          dist[y] = dist[x] + 1;
          next.push_back(y);
        }
      front[side].swap(next);
    }
    return -1;
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: kgq_csr_reference DIR [W3|W2|W2bi|all]\n";
    return 2;
  }
  std::string dir = argv[1];
  std::string which = argc == 3 ? argv[2] : "all";
  Loaded g;
  auto t0 = Clock::now();
  load(dir, g);
  double loadSeconds = secondsSince(t0);

  std::ostringstream out;
  out << "{\"nodes\": " << g.csr.offsets.size() - 1 << ", \"relationships\": " << g.csr.targets.size() / 2
      << ", \"load_seconds\": " << loadSeconds;
  if (which == "W3" || which == "all") {
    auto seeds = readTokens(dir + "/seeds.txt");
    std::vector<std::uint32_t> ids;
    for (const auto& s : seeds) ids.push_back(lookup(g, s));
    TwoHop w3(g.csr);
    std::int64_t sum = 0;
    auto t1 = Clock::now();
    for (auto a : ids) sum += w3.count(a);
    double secs = secondsSince(t1);
    out << ", \"W3\": {\"seconds\": " << secs << ", \"checksum\": " << sum << "}";
  }
  if (which == "W2bi" || which == "W2" || which == "all") {
    auto toks = readTokens(dir + "/pairs.txt");
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    for (std::size_t i = 0; i + 1 < toks.size(); i += 2) pairs.emplace_back(lookup(g, toks[i]), lookup(g, toks[i + 1]));
    // Each search over all pairs, timed alone; `name` is its key in the JSON.
    auto timed = [&](const char* name, auto&& search) {
      std::int64_t sum = 0;
      auto t1 = Clock::now();
      for (auto [s, t] : pairs) sum += search.distance(s, t);
      double secs = secondsSince(t1);
      out << ", \"" << name << "\": {\"seconds\": " << secs << ", \"checksum\": " << sum << "}";
    };
    if (which != "W2bi") timed("W2", Bfs(g.csr));
    timed("W2bi", BiBfs(g.csr));
  }
  out << "}";
  std::cout << out.str() << std::endl;
  return 0;
}
