// The statement cache: statements that differ only in their string and number
// literals share one parsed and bound statement, in which the literals are
// parameters, and must still answer (and fail) as if each were parsed on its own.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <thread>

#include "format/format.h"
#include "parser/literal_scan.h"
#include "session/session.h"

namespace kgq {
namespace {

StrippedStatement strip(const std::string& text) { return stripLiterals(StatementSpan{text, 1, 1, true}); }

std::vector<Value> values(const StrippedStatement& s) {
  std::vector<Value> out;
  for (const auto& l : s.literals) out.push_back(l.value);
  return out;
}

TEST(LiteralScan, KeyIgnoresLiteralValuesButKeepsTheirTypeAndPattern) {
  auto a = strip("MATCH (n {name: 'Ann'}) RETURN n");
  auto b = strip("MATCH (n {name: \"Bob\"}) RETURN n");
  ASSERT_TRUE(a.cacheable);
  EXPECT_EQ(a.key, b.key);
  EXPECT_EQ(values(a), std::vector<Value>{Value("Ann")});
  EXPECT_EQ(values(b), std::vector<Value>{Value("Bob")});
  EXPECT_EQ(strip("MATCH (a {id: 57990}) RETURN a").key, strip("MATCH (a {id: 14148}) RETURN a").key);
  EXPECT_EQ(values(strip("RETURN 0x1F, 0o17, 1.5e3, .5, 2E2")),
            (std::vector<Value>{Value(31), Value(15), Value(1500.0), Value(0.5), Value(200.0)}));
  // The token type is part of the key: 1, 1.0 and '1' bind differently.
  EXPECT_NE(strip("RETURN 1 AS x").key, strip("RETURN 1.0 AS x").key);
  EXPECT_NE(strip("RETURN 1 AS x").key, strip("RETURN '1' AS x").key);
  // 'x' twice and 'x' then 'y' bind differently (the binder matches repeated expressions by text).
  EXPECT_NE(strip("RETURN 'x' + 1, 'x'").key, strip("RETURN 'x' + 1, 'y'").key);
  EXPECT_EQ(strip("RETURN 'x' + 1, 'x'").key, strip("RETURN 'z' + 2, 'z'").key);
  // ... and by value, which is how the binder compares them.
  EXPECT_NE(strip("RETURN 0x10 AS x ORDER BY 16").key, strip("RETURN 3 AS x ORDER BY 4").key);
  EXPECT_EQ(strip("RETURN 0x10 AS x ORDER BY 16").key, strip("RETURN 0x3 AS x ORDER BY 3").key);
  EXPECT_EQ(strip("RETURN 'a' AS x ORDER BY \"a\"").key, strip("RETURN 'b' AS x ORDER BY \"b\"").key);
  EXPECT_NE(strip("RETURN 'a' AS x ORDER BY \"a\"").key, strip("RETURN 'b' AS x ORDER BY \"c\"").key);
}

TEST(LiteralScan, DigitsInNamesParametersAndRangesAreNotNumbersOfTheirOwn) {
  auto s = strip("MATCH (n1)-[*1..3]->(m) WHERE n1.x2 = $1 RETURN m[1..2]");
  ASSERT_TRUE(s.cacheable);
  EXPECT_EQ(values(s), (std::vector<Value>{Value(1), Value(3), Value(1), Value(2)}));
  EXPECT_NE(s.key.find("n1"), std::string::npos);
  EXPECT_NE(s.key.find("$1"), std::string::npos);
  // Too large to be an integer: the parser rejects it, the key keeps it as written.
  auto big = strip("RETURN 99999999999999999999 AS x");
  EXPECT_TRUE(big.literals.empty());
  EXPECT_NE(big.key.find("99999999999999999999"), std::string::npos);
}

TEST(LiteralScan, NamesAfterAColonAreScannedAndLeftOutOfTheKey) {
  const std::string text =
      "MATCH (a:Person {id: x})-[:KNOWS]->(b : /* c */ Org) WHERE a:`Bad Name` AND b:Été RETURN a";
  auto a = strip(text);
  ASSERT_TRUE(a.cacheable);
  std::vector<std::string> names;
  for (const auto& n : a.names) names.push_back(text.substr(n.offset, n.size));
  // Person, x (a map value: the cache finds out it is no label), KNOWS, Org; not the back-ticked
  // or non-ASCII names, which stay in the key as written.
  EXPECT_EQ(names, (std::vector<std::string>{"Person", "x", "KNOWS", "Org"}));
  EXPECT_EQ(a.names[0].pos.column, 10);
  EXPECT_NE(a.key.find("`Bad Name`"), std::string::npos);
  EXPECT_NE(a.key.find("Été"), std::string::npos);
  EXPECT_EQ(a.key, strip("MATCH (a:Country {id: y})-[:LEADS]->(b : /* c */ Treaty) WHERE a:`Bad Name` AND b:Été RETURN a").key);
  EXPECT_NE(a.key, strip("MATCH (a:Country {id: y})-[:LEADS]->(b : /* c */ Treaty) WHERE a:`Other` AND b:Été RETURN a").key);
}

TEST(LiteralScan, SkipsCommentsAndQuotedNamesAndDecodesEscapes) {
  auto s = strip("MATCH (`it's 1`) // don't 2\n/* 'no' 3 */ RETURN 'a\\'b\\u00e9' AS `x'`");
  ASSERT_TRUE(s.cacheable);
  ASSERT_EQ(s.literals.size(), 1u);
  EXPECT_EQ(s.literals[0].value, Value("a'b\xc3\xa9"));
  EXPECT_EQ(s.literals[0].pos.line, 2);
  EXPECT_EQ(s.literals[0].pos.column, 21);
}

TEST(LiteralScan, RefusesWhatItCannotPlace) {
  EXPECT_FALSE(strip("RETURN 'two\nlines'").cacheable);
  EXPECT_FALSE(strip("RETURN 'bad \\q escape'").cacheable);
  EXPECT_FALSE(strip("RETURN 'unterminated").cacheable);
  EXPECT_FALSE(strip("RETURN '\x01'").cacheable);
}

TEST(LiteralScan, ColumnsCountCodePoints) {
  auto s = strip("RETURN 'é' AS a, 'x' AS b");
  ASSERT_EQ(s.literals.size(), 2u);
  EXPECT_EQ(s.literals[0].width, 3);
  EXPECT_EQ(s.literals[1].pos.column, 18);
}

TEST(LiteralScan, BlanksAndLettersBeyondAsciiEndNamesWhereTheLexerEndsThem) {
  // U+00A0 ends a name (it is a blank), É does not: `:Person\u00a0` is a plain name, `:PersonÉ` is not.
  auto a = strip("MATCH (a:Person\xC2\xA0{id: 1}) RETURN a");
  ASSERT_EQ(a.names.size(), 1u);  // `id` follows `{`, not a colon
  EXPECT_EQ(a.names[0].size, 6u);
  auto b = strip("MATCH (a:Person\xC3\x89 {id: 1}) RETURN a");
  ASSERT_EQ(b.names.size(), 0u);
  EXPECT_NE(b.key.find("Person\xC3\x89"), std::string::npos);
  // A slash that starts no comment, `..` and `.5`, a parameter with a letter beyond ASCII.
  auto c = strip("RETURN 6 / 3, [1..2], .5, $\xC3\xA9t\xC3\xA9 AS x");
  EXPECT_EQ(values(c), (std::vector<Value>{Value(6), Value(3), Value(1), Value(2), Value(0.5)}));
  EXPECT_NE(c.key.find("$\xC3\xA9t\xC3\xA9"), std::string::npos);
  EXPECT_NE(c.key.find(" / "), std::string::npos);
}

// The scanner against a plain walk of the text, on statements made of every kind of token it
// tells apart: each literal and name is where its offset says (line and column counted in code
// points), and the key is the text with each of them replaced by a placeholder.
TEST(LiteralScan, PositionsAndKeyAgreeWithTheTextOnRandomStatements) {
  const std::vector<std::string> tokens = {
      "MATCH", "n1", "x_2", "\xC3\x89t\xC3\xA9", "a\xC3\xA9", ":", ": ", ":Person", ": /* c */ KNOWS", "(", ")", ",",
      "{", "}", "=", "/", "..", ".", " ", "  ", "\t", "\n", "\r\n", "\xC2\xA0", "\xEF\xBB\xBF", "12", "0x1F", "0o17",
      "1.5e3", ".5", "7e", "'a b'", "\"q\\\"\"", "'\xC3\xA9'", "'\\u00e9'", "`back tick`", "// line\n",
      "/* block\n two */", "$p", "$1", "[1..3]", "-", "*"};
  std::uint64_t state = 12345;
  auto rnd = [&](std::size_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((state >> 33) % n);
  };
  int checked = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    std::size_t n = 1 + rnd(14);
    for (std::size_t i = 0; i < n; ++i) text += tokens[rnd(tokens.size())] + (rnd(3) == 0 ? " " : "");
    auto s = strip(text);
    if (!s.cacheable) continue;
    ++checked;
    auto posAt = [&](std::size_t offset) {
      ast::Pos p{1, 1};
      for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') p.line++, p.column = 1;
        else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) p.column++;
      }
      return p;
    };
    struct Span {
      std::size_t offset, size;
    };
    std::vector<Span> spans;
    for (const auto& l : s.literals) {
      auto p = posAt(l.offset);
      EXPECT_EQ(l.pos.line, p.line) << text;
      EXPECT_EQ(l.pos.column, p.column) << text;
      spans.push_back({l.offset, l.size});
    }
    for (const auto& nm : s.names) {
      auto p = posAt(nm.offset);
      EXPECT_EQ(nm.pos.line, p.line) << text;
      EXPECT_EQ(nm.pos.column, p.column) << text;
      spans.push_back({nm.offset, nm.size});
    }
    std::sort(spans.begin(), spans.end(), [](const Span& x, const Span& y) { return x.offset < y.offset; });
    std::string expected;  // the text with each literal and name cut out
    std::size_t at = 0;
    for (const auto& sp : spans) {
      ASSERT_LE(at, sp.offset) << text;
      expected += text.substr(at, sp.offset - at);
      at = sp.offset + sp.size;
    }
    expected += text.substr(at);
    std::string key;  // the key with each placeholder cut out
    for (std::size_t i = 0; i < s.key.size(); ++i) {
      if (s.key[i] == '\x01') i = s.key.find('\x02', i);
      else key += s.key[i];
    }
    EXPECT_EQ(key, expected) << text;
  }
  EXPECT_GT(checked, 1000);
}

