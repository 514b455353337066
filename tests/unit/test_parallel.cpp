// Morsel-driven parallel aggregation (exec/parallel.h): the dispenser hands out every morsel
// once and in order; merging per-morsel partial aggregates gives what the serial executor
// gives (same rows in the same order) on random graphs; errors and limits raised inside a
// worker come out as the serial run gives them, and no worker thread outlives the statement.
#include <gtest/gtest.h>

#include <dirent.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <set>
#include <thread>

#include "common/memory_budget.h"
#include "exec/parallel.h"
#include "format/format.h"
#include "session/session.h"

namespace kgq {
namespace {

TEST(MorselDispenser, CutsEachPartInOrder) {
  MorselDispenser d({5, 0, 3}, 2);
  ASSERT_EQ(d.count(), 5u);
  std::vector<std::tuple<std::size_t, std::size_t, std::size_t, std::size_t>> got;
  while (auto m = d.next()) got.emplace_back(m->index, m->range.part, m->range.begin, m->range.end);
  std::vector<std::tuple<std::size_t, std::size_t, std::size_t, std::size_t>> want = {
      {0, 0, 0, 2}, {1, 0, 2, 4}, {2, 0, 4, 5}, {3, 2, 0, 2}, {4, 2, 2, 3}};
  EXPECT_EQ(got, want);
  EXPECT_FALSE(d.next());  // stays exhausted
  MorselDispenser none({0}, 2048);
  EXPECT_EQ(none.count(), 0u);
  EXPECT_FALSE(none.next());
}

TEST(MorselDispenser, EveryMorselOnceAcrossThreads) {
  MorselDispenser d({100000}, 7);
  std::vector<std::atomic<int>> taken(d.count());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      std::size_t last = 0;
      bool first = true;
      while (auto m = d.next()) {
        // One thread sees its morsels in increasing order.
        EXPECT_TRUE(first || m->index > last);
        first = false, last = m->index;
        taken[m->index].fetch_add(1);
        EXPECT_EQ(m->range.begin, m->index * 7);
      }
    });
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < taken.size(); ++i) ASSERT_EQ(taken[i].load(), 1) << "morsel " << i;
}

TEST(MorselDispenser, StopAfterEndsTheHandingOut) {
  MorselDispenser d({100}, 10);
  ASSERT_TRUE(d.next());
  d.stopAfter(2);
  d.stopAfter(5);  // a later error does not widen it
  std::vector<std::size_t> got;
  while (auto m = d.next()) got.push_back(m->index);
  EXPECT_EQ(got, (std::vector<std::size_t>{1, 2}));
}

int threadCount() {
  int n = 0;
  if (DIR* d = opendir("/proc/self/task")) {
    while (dirent* e = readdir(d))
      if (e->d_name[0] != '.') ++n;
    closedir(d);
  }
  return n;
}

void buildRandomGraph(Session& s, unsigned seed, int n, int m) {
  std::mt19937 rng(seed);
  s.runOne("UNWIND range(0, " + std::to_string(n - 1) +
           ") AS i CREATE (:N {k: i, g: i % 5, x: toFloat(i) / 7.0, s: 'v' + toString(i % 11)})");
  s.runOne("MATCH (n:N) WHERE n.k % 3 = 0 SET n:M");
  std::string pairs;
  for (int i = 0; i < m; ++i) {
    int a = static_cast<int>(rng() % static_cast<unsigned>(n)), b = static_cast<int>(rng() % static_cast<unsigned>(n));
    pairs += (pairs.empty() ? "" : ", ") + std::string("[") + std::to_string(a) + ", " + std::to_string(b) + ", " +
             std::to_string(rng() % 100) + "]";
  }
  s.runOne("UNWIND [" + pairs + "] AS p MATCH (a:N {k: p[0]}), (b:N {k: p[1]}) CREATE (a)-[:T {w: p[2]}]->(b)");
}

std::string render(Session& s, const std::string& q) {
  auto r = s.runOne(q);
  std::string out;
  for (const auto& row : r.rows) {
    for (const auto& v : row) out += renderValue(v, s.graph()) + " | ";
    out += "\n";
  }
  return out;
}

std::string errorOf(Session& s, const std::string& q) {
  try {
    s.runOne(q);
  } catch (const Error& e) {
    return e.render();
  }
  return "no error";
}

void configure(Session& s, unsigned threads, std::uint32_t morsel) {
  s.limits().threads = threads;
  s.limits().morselSize = morsel;
}

// The thread count once one statement has run on workers: a sanitizer's runtime
// starts a helper thread of its own at the first thread created, which is no leak.
int threadsAfterOneParallelRun(Session& s) {
  Limits saved = s.limits();
  configure(s, 4, 1);
  s.runOne("MATCH (a:N) RETURN count(*)");
  s.limits() = saved;
  return threadCount();
}

