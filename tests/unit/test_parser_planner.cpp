// The transformer's AST and the planner's choices, where they carry logic.
#include <gtest/gtest.h>

#include <random>

#include "parser/lexical.h"
#include "parser/parser.h"
#include "session/session.h"

namespace kgq {
namespace {

using namespace ast;

const Query& onlyQuery(const Script& s) { return std::get<Query>(s.statements.at(0)); }

TEST(Transformer, PatternsKeepLabelsTypesDirectionsAndRanges) {
  auto script = parseScript("MATCH p = (a:A:B {x: 1})-[r:T|U*2]->(b)<-[*..4]-(c)-[*0..2]-(d), (e)-[:V*]->(f) RETURN a");
  const auto& m = std::get<MatchClause>(onlyQuery(script).clauses[0]);
  ASSERT_EQ(m.pattern.size(), 2u);
  const auto& part = m.pattern[0];
  EXPECT_EQ(part.pathVar, "p");
  EXPECT_EQ(part.nodes[0].labels, (std::vector<SchemaName>{"A", "B"}));
  ASSERT_EQ(part.nodes[0].props.size(), 1u);
  EXPECT_EQ(part.rels[0].types, (std::vector<SchemaName>{"T", "U"}));
  EXPECT_EQ(part.rels[0].dir, Direction::Out);
  EXPECT_EQ(std::make_pair(part.rels[0].minHops, part.rels[0].maxHops), std::make_pair(2, 2));
  EXPECT_EQ(part.rels[1].dir, Direction::In);
  EXPECT_EQ(std::make_pair(part.rels[1].minHops, part.rels[1].maxHops), std::make_pair(1, 4));
  EXPECT_EQ(part.rels[2].dir, Direction::Both);
  EXPECT_EQ(std::make_pair(part.rels[2].minHops, part.rels[2].maxHops), std::make_pair(0, 2));
  const auto& star = m.pattern[1].rels[0];
  EXPECT_TRUE(star.varLength);
  EXPECT_EQ(std::make_pair(star.minHops, star.maxHops), std::make_pair(1, -1));
}

TEST(Transformer, ShortestPathAndQuestions) {
  auto s1 = parseScript("MATCH p = allShortestPaths((a)-[*..5]-(b)) RETURN p");
  EXPECT_EQ(std::get<MatchClause>(onlyQuery(s1).clauses[0]).pattern[0].shortest, ShortestKind::All);
  auto s2 = parseScript("PATH FROM 'Ann Lee' TO bob TOP 3 MAX 4 VIA A|B AVOID x, \"y z\" DIRECTED AS OF 2015");
  const auto& q = std::get<Question>(s2.statements[0]);
  EXPECT_EQ(q.kind, QuestionKind::Path);
  EXPECT_EQ(q.entities[0].text, "Ann Lee");
  EXPECT_EQ(q.entities[1].text, "bob");
  EXPECT_EQ(q.mode, PathMode::TopK);
  EXPECT_EQ(q.k, 3);
  EXPECT_EQ(q.maxHops, 4);
  EXPECT_EQ(q.via, (std::vector<SchemaName>{"A", "B"}));
  EXPECT_EQ(q.avoid.size(), 2u);
  EXPECT_EQ(q.dir, Direction::Out);
  ASSERT_TRUE(q.asOf.has_value());
  EXPECT_EQ(q.asOf->year, 2015);
  EXPECT_EQ(q.asOf->month, 0u);  // a year: compared at year precision
  auto month = std::get<Question>(parseScript("PATH FROM a TO b AS OF 2015-06").statements[0]).asOf;
  ASSERT_TRUE(month.has_value());
  EXPECT_EQ(month->month, 6u);
  EXPECT_EQ(month->day, 0u);
  auto day = std::get<Question>(parseScript("PATH FROM a TO b AS OF date('2015-06-01')").statements[0]).asOf;
  ASSERT_TRUE(day.has_value());
  EXPECT_EQ(day->day, 1u);
  EXPECT_EQ(day->text, "2015-06-01");
  auto s3 = parseScript("NEIGHBOURS OF x DEPTH 2 EXPORT GRAPHML TO 'o.graphml'");
  ASSERT_TRUE(s3.exports[0].has_value());
  EXPECT_EQ(s3.exports[0]->format, ExportFormat::GraphML);
  EXPECT_EQ(s3.exports[0]->path, "o.graphml");
}

TEST(Transformer, ExpressionPrecedenceAndChainedComparison) {
  auto script = parseScript("RETURN 1 + 2 * 3 ^ 2 AS a, 1 < 2 <= 3 AS b, NOT 1 = 2 AS c, -9223372036854775808 AS d");
  const auto& items = std::get<ProjectionClause>(onlyQuery(script).clauses[0]).items;
  const Expr& a = *items[0].expr;
  ASSERT_EQ(a.op, Op::Add);
  EXPECT_EQ(a.args[1]->op, Op::Mul);
  EXPECT_EQ(a.args[1]->args[1]->op, Op::Pow);
  const Expr& b = *items[1].expr;
  EXPECT_EQ(b.op, Op::And);
  EXPECT_EQ(b.args[0]->op, Op::Lt);
  EXPECT_EQ(b.args[1]->op, Op::Le);
  EXPECT_EQ(items[2].expr->op, Op::Not);
  EXPECT_EQ(items[2].expr->args[0]->op, Op::Eq);
  EXPECT_EQ(items[3].expr->literal.asInt(), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(items[0].alias, "a");
}

TEST(Transformer, StringEscapesAndColumnNamesFromSourceText) {
  auto script = parseScript("RETURN 'a\\'b\\n\\u00e9' , \"x\" + `weird name`.k");
  const auto& items = std::get<ProjectionClause>(onlyQuery(script).clauses[0]).items;
  EXPECT_EQ(items[0].expr->literal.asString(), "a'b\n\xc3\xa9");
  EXPECT_EQ(items[1].alias, "\"x\" + `weird name`.k");
  EXPECT_EQ(items[1].expr->args[1]->args[0]->name, "weird name");
}

TEST(Parser, SyntaxErrorsNamePositionLineAndExpectation) {
  try {
    parseScript("RETURN 1;\nMATCH (n RETURN n", "q.kgq");
    FAIL() << "expected a SyntaxError";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.pos().source, "q.kgq");
    EXPECT_EQ(e.pos().line, 2);
    EXPECT_EQ(e.pos().column, 10);
    EXPECT_EQ(e.pos().lineText, "MATCH (n RETURN n");
    EXPECT_NE(e.message().find("unexpected 'RETURN'"), std::string::npos) << e.message();
    EXPECT_NE(e.render().find("\n           ^"), std::string::npos) << e.render();
  }
  EXPECT_THROW(parseScript("RETURN 'unterminated"), SyntaxError);
  EXPECT_THROW(parseScript("RETURN 99999999999999999999"), SyntaxError);
  EXPECT_THROW(parseScript("RETURN '\\q'"), SyntaxError);
}

TEST(Parser, SplitsScriptsAtSemicolonsOutsideStringsAndComments) {
  auto spans = splitStatements("RETURN ';' AS a; // c;\n  /* ; */ RETURN 2\n;;");
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].text, "RETURN ';' AS a");
  EXPECT_EQ(spans[1].line, 2);
  EXPECT_EQ(spans[1].column, 11);
  EXPECT_TRUE(spans[1].terminated);
  // Back-ticked names hide ';', a trailing comment is not part of the statement,
  // and columns count code points, as the parser's do.
  spans = splitStatements("MATCH (`a;b`) RETURN 1 /* end */;\n\xC2\xA0\xC3\xA9 ;RETURN \"x;\" // tail");
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0].text, "MATCH (`a;b`) RETURN 1");
  EXPECT_EQ(spans[1].text, "\xC3\xA9");
  EXPECT_EQ(spans[1].column, 2);
  EXPECT_EQ(spans[2].text, "RETURN \"x;\"");
  EXPECT_EQ(spans[2].column, 5);
  EXPECT_FALSE(spans[2].terminated);
  EXPECT_TRUE(needsMoreInput("RETURN 'abc"));
  EXPECT_TRUE(needsMoreInput("/* open"));
  EXPECT_TRUE(needsMoreInput("  "));
  EXPECT_FALSE(needsMoreInput("RETURN 1"));
}