const char* kSetup =
    "CREATE (:P {name: 'Ann', id: 1, v: 1, w: 0.5})-[:KNOWS]->(:P {name: 'Bob', id: 2, v: 'two', w: 1.5})"
    "-[:KNOWS]->(:P {name: 'Cy', id: 3, v: 3, w: 2.5})-[:KNOWS]->(:P {name: 'ab', id: 4, v: 4, w: 3.5}),"
    "(:P {name: 'a  b', id: 5, v: 5, w: 4.5})";

// What a statement gave: its columns and rows, or its error as printed.
struct Outcome {
  std::vector<std::string> columns;
  std::vector<std::string> rows;
  std::string error;
  bool operator==(const Outcome&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Outcome& o) {
  if (!o.error.empty()) return os << o.error;
  for (const auto& c : o.columns) os << c << " | ";
  for (const auto& r : o.rows) os << "\n" << r;
  return os;
}

class StatementCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    plain.setStatementCache(false);
    for (auto* s : {&cached, &plain}) s->runOne(kSetup);
    parsesAfterSetup = cached.counters().parses;
  }

  // Runs `script` (its statements on lines `firstLine`...) and returns the last
  // statement's outcome.
  static Outcome outcome(Session& s, const std::string& script, int firstLine = 1) {
    Outcome out;
    try {
      s.run(script, "script.kgq", firstLine, [&](const StatementResult& r) {
        out = {};
        out.columns = r.result.columns;
        for (const auto& row : r.result.rows) {
          std::string line;
          for (const auto& v : row) line += renderValue(v, s.graph()) + " | ";
          out.rows.push_back(line);
        }
        for (const auto& n : r.result.narrative) out.rows.push_back(n);
      });
    } catch (const Error& e) {
      out = {};
      out.error = e.render();
    }
    return out;
  }

  // Runs `first`, then `second` through the cache, and `second` alone without
  // one; the second run must not be told from the uncached one.
  Outcome expectSameAsUncached(const std::string& first, const std::string& second, int line = 1) {
    Outcome warm = outcome(cached, first, line);
    EXPECT_TRUE(warm.error.empty()) << warm;
    Outcome got = outcome(cached, second, line);
    EXPECT_EQ(got, outcome(plain, second, line)) << first << "\nthen " << second;
    return got;
  }

  std::size_t parses() const { return cached.counters().parses - parsesAfterSetup; }

  Session cached;
  Session plain;
  std::size_t parsesAfterSetup = 0;
};