// Aggregations whose answer is exact in any order of addition: the same rows, in the same order.
const char* kExact[] = {
    "MATCH (a:N)-[:T]->(b:N) WHERE a.k > b.k RETURN count(*)",
    "MATCH (a:N)-[r:T]->(b) RETURN a.g AS g, count(*) AS c, sum(r.w) AS s, min(b.k), max(b.s)",
    "MATCH (a:N)-[:T]->(b:N)-[:T]->(c) RETURN b.g, count(DISTINCT c), collect(DISTINCT c.g), count(c)",
    "MATCH (a:N) RETURN collect(a.k) AS ks",
    "MATCH (a:N)-[:T]-(b) RETURN b.s AS s, collect(a.k), count(DISTINCT a)",
    "MATCH (a:N|M)-[:T]->(b:M) RETURN count(*), sum(DISTINCT b.k), avg(b.k)",
    "MATCH (a) WHERE a.k % 4 = 1 RETURN a.g % 2 AS p, count(a), min(a.s), max(a.k)",
    "MATCH (a:M) UNWIND [a.k, a.g] AS v WITH a, v * 2 AS w RETURN w % 3, count(*), sum(w)",
    "MATCH (a:N)-[:T*1..2]->(b:N) RETURN a.g, count(*), count(DISTINCT b)",
    "MATCH (a:N {g: 2})-[r:T]->(b) WHERE r.w > 40 RETURN count(*), percentileDisc(r.w, 0.5)",
    "MATCH (a:N) WHERE a.k > 1000000 RETURN count(*), sum(a.k), collect(a), max(a.k)",
    "MATCH (a:N) WHERE a.k > 1000000 RETURN a.g, count(*)",
};

class ParallelMatchesSerial : public ::testing::TestWithParam<unsigned> {};

TEST_P(ParallelMatchesSerial, SameRowsInSameOrder) {
  Session s;
  buildRandomGraph(s, GetParam(), 60 + static_cast<int>(GetParam() * 13 % 50), 250);
  for (const char* q : kExact) {
    configure(s, 1, 2048);
    std::string serial = render(s, q);
    for (unsigned threads : {2u, 4u})
      for (std::uint32_t morsel : {1u, 3u, 16u}) {
        configure(s, threads, morsel);
        EXPECT_EQ(render(s, q), serial) << q << " threads " << threads << " morsel " << morsel;
      }
  }
}

TEST_P(ParallelMatchesSerial, FloatSumsAreTheSameForAnyThreadCount) {
  Session s;
  buildRandomGraph(s, GetParam(), 90, 300);
  const char* q = "MATCH (a:N)-[:T]->(b) RETURN b.g, sum(a.x), avg(a.x * 3.1), stDev(b.x)";
  configure(s, 2, 5);
  std::string first = render(s, q);
  for (unsigned threads : {3u, 4u, 8u}) {
    configure(s, threads, 5);
    EXPECT_EQ(render(s, q), first) << "threads " << threads;
  }
  // Against the serial sums: equal up to rounding.
  configure(s, 1, 2048);
  auto serial = s.runOne(q);
  configure(s, 4, 5);
  auto parallel = s.runOne(q);
  ASSERT_EQ(serial.rows.size(), parallel.rows.size());
  for (std::size_t i = 0; i < serial.rows.size(); ++i)
    for (std::size_t j = 1; j < serial.rows[i].size(); ++j)
      EXPECT_NEAR(serial.rows[i][j].asNumber(), parallel.rows[i][j].asNumber(), 1e-9);
}

INSTANTIATE_TEST_SUITE_P(Seeds, ParallelMatchesSerial, ::testing::Values(1u, 2u, 3u, 4u, 5u));

TEST(ParallelPlan, ExplainShowsTheWorkersAndUnsafePipelinesStaySerial) {
  Session s;
  buildRandomGraph(s, 7, 20, 40);
  configure(s, 3, 2048);
  auto plan = s.runOne("EXPLAIN MATCH (a:N)-[:T]->(b) RETURN count(*)").plan;
  EXPECT_NE(plan.find("ParallelAggregate: count(*) (adding the counts of its input rows) [3 workers, morsels of 2048]"), std::string::npos) << plan;
  for (const char* serialOnly : {"EXPLAIN MATCH (a:N) WHERE rand() < 2 RETURN count(*)",
                                 "EXPLAIN MATCH (a:N) WITH randomUUID() AS u RETURN count(u)",
                                 "EXPLAIN MATCH (a:N) WHERE a = entity('x') RETURN count(*)",
                                 "EXPLAIN MATCH (a:N) WHERE exists { (a)-[:T]->() } RETURN count(*)",
                                 "EXPLAIN MATCH (a:N) WITH a ORDER BY a.k LIMIT 3 RETURN count(*)",
                                 "EXPLAIN MATCH (a:N) RETURN percentileCont(a.k, a.x)",
                                 "EXPLAIN MATCH (a:N) CREATE (:C) RETURN count(*)"}) {
    auto p = s.runOne(serialOnly).plan;
    EXPECT_EQ(p.find("Parallel"), std::string::npos) << serialOnly << "\n" << p;
  }
  configure(s, 1, 2048);
  EXPECT_EQ(s.runOne("EXPLAIN MATCH (a:N)-[:T]->(b) RETURN count(*)").plan.find("Parallel"), std::string::npos);
}