// The splitter against a plain walk of the text, byte by byte with lexical's rules, on scripts made
// of every kind of piece it tells apart (quotes with escapes and `;`, both comments, back-ticked
// names, blanks beyond ASCII, letters beyond ASCII, unterminated ones, line breaks).
TEST(Parser, SplitterAgreesWithAByteByByteWalkOnRandomScripts) {
  auto reference = [](std::string_view text) {
    constexpr auto npos = std::string_view::npos;
    std::vector<StatementSpan> spans;
    StatementSpan span;
    std::size_t start = npos, tokenEnd = 0;
    auto flush = [&](bool terminated) {
      if (start == npos) return;
      span.text = std::string(text.substr(start, tokenEnd - start));
      span.terminated = terminated;
      spans.push_back(span);
      span = {};
      start = npos;
    };
    lexical::Cursor at;
    for (std::size_t i = 0; i < text.size();) {
      std::size_t end = i + 1;
      bool token = true;
      if (std::size_t w = lexical::whitespaceAt(text, i)) {
        end = i + w, token = false;
      } else if (std::size_t e = lexical::skippedEnd(text, i); e != i) {
        if (e != npos) end = e, token = text[i] == '`';
      } else if (text[i] == ';') {
        flush(true);
        token = false;
      } else if (text[i] == '\'' || text[i] == '"') {
        if (std::size_t q = lexical::quotedEnd(text, i); q != npos) end = q;
      }
      if (token) {
        if (start == npos) start = i, span.line = at.line, span.column = at.column;
        tokenEnd = end;
      }
      for (; i < end; ++i) at.advance(text[i]);
    }
    flush(false);
    return spans;
  };
  const std::vector<std::string> pieces = {
      "MATCH", " ", "  ", "\n", "\r\n", "\t", ";", "(n)", "'a;b'", "'it\\'s'", "\"x\"", "'", "\"", "`na;me`", "`",
      "// c ; d\n", "//", "/* ; */", "/*", "*/", "/", "\xC2\xA0", "\xEF\xBB\xBF", "\xC3\xA9", "\xE2\x82\xAC", "1.5",
      "$p", "x.y", "-->", "{k: 'v'}"};
  std::mt19937 rng(7);
  int checked = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string script;
    int n = static_cast<int>(rng() % 24);
    for (int k = 0; k < n; ++k) script += pieces[rng() % pieces.size()];
    auto got = splitStatements(script);
    auto want = reference(script);
    ASSERT_EQ(got.size(), want.size()) << script;
    for (std::size_t k = 0; k < got.size(); ++k) {
      EXPECT_EQ(got[k].text, want[k].text) << script;
      EXPECT_EQ(got[k].line, want[k].line) << script;
      EXPECT_EQ(got[k].column, want[k].column) << script;
      EXPECT_EQ(got[k].terminated, want[k].terminated) << script;
      ++checked;
    }
  }
  EXPECT_GT(checked, 3000);
}