TEST_F(StatementCacheTest, IntegerIdsShareAnEntry) {
  auto a = outcome(cached, "MATCH (n:P {id: 1}) RETURN n.name AS name");
  auto b = outcome(cached, "MATCH (n:P {id: 3}) RETURN n.name AS name");
  auto c = outcome(cached, "MATCH (n:P {id: 42}) RETURN n.name AS name");
  EXPECT_EQ(a.rows, std::vector<std::string>{"'Ann' | "});
  EXPECT_EQ(b.rows, std::vector<std::string>{"'Cy' | "});
  EXPECT_TRUE(c.rows.empty());
  EXPECT_EQ(parses(), 1u);
  EXPECT_EQ(cached.statementCache().hits(), 2u);
}

TEST_F(StatementCacheTest, CachedRunsAnswerLikeUncachedOnes) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"MATCH (n:P {name: 'Ann'}) RETURN n.v AS v", "MATCH (n:P {name: 'Cy'}) RETURN n.v AS v"},
      {"MATCH (n:P) WHERE n.name STARTS WITH 'A' RETURN n.name + '!' AS s",
       "MATCH (n:P) WHERE n.name STARTS WITH 'B' RETURN n.name + '?' AS s"},
      {"MATCH (n:P) WHERE n.id > 1 RETURN n.id * 10 AS x ORDER BY x", "MATCH (n:P) WHERE n.id > 3 RETURN n.id * 7 AS x ORDER BY x"},
      {"MATCH (n:P) WHERE n.w < 1.5 RETURN n.w * 2.0 AS x ORDER BY x", "MATCH (n:P) WHERE n.w < 3.25 RETURN n.w * 0.5 AS x ORDER BY x"},
      {"MATCH (n:P) WHERE n.id > -1 RETURN n.id + -2 AS x ORDER BY x", "MATCH (n:P) WHERE n.id > -3 RETURN n.id + -5 AS x ORDER BY x"},
      {"MATCH (n:P) WHERE n.id IN [1, 2] RETURN n.name AS s ORDER BY s", "MATCH (n:P) WHERE n.id IN [3, 5] RETURN n.name AS s ORDER BY s"},
      {"UNWIND range(1, 3) AS i RETURN i * i AS sq", "UNWIND range(2, 6) AS i RETURN i * i AS sq"},
      {"RETURN substring('hello', 1, 2) AS s", "RETURN substring('kgq graph', 4, 5) AS s"},
      {"MATCH (n:P) RETURN count(n) + 1 AS c", "MATCH (n:P) RETURN count(n) + 100 AS c"},
      {"MATCH (n:P) WHERE n.name = 'a  b' RETURN n.id AS id", "MATCH (n:P) WHERE n.name = 'ab' RETURN n.id AS id"},
      {"PATH FROM 'Ann' TO 'Cy'", "PATH FROM 'Bob' TO 'ab'"},
      {"NEIGHBOURS OF 'Bob'", "NEIGHBOURS OF 'Cy'"},
      {"CONNECT 'Ann', 'Cy'", "CONNECT 'Bob', 'ab'"},
      {"PATH FROM 'Ann' TO 'Cy' AVOID 'Bob'", "PATH FROM 'Ann' TO 'ab' AVOID 'Cy'"},
  };
  for (const auto& [first, second] : pairs) {
    std::size_t before = parses();
    auto got = expectSameAsUncached(first, second);
    EXPECT_TRUE(got.error.empty()) << second << ": " << got;
    EXPECT_EQ(parses(), before + 1) << second << " was parsed again";
  }
  // Literals that repeat in one statement and not in the other make other statements.
  std::size_t before = parses();
  expectSameAsUncached("MATCH (n:P) RETURN n.id + 1 AS a ORDER BY n.id + 1 DESC",
                       "MATCH (n:P) RETURN n.id + 1 AS a ORDER BY n.id + 2 DESC");
  EXPECT_EQ(parses(), before + 2);
  // The binder compares expressions by value: an ORDER BY that repeats an item
  // (16 is 0x10) is that item, which must not carry over to an item that differs.
  auto ordered = expectSameAsUncached("MATCH (n:P) RETURN n.id AS id, n.id % 0x10 AS a ORDER BY n.id % 16, id",
                                      "MATCH (n:P) RETURN n.id AS id, n.id % 3 AS a ORDER BY n.id % 16, id");
  EXPECT_EQ(ordered.rows, (std::vector<std::string>{"1 | 1 | ", "2 | 2 | ", "3 | 0 | ", "4 | 1 | ", "5 | 2 | "}));
}