TEST(ParallelPlan, ProfileRowsAddUp) {
  Session s;
  buildRandomGraph(s, 8, 50, 120);
  configure(s, 1, 2048);
  auto serial = s.runOne("PROFILE MATCH (a:N)-[:T]->(b) WHERE a.k > b.k RETURN count(*)").plan;
  configure(s, 4, 3);
  auto parallel = s.runOne("PROFILE MATCH (a:N)-[:T]->(b) WHERE a.k > b.k RETURN count(*)").plan;
  // The same row counts on every operator below the aggregation.
  auto rowsOf = [](const std::string& plan) {
    std::vector<std::string> out;
    for (std::size_t at = plan.find("[rows "); at != std::string::npos; at = plan.find("[rows ", at + 1))
      out.push_back(plan.substr(at, plan.find(',', at) - at));
    return out;
  };
  EXPECT_EQ(rowsOf(parallel), rowsOf(serial)) << serial << parallel;
  EXPECT_NE(parallel.find("ParallelAggregate"), std::string::npos);
}

// Errors: the serial run's first error (in scan order) comes out, whichever worker met it first.
TEST(ParallelErrors, TheSerialRunsFirstErrorComesOut) {
  Session s;
  buildRandomGraph(s, 9, 300, 10);
  int before = threadsAfterOneParallelRun(s);
  for (const char* q : {"MATCH (a:N) RETURN sum(CASE WHEN a.k % 50 = 17 THEN 'bad' + toString(a.k) ELSE a.k END)",
                        "MATCH (a:N) RETURN a.g, sum(CASE WHEN a.k > 120 THEN a.s ELSE 1 END)",
                        "MATCH (a:N) WHERE a.k / (a.k % 97 - 45) > 0 RETURN count(*)",
                        "MATCH (a:N) RETURN count(DISTINCT a.k), sum(DISTINCT CASE WHEN a.k = 290 THEN 'x' ELSE 1 END)"}) {
    configure(s, 1, 2048);
    std::string serial = errorOf(s, q);
    ASSERT_NE(serial, "no error") << q;
    for (std::uint32_t morsel : {1u, 7u, 64u}) {
      configure(s, 4, morsel);
      EXPECT_EQ(errorOf(s, q), serial) << q << " morsel " << morsel;
    }
  }
  EXPECT_EQ(threadCount(), before);
}

TEST(ParallelErrors, LimitsInAWorkerStopEveryWorker) {
  Session s;
  buildRandomGraph(s, 10, 400, 3000);
  int before = threadsAfterOneParallelRun(s);
  struct Case {
    const char* query;
    std::function<void(Limits&)> set;
    std::string expect;  // the start of the message
  };
  std::vector<Case> cases = {
      {"MATCH (a:N)-[:T*1..8]-(b) RETURN count(*)", [](Limits& l) { l.maxExpansions = 5000; },
       "RuntimeError: stopped after 5000 partial paths at depth"},
      {"MATCH (a:N)-[:T*1..12]-(b) RETURN count(*)", [](Limits& l) { l.timeoutMs = 150; },
       "RuntimeError: query stopped after the timeout of 150 ms"},
      {"MATCH (a:N)-[:T]-(b)-[:T]-(c) RETURN collect(a.s + b.s + c.s + '-padding-padding-padding')",
       [](Limits& l) { l.maxMemory = 512 * 1024; },
       "RuntimeError: statement stopped: it needed more than 512 KiB of memory (--max-memory)"},
      {"MATCH (a:N)-[:T]-(b)-[:T]-(c) RETURN collect(c.k)", [](Limits& l) { l.maxRows = 5000; },
       "RuntimeError: stopped: collect() would hold more than 5000 rows"},
      {"MATCH (a:N)-[:T]-(b)-[:T]-(c) RETURN a.k, b.k, count(*)", [](Limits& l) { l.maxRows = 3000; },
       "RuntimeError: stopped: aggregation would hold more than 3000 rows"},
  };
  for (const auto& c : cases) {
    if (c.expect.find("--max-memory") != std::string::npos && !kgq::memory::countsAllocations()) continue;
    for (unsigned threads : {1u, 4u}) {
      Limits saved = s.limits();
      c.set(s.limits());
      configure(s, threads, 8);
      std::string got = errorOf(s, c.query);
      s.limits() = saved;
      EXPECT_EQ(got.rfind(c.expect, 0), 0u) << c.query << " threads " << threads << ": " << got;
      EXPECT_EQ(threadCount(), before) << c.query;
    }
  }
  // The session still answers, in parallel.
  configure(s, 4, 8);
  EXPECT_EQ(render(s, "MATCH (a:N) RETURN count(*)"), "400 | \n");
}

}  // namespace
}  // namespace kgq