// An unterminated comment, string or back-ticked name is one bad character, as
// in the grammar: it fails its own statement, and the ones after it still run.
TEST(Parser, UnterminatedTokensDoNotSwallowTheRestOfAScript) {
  auto texts = [](std::string_view script) {
    std::vector<std::string> out;
    for (const auto& s : splitStatements(script)) out.push_back(s.text);
    return out;
  };
  EXPECT_EQ(texts("RETURN 1 AS a; /* x ; RETURN 3 AS c"),
            (std::vector<std::string>{"RETURN 1 AS a", "/* x", "RETURN 3 AS c"}));
  EXPECT_EQ(texts("RETURN 'ab; RETURN 2"), (std::vector<std::string>{"RETURN 'ab", "RETURN 2"}));
  EXPECT_EQ(texts("RETURN `ab; RETURN 2"), (std::vector<std::string>{"RETURN `ab", "RETURN 2"}));
  EXPECT_EQ(texts("RETURN 1 // to the end ; still a comment"), (std::vector<std::string>{"RETURN 1"}));

  Session s;
  std::vector<std::string> ran, failed;
  s.run("RETURN 1 AS a; /* x ; RETURN 3 AS c", "<t>", 1,
        [&](const StatementResult& r) { ran.push_back(r.result.columns.at(0)); },
        [&](const Error& e) { failed.push_back(e.kind()); });
  EXPECT_EQ(ran, (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(failed, (std::vector<std::string>{"SyntaxError"}));
}

// Issue #16: these were "unexpected ''', expected an expression" at the quote (or
// "unexpected '*'" in the comment), which says nothing of the cause.
TEST(Parser, UnterminatedStringsNamesAndCommentsSayWhereTheyStart) {
  auto error = [](const std::string& text) {
    try {
      parseScript(text, "q.kgq");
    } catch (const SyntaxError& e) {
      return e;
    }
    ADD_FAILURE() << "expected a SyntaxError for " << text;
    return SyntaxError("none");
  };
  auto e = error("RETURN 'abc");
  EXPECT_EQ(e.message(), "unterminated string literal: it starts here and the statement ends without its closing '");
  EXPECT_EQ(e.pos().line, 1);
  EXPECT_EQ(e.pos().column, 8);
  EXPECT_EQ(e.hint(), "close the string with '; a ' inside it is written \\'");
  EXPECT_NE(e.render().find("RETURN 'abc\n         ^"), std::string::npos) << e.render();
  // A quote escaped at the end does not close it; nor does one of the other kind.
  auto dq = error("RETURN 1,\n  \"a\\\" + 'b'");
  EXPECT_EQ(dq.pos().line, 2);
  EXPECT_EQ(dq.pos().column, 3);
  EXPECT_NE(dq.message().find("without its closing \""), std::string::npos) << dq.message();
  EXPECT_NE(error("RETURN \"x\\").message().find("without its closing \""), std::string::npos);
  auto name = error("MATCH (n) RETURN n.`odd name");
  EXPECT_EQ(name.message(), "unterminated name: it starts here and the statement ends without its closing `");
  EXPECT_EQ(name.pos().column, 20);
  EXPECT_EQ(name.hint(), "close the name with `; a ` inside it is written ``");
  auto comment = error("RETURN 1 /* open");
  EXPECT_EQ(comment.message(), "unterminated comment: /* starts here and the statement ends without its closing */");
  EXPECT_EQ(comment.pos().column, 10);
  EXPECT_NE(comment.hint().find("close the comment with */"), std::string::npos);
  auto lines = error("MATCH (n)\nWHERE n.x = 1 /* a comment\nover lines * / RETURN n");
  EXPECT_EQ(lines.pos().line, 2);
  EXPECT_EQ(lines.pos().column, 15);
  EXPECT_EQ(lines.pos().lineText, "WHERE n.x = 1 /* a comment");
  // Through the splitter, positions are those of the whole script.
  auto spans = splitStatements("RETURN 1;\n  RETURN 'x; RETURN 2");
  ASSERT_EQ(spans.size(), 3u);
  try {
    parseSpan(spans[1], "s.kgq");
    ADD_FAILURE() << "expected a SyntaxError";
  } catch (const SyntaxError& s) {
    EXPECT_EQ(s.pos().line, 2);
    EXPECT_EQ(s.pos().column, 10);
    EXPECT_NE(s.message().find("unterminated string literal"), std::string::npos) << s.message();
  }
  // Closed ones, and quotes or comment marks inside another token, are fine.
  EXPECT_NO_THROW(parseScript("RETURN 'it\\'s' /* a ' \" ` */, \"/*\" AS `a /* b`, '//' // '"));
}

// Text that is not UTF-8 is a syntax error at the bad byte, cached or not (the
// ANTLR input stream would otherwise throw std::range_error and end the process).
TEST(Parser, InvalidUtf8IsASyntaxErrorAtItsByte) {
  try {
    parseScript("RETURN 1 AS a,\n  'x\xFFy' AS b");
    FAIL() << "expected a SyntaxError";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.pos().line, 2);
    EXPECT_EQ(e.pos().column, 5);
  }
  for (const char* bad : {"\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82"})
    EXPECT_THROW(parseScript(std::string("RETURN '") + bad + "'"), SyntaxError) << bad;
  EXPECT_NO_THROW(parseScript("RETURN '\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80'"));
  Session s;
  s.runOne("RETURN 'ok' AS x");  // the same statement shape is now cached
  EXPECT_THROW(s.runOne("RETURN '\xFF' AS x"), SyntaxError);
}

TEST(Parser, EveryWarmUpStatementParses) { EXPECT_EQ(warmUpParser(), 0); }

std::string planOf(Session& s, const std::string& q) { return s.runOne("EXPLAIN " + q).plan; }

TEST(Planner, StartsFromTheRarestLabelOrABoundNode) {
  Session s;
  s.runOne("UNWIND range(1, 50) AS i CREATE (:Common {i: i})");
  s.runOne("CREATE (:Rare {i: 0})");
  auto plan = planOf(s, "MATCH (c:Common)-[:T]->(r:Rare) RETURN c");
  EXPECT_NE(plan.find("NodeByLabelScan (r:Rare)"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Expand (r:Rare)<-[:T]-(c:Common)"), std::string::npos) << plan;
  plan = planOf(s, "MATCH (c:Common) WITH c MATCH (r:Rare)-[:T]->(c) RETURN r");
  EXPECT_NE(plan.find("Expand (c)<-[:T]-(r:Rare)"), std::string::npos) << plan;
}

TEST(Planner, ReachabilityOnlyWhenOnlyDistinctEndsMatter) {
  Session s;
  EXPECT_NE(planOf(s, "MATCH (a)-[*1..3]-(b) RETURN a, count(DISTINCT b)").find("VarLengthReachable"),
            std::string::npos);
  EXPECT_EQ(planOf(s, "MATCH (a)-[*1..3]-(b) RETURN count(b)").find("VarLengthReachable"), std::string::npos);
  // Naming the relationships changes nothing while nothing reads them.
  EXPECT_NE(planOf(s, "MATCH (a)-[r*1..3]-(b) RETURN count(DISTINCT b)").find("VarLengthReachable"),
            std::string::npos);
  EXPECT_EQ(planOf(s, "MATCH (a)-[r*1..3]-(b) RETURN count(DISTINCT b), count(r)").find("VarLengthReachable"),
            std::string::npos);
  EXPECT_EQ(planOf(s, "MATCH (a)-[*2..3]-(b) RETURN count(DISTINCT b)").find("VarLengthReachable"),
            std::string::npos);
}

}  // namespace
}  // namespace kgq

namespace kgq {
namespace {

TEST(Planner, ProfileRunsAndCountsRowsPerOperator) {
  Session s;
  s.runOne("UNWIND range(1, 10) AS i CREATE (:N {i: i})");
  auto r = s.runOne("PROFILE MATCH (n:N) WHERE n.i > 3 RETURN n.i");
  EXPECT_EQ(r.rows.size(), 7u);
  EXPECT_TRUE(r.profiled);
  EXPECT_NE(r.plan.find("NodeByLabelScan (n:N) check WHERE n.i > 3  [rows 7, "), std::string::npos) << r.plan;
  EXPECT_NE(r.plan.find("Project n.i  [rows 7, "), std::string::npos) << r.plan;
  EXPECT_NE(r.plan.find("Start  [rows 1, "), std::string::npos) << r.plan;
  // PROFILE runs writes too (EXPLAIN does not).
  s.runOne("PROFILE CREATE (:P)");
  EXPECT_EQ(s.runOne("MATCH (p:P) RETURN count(p)").rows[0][0], Value(std::int64_t{1}));
}

// The rules EXPLAIN names come from the one table that :help explain lists.
TEST(Planner, ExplainNamesOnlyRegisteredRules) {
  Session s;
  auto plan = planOf(s, "MATCH (a), (b) WHERE a.k = 1 AND b.k = a.k RETURN a");
  auto at = plan.find("Rules: ");
  ASSERT_NE(at, std::string::npos);
  std::string rules = plan.substr(at + 7);
  EXPECT_NE(rules.find("index-seek"), std::string::npos) << plan;
  EXPECT_NE(rules.find("seek-join"), std::string::npos) << plan;
}

}  // namespace
}  // namespace kgq