TEST_F(StatementCacheTest, StringsThatDifferInSpacesAreDifferentValues) {
  auto a = outcome(cached, "MATCH (n:P) WHERE n.name = 'a  b' RETURN n.id AS id");
  auto b = outcome(cached, "MATCH (n:P) WHERE n.name = 'ab' RETURN n.id AS id");
  EXPECT_EQ(a.rows, std::vector<std::string>{"5 | "});
  EXPECT_EQ(b.rows, std::vector<std::string>{"4 | "});
  auto c = expectSameAsUncached("WITH 'ab' AS x RETURN x = 'ab' AS eq", "WITH 'ab' AS x RETURN x = 'a  b' AS eq");
  EXPECT_EQ(c.rows, std::vector<std::string>{"false | "});
}

TEST_F(StatementCacheTest, ColumnsNamedAfterTheirTextAreNotShared) {
  auto a = outcome(cached, "RETURN 'a'");
  auto b = outcome(cached, "RETURN 'b'");
  auto c = outcome(cached, "RETURN 1 + 2");
  auto d = outcome(cached, "RETURN 1 + 3");
  EXPECT_EQ(a.columns, std::vector<std::string>{"'a'"});
  EXPECT_EQ(b.columns, std::vector<std::string>{"'b'"});
  EXPECT_EQ(c.columns, std::vector<std::string>{"1 + 2"});
  EXPECT_EQ(d.columns, std::vector<std::string>{"1 + 3"});
  EXPECT_EQ(d.rows, std::vector<std::string>{"4 | "});
  EXPECT_EQ(parses(), 4u);
  // With an alias the text names nothing: shared.
  expectSameAsUncached("RETURN 'a' AS x", "RETURN 'b' AS x");
  EXPECT_EQ(parses(), 5u);
}

