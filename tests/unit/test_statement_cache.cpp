// The statement cache: statements that differ only in string literals share one
// parsed and bound statement, and must still answer (and fail) as if each were
// parsed on its own.
#include <gtest/gtest.h>

#include "format/format.h"
#include "parser/literal_scan.h"
#include "session/session.h"

namespace kgq {
namespace {

StrippedStatement strip(const std::string& text) { return stripStringLiterals(StatementSpan{text, 1, 1, true}); }

std::vector<std::string> column0(const QueryResult& r, const Graph& g) {
  std::vector<std::string> out;
  for (const auto& row : r.rows) out.push_back(renderValue(row[0], g));
  return out;
}

class StatementCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    session.runOne(
        "CREATE (:P {name: 'Ann', v: 1})-[:KNOWS]->(:P {name: 'Bob', v: 'two'})-[:KNOWS]->(:P {name: 'Cy', v: 3})");
  }
  std::vector<std::string> run(const std::string& q) { return column0(session.runOne(q), session.graph()); }
  Session session;
};

TEST(LiteralScan, KeyIgnoresLiteralValuesButKeepsTheirPattern) {
  auto a = strip("MATCH (n {name: 'Ann'}) RETURN n");
  auto b = strip("MATCH (n {name: \"Bob\"}) RETURN n");
  ASSERT_TRUE(a.cacheable);
  EXPECT_EQ(a.key, b.key);
  EXPECT_EQ(a.values, std::vector<std::string>{"Ann"});
  EXPECT_EQ(b.values, std::vector<std::string>{"Bob"});
  // 'x' twice and 'x' then 'y' bind differently (the binder matches repeated expressions by text).
  EXPECT_NE(strip("RETURN 'x' + 1, 'x'").key, strip("RETURN 'x' + 1, 'y'").key);
  EXPECT_EQ(strip("RETURN 'x' + 1, 'x'").key, strip("RETURN 'z' + 1, 'z'").key);
}

TEST(LiteralScan, SkipsCommentsAndQuotedNamesAndDecodesEscapes) {
  auto s = strip("MATCH (`it's`) // don't\n/* 'no' */ RETURN 'a\\'b\\u00e9' AS `x'`");
  ASSERT_TRUE(s.cacheable);
  ASSERT_EQ(s.values.size(), 1u);
  EXPECT_EQ(s.values[0], "a'b\xc3\xa9");
  EXPECT_EQ(s.positions[0].line, 2);
  EXPECT_EQ(s.positions[0].column, 19);
}

TEST(LiteralScan, RefusesWhatItCannotPlace) {
  EXPECT_FALSE(strip("RETURN 'two\nlines'").cacheable);
  EXPECT_FALSE(strip("RETURN 'bad \\q escape'").cacheable);
  EXPECT_FALSE(strip("RETURN 'unterminated").cacheable);
  EXPECT_FALSE(strip("RETURN '\x01'").cacheable);
}

TEST(LiteralScan, ColumnsCountCodePoints) {
  auto s = strip("RETURN 'é' AS a, 'x' AS b");
  ASSERT_EQ(s.positions.size(), 2u);
  EXPECT_EQ(s.positions[1].column, 18);
}

TEST_F(StatementCacheTest, SecondLookupRunsFromTheCacheWithItsOwnLiteral) {
  EXPECT_EQ(run("MATCH (n:P {name: 'Ann'}) RETURN n.v AS v"), std::vector<std::string>{"1"});
  EXPECT_EQ(run("MATCH (n:P {name: 'Cy'}) RETURN n.v AS v"), std::vector<std::string>{"3"});
  EXPECT_EQ(run("MATCH (n:P {name: 'Nobody'}) RETURN n.v AS v"), std::vector<std::string>{});
  EXPECT_EQ(session.statementCache().hits(), 2u);
}

TEST_F(StatementCacheTest, LiteralsInWhereAndProjectionAreRewritten) {
  EXPECT_EQ(run("MATCH (n:P) WHERE n.name STARTS WITH 'A' RETURN n.name + '!' AS s"),
            std::vector<std::string>{"'Ann!'"});
  EXPECT_EQ(run("MATCH (n:P) WHERE n.name STARTS WITH 'B' RETURN n.name + '?' AS s"),
            std::vector<std::string>{"'Bob?'"});
  EXPECT_EQ(session.statementCache().hits(), 1u);
}

TEST_F(StatementCacheTest, ColumnNamedAfterALiteralIsNotShared) {
  auto a = session.runOne("RETURN 'a'");
  auto b = session.runOne("RETURN 'b'");
  EXPECT_EQ(a.columns, std::vector<std::string>{"'a'"});
  EXPECT_EQ(b.columns, std::vector<std::string>{"'b'"});
  EXPECT_EQ(session.statementCache().hits(), 0u);
}

TEST_F(StatementCacheTest, QuestionsShareOneEntryAcrossNames) {
  auto first = session.runOne("PATH FROM 'Ann' TO 'Cy'");
  auto second = session.runOne("PATH FROM 'Bob' TO 'Cy'");
  ASSERT_EQ(first.rows.size(), 1u);
  ASSERT_EQ(second.rows.size(), 1u);
  EXPECT_EQ(first.rows[0][1], Value(2));
  EXPECT_EQ(second.rows[0][1], Value(1));
  EXPECT_EQ(session.statementCache().hits(), 1u);
}

TEST_F(StatementCacheTest, ErrorInACachedStatementNamesItsOwnLineAndText) {
  std::vector<std::string> errors;
  session.run("MATCH (n:P {name: 'Ann'}) RETURN n.v * 2 AS x;\nMATCH (n:P {name: 'Bob'}) RETURN n.v * 2 AS x;",
              "script.kgq", 1, {}, [&](const Error& e) { errors.push_back(e.render()); });
  ASSERT_EQ(errors.size(), 1u);
  // The cached statement came from line 1; the error is the one on line 2.
  EXPECT_NE(errors[0].find("2:35: type mismatch"), std::string::npos) << errors[0];
}

TEST_F(StatementCacheTest, UnknownEntityInACachedQuestionIsReportedForThatName) {
  session.runOne("PATH FROM 'Ann' TO 'Cy'");
  try {
    session.runOne("PATH FROM 'Zed' TO 'Cy'");
    FAIL() << "expected an error";
  } catch (const SemanticError& e) {
    EXPECT_EQ(e.message(), "unknown entity 'Zed'");
  }
}

TEST_F(StatementCacheTest, ParametersAreCheckedOnEveryRun) {
  session.params()["k"] = Value(1);
  EXPECT_EQ(run("MATCH (n:P {name: 'Ann'}) RETURN n.v + $k AS x"), std::vector<std::string>{"2"});
  session.params().clear();
  EXPECT_THROW(run("MATCH (n:P {name: 'Cy'}) RETURN n.v + $k AS x"), SemanticError);
}

}  // namespace
}  // namespace kgq