TEST_F(StatementCacheTest, HopBoundsSkipAndLimitAreNotShared) {
  auto one = expectSameAsUncached("MATCH (a:P {name: 'Ann'})-[*1..1]->(b) RETURN b.name AS n ORDER BY n",
                                  "MATCH (a:P {name: 'Ann'})-[*1..3]->(b) RETURN b.name AS n ORDER BY n");
  EXPECT_EQ(one.rows.size(), 3u);
  EXPECT_EQ(parses(), 2u);
  auto limited = expectSameAsUncached("MATCH (n:P) RETURN n.id AS id ORDER BY id LIMIT 1",
                                      "MATCH (n:P) RETURN n.id AS id ORDER BY id LIMIT 3");
  EXPECT_EQ(limited.rows.size(), 3u);
  auto skipped = expectSameAsUncached("MATCH (n:P) RETURN n.id AS id ORDER BY id SKIP 1",
                                      "MATCH (n:P) RETURN n.id AS id ORDER BY id SKIP 4");
  EXPECT_EQ(skipped.rows, std::vector<std::string>{"5 | "});
  EXPECT_EQ(parses(), 6u);
  auto top = expectSameAsUncached("PATH TOP 1 FROM 'Ann' TO 'Cy'", "PATH TOP 2 FROM 'Ann' TO 'Cy'");
  EXPECT_TRUE(top.error.empty()) << top;
  EXPECT_EQ(parses(), 8u);
}

TEST_F(StatementCacheTest, RuntimeErrorInACachedRunNamesItsOwnPlaceAndText) {
  // The entry comes from line 1; the failing statement is on lines 3-4, with
  // literals of other widths before the failing expression on both of its lines.
  std::string script =
      "MATCH (n:P {name: 'Cy'})\nRETURN 'x' AS s, n.v * 2 AS x;\n"
      "MATCH (n:P {name: 'Bob'})\nRETURN 'xyz' AS s, n.v * 1000 AS x;";
  std::size_t runs = cached.counters().runs;
  Outcome got = outcome(cached, script, 7);
  Outcome want = outcome(plain, script, 7);
  EXPECT_EQ(got, want);
  // Column 19 in the first statement's line; the caret line is the failing statement's own.
  EXPECT_NE(got.error.find("RuntimeError: script.kgq:10:21: type mismatch"), std::string::npos) << got;
  EXPECT_NE(got.error.find("\n  RETURN 'xyz' AS s, n.v * 1000 AS x\n                      ^"), std::string::npos) << got;
  EXPECT_NE(got.error.find("`n.v * 1000`"), std::string::npos) << got;
  EXPECT_EQ(parses(), 1u);
  EXPECT_EQ(cached.counters().runs, runs + 2);  // the failing statement ran once
}

TEST_F(StatementCacheTest, ErrorAfterAWriteInACachedRunDoesNotRunTwice) {
  std::string first = "CREATE (:T {k: 1}) WITH 0 AS one MATCH (n:P {name: 'Cy'}) RETURN n.v * 2 AS x";
  std::string second = "CREATE (:T {k: 2}) WITH 0 AS one MATCH (n:P {name: 'Bob'}) RETURN n.v * 3 AS x";
  outcome(cached, first);
  std::size_t runs = cached.counters().runs;
  Outcome got = outcome(cached, second);
  EXPECT_EQ(got, outcome(plain, second));
  EXPECT_FALSE(got.error.empty());
  EXPECT_EQ(cached.counters().runs, runs + 1);
  EXPECT_EQ(parses(), 1u);
  EXPECT_EQ(outcome(cached, "MATCH (t:T) RETURN t.k AS k").rows, std::vector<std::string>{"1 | "});
}

TEST_F(StatementCacheTest, MissingParameterInACachedRunShowsItsOwnLineAndHint) {
  cached.params()["k"] = Value(1);
  EXPECT_EQ(outcome(cached, "MATCH (n:P {name: 'Ann'}) RETURN n.v + $k AS x").rows, std::vector<std::string>{"2 | "});
  cached.params().clear();
  std::string script = "RETURN 1 AS one;\n  MATCH (n:P {name: 'Bobby'}) RETURN n.v + $k AS x;";
  Outcome got = outcome(cached, script, 3);
  EXPECT_EQ(got, outcome(plain, script, 3));
  EXPECT_NE(got.error.find("script.kgq:4:44: expected parameter $k\n"
                           "    MATCH (n:P {name: 'Bobby'}) RETURN n.v + $k AS x\n"
                           "                                             ^\n"
                           "hint: give it with --param k="),
            std::string::npos)
      << got;
  EXPECT_EQ(parses(), 2u);
}

TEST_F(StatementCacheTest, LimitStopsACachedRunAsItStopsAnUncachedOne) {
  outcome(cached, "UNWIND range(1, 5) AS i RETURN i");
  for (auto* s : {&cached, &plain}) s->limits().maxRows = 3;
  auto got = expectSameAsUncached("UNWIND range(1, 2) AS i RETURN i", "UNWIND range(1, 9) AS i RETURN i");
  EXPECT_NE(got.error.find("RuntimeError: stopped"), std::string::npos) << got;
  EXPECT_EQ(parses(), 1u);  // `RETURN i` names its column after a variable: shared
}

TEST_F(StatementCacheTest, UnknownEntityInACachedQuestionIsReportedForThatName) {
  outcome(cached, "PATH FROM 'Ann' TO 'Cy'");
  std::string script = "\n   PATH FROM 'Zed' TO 'Cy'";
  Outcome got = outcome(cached, script);
  EXPECT_EQ(got, outcome(plain, script));
  EXPECT_NE(got.error.find("script.kgq:2:14: unknown entity 'Zed'"), std::string::npos) << got;
  EXPECT_EQ(parses(), 1u);
}

TEST_F(StatementCacheTest, ParametersAreCheckedOnEveryRun) {
  cached.params()["k"] = Value(1);
  EXPECT_EQ(outcome(cached, "MATCH (n:P {name: 'Ann'}) RETURN n.v + $k AS x").rows, std::vector<std::string>{"2 | "});
  cached.params()["k"] = Value(10);
  EXPECT_EQ(outcome(cached, "MATCH (n:P {name: 'Cy'}) RETURN n.v + $k AS x").rows, std::vector<std::string>{"13 | "});
  EXPECT_EQ(parses(), 1u);
}

// A cached statement keeps its operators for the next run (exec/executor.h, KeptPlan): each run
// must still start with its own counters, statement time and constant operands, and see writes.
TEST_F(StatementCacheTest, KeptOperatorsStartEachRunAfresh) {
  // The least expansion limit under which one run finishes: runs after it must each count afresh.
  const std::string walk = "MATCH (n:P {id: 1})-[*1..3]-(m) RETURN count(m) AS c";
  std::uint64_t least = 1;
  for (plain.limits().maxExpansions = least; !outcome(plain, walk).error.empty() && least < 100;)
    plain.limits().maxExpansions = ++least;
  ASSERT_GT(least, 1u) << "the walk must count expansions";
  cached.limits().maxExpansions = least;
  for (int run = 0; run < 3; ++run) EXPECT_EQ(outcome(cached, walk), outcome(plain, walk)) << "run " << run;
  for (auto* s : {&cached, &plain}) s->limits().maxExpansions = 1000;

  // Each run has its own statement time (the first run parses, the second builds the
  // operators it keeps, the third runs them again).
  std::vector<long long> times;
  for (int id = 1; id <= 3; ++id) {
    if (id > 1) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    auto o = outcome(cached, "MATCH (n:P {id: " + std::to_string(id) + "}) RETURN datetime().epochMillis AS t");
    times.push_back(o.rows.size() == 1 ? std::stoll(o.rows[0]) : -1);
  }
  EXPECT_GT(times[0], 0);
  EXPECT_GT(times[1], times[0]);
  EXPECT_GT(times[2], times[1]);

  // A condition compared with a parameter is compiled for each run's value.
  for (double k : {2.0, 4.0, 0.0}) {
    for (auto* s : {&cached, &plain}) s->params()["k"] = Value(k);
    auto got = outcome(cached, "MATCH (n:P) WHERE n.w > $k RETURN n.name AS s ORDER BY s");
    EXPECT_EQ(got, outcome(plain, "MATCH (n:P) WHERE n.w > $k RETURN n.name AS s ORDER BY s")) << k;
  }

  // Writes between runs are seen (the graph changed: the operators are built again).
  expectSameAsUncached("MATCH (n:P) WHERE n.id >= 4 RETURN n.name AS s ORDER BY s",
                       "MATCH (n:P) WHERE n.id >= 3 RETURN n.name AS s ORDER BY s");
  for (auto* s : {&cached, &plain}) {
    s->runOne("CREATE (:P {name: 'Di', id: 6, v: 6, w: 5.5})");
    s->runOne("MATCH (n:P {name: 'Cy'}) DETACH DELETE n");
  }
  auto after = expectSameAsUncached("MATCH (n:P) WHERE n.id >= 5 RETURN n.name AS s ORDER BY s",
                                    "MATCH (n:P) WHERE n.id >= 2 RETURN n.name AS s ORDER BY s");
  EXPECT_EQ(after.rows, (std::vector<std::string>{"'Bob' | ", "'Di' | ", "'a  b' | ", "'ab' | "}));

  // A run that fails leaves the next to start clean.
  auto failed = outcome(cached, "MATCH (n:P) WHERE n.id >= 1 RETURN n.id / (n.id - 4) AS q ORDER BY q");
  EXPECT_NE(failed.error.find("by zero"), std::string::npos) << failed;
  expectSameAsUncached("MATCH (n:P) WHERE n.id >= 5 RETURN n.id / (n.id - 4) AS q ORDER BY q",
                       "MATCH (n:P) WHERE n.id >= 6 RETURN n.id / (n.id - 9) AS q ORDER BY q");
}

TEST_F(StatementCacheTest, ReplacingTheGraphEmptiesTheCache) {
  outcome(cached, "MATCH (n:P {id: 1}) RETURN n.name AS name");
  EXPECT_GE(cached.statementCache().size(), 1u);
  cached.replaceGraph(Graph{});
  EXPECT_EQ(cached.statementCache().size(), 0u);
  EXPECT_TRUE(outcome(cached, "MATCH (n:P {id: 2}) RETURN n.name AS name").rows.empty());
  EXPECT_EQ(parses(), 2u);
}

TEST_F(StatementCacheTest, PointLookupLoopParsesOnce) {
  cached.runOne("UNWIND range(0, 9999) AS i CREATE (:N {id: i, name: 'n' + toString(i)})");
  std::size_t before = parses();
  std::string script;
  for (int i = 0; i < 10000; ++i) script += "MATCH (n:N {id: " + std::to_string((i * 7919) % 10000) + "}) RETURN n.name;\n";
  int i = 0;
  std::size_t wrong = 0;
  cached.run(script, "loop", 1, [&](const StatementResult& r) {
    std::string want = "n" + std::to_string((i++ * 7919) % 10000);
    if (r.result.rows.size() != 1 || r.result.rows[0][0] != Value(want)) ++wrong;
  });
  EXPECT_EQ(i, 10000);
  EXPECT_EQ(wrong, 0u);
  EXPECT_EQ(parses(), before + 1);
}

}  // namespace
}  // namespace kgq

namespace kgq {
namespace {

// Statements that differ from a cached one only in label and type names (and lifted literals)
// are made from its parsed query instead of being parsed: they must answer, warn and fail as
// if parsed, at their own positions.
TEST_F(StatementCacheTest, OtherLabelAndTypeNamesAreMadeFromTheParsedQuery) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"MATCH (n:Q {name: 'Ann'}) RETURN n.v AS v", "MATCH (n:P {name: 'Cy'}) RETURN n.v AS v"},
      {"MATCH (a:P)-[:LIKES]->(b:P) RETURN count(*) AS c", "MATCH (a:P)-[:KNOWS]->(b:P) RETURN count(*) AS c"},
      {"MATCH (a:P {id: 5})-[:LIKES*1..2]-(b) RETURN count(DISTINCT b) AS c",
       "MATCH (a:P {id: 3})-[:KNOWS*1..2]-(b) RETURN count(DISTINCT b) AS c"},
      {"MATCH (a:Person)-[r:LIKES]->(b) WHERE b:Person RETURN count(r) AS c",
       "MATCH (a:P)-[r:KNOWS]->(b) WHERE b:P RETURN count(r) AS c"},
      // Wider and narrower names before a warning's and an error's position.
      {"MATCH (n:Pxxxxxxx {name: 'Ann'}) RETURN n.nope AS v", "MATCH (n:P {name: 'Cy'}) RETURN n.nope AS v"},
      {"MATCH (n:P {name: 'Ann'})\nRETURN n.v AS v", "MATCH (n:Pyyyyyyy {name: 'Cy'})\nRETURN n.v AS v"},
      {"MATCH (n:P)-[:KNOWS]->(m:P) RETURN m.v + 1 AS v ORDER BY v",
       "MATCH (n:P)-[:KNOWZZZ]->(m:Pzz) RETURN m.v + 1 AS v ORDER BY v"},
  };
  for (const auto& [first, second] : pairs) {
    std::size_t before = parses();
    std::size_t derived = cached.counters().derived;
    auto got = expectSameAsUncached(first, second);
    EXPECT_EQ(parses(), before + 1) << second << " was parsed";
    EXPECT_EQ(cached.counters().derived, derived + 1) << second;
  }
  // A runtime error at a shifted position ('two' * 2), and a column named after a text with a label.
  for (const auto& [first, second] : std::vector<std::pair<std::string, std::string>>{
           {"MATCH (a:P)-[:KNOWS_NOT_HERE]->(b:P) WHERE b.id = 2 RETURN b.v * 2 AS v",
            "MATCH (a:P)-[:KNOWS]->(b:P) WHERE b.id = 2 RETURN b.v * 2 AS v"},
           {"MATCH (n:Q) RETURN n:Q, n.v + 1 ORDER BY n.v", "MATCH (n:P) RETURN n:P, n.v + 1 ORDER BY n.v"},
           {"MATCH (n:Q) RETURN n:Q AS a, n:Q AS b, (n:Q) OR (n:Q) AS c", "MATCH (n:P) RETURN n:P AS a, n:P AS b, (n:P) OR (n:P) AS c"},
       }) {
    std::size_t derived = cached.counters().derived;
    auto got = expectSameAsUncached(first, second);
    EXPECT_EQ(cached.counters().derived, derived + 1) << second;
    for (const auto& column : got.columns) EXPECT_EQ(column.find('Q'), std::string::npos) << got;
  }
}

TEST_F(StatementCacheTest, NamesThatCannotBeReplacedMakeAStatementParsed) {
  // A keyword as a label parses as another token; a map value after `:` is a variable.
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"MATCH (n:P) RETURN count(n) AS c", "MATCH (n:COUNT) RETURN count(n) AS c"},
      {"MATCH (n:P) WITH n, 1 AS x RETURN {k: n.v, l: x} AS m ORDER BY m.k",
       "MATCH (n:P) WITH n, 1 AS y RETURN {k: n.v, l: y} AS m ORDER BY m.k"},
  };
  for (const auto& [first, second] : pairs) {
    std::size_t derived = cached.counters().derived;
    expectSameAsUncached(first, second);
    EXPECT_EQ(cached.counters().derived, derived) << second;
  }
}

}  // namespace
}  // namespace kgq
