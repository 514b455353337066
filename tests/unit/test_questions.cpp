// Questions answer with the same rows whether or not they narrate; the narrative
// lines (table output only) are built only when asked for.
#include <gtest/gtest.h>

#include <algorithm>

#include "session/session.h"

namespace kgq {
namespace {

void buildChain(Session& s) {
  s.runOne(
      "CREATE (a:Person {name: 'Ann Lee'})-[:KNOWS {year: 2015, source: '¶1'}]->(b:Person {name: 'Bob Roe'}),"
      " (b)-[:WORKS_FOR]->(c:Organization {name: 'Acme'}), (c)<-[:WORKS_FOR]-(:Person {name: 'Cy Dunn'})");
}

class QuestionNarrative : public ::testing::TestWithParam<const char*> {};

TEST_P(QuestionNarrative, RowsDoNotDependOnNarration) {
  Session told, quiet;
  buildChain(told);
  buildChain(quiet);
  quiet.setNarrate(false);
  QueryResult withWords = told.runOne(GetParam());
  QueryResult rowsOnly = quiet.runOne(GetParam());
  EXPECT_EQ(rowsOnly.columns, withWords.columns);
  ASSERT_EQ(rowsOnly.rows.size(), withWords.rows.size());
  ASSERT_FALSE(withWords.rows.empty());
  for (std::size_t i = 0; i < withWords.rows.size(); ++i) EXPECT_EQ(rowsOnly.rows[i], withWords.rows[i]) << "row " << i;
  EXPECT_FALSE(withWords.narrative.empty());
  EXPECT_TRUE(rowsOnly.narrative.empty());
}

INSTANTIATE_TEST_SUITE_P(Questions, QuestionNarrative,
                         ::testing::Values("PATH FROM 'Ann Lee' TO 'Cy Dunn'", "PATH TOP 2 FROM 'Ann Lee' TO Acme",
                                           "NEIGHBOURS OF Acme DEPTH 2", "CONNECT 'Ann Lee', Acme, 'Cy Dunn'"));

TEST(QuestionNarrative, PathExplanationIsARowValueEitherWay) {
  Session s;
  buildChain(s);
  s.setNarrate(false);
  QueryResult r = s.runOne("PATH FROM 'Ann Lee' TO Acme");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][2], Value(std::string("Ann Lee knows Bob Roe (2015, ¶1), which works for Acme.")));
}

// A delegation (the centre) led by Ann, with Bob among its members; Ann knows Bob
// (a link between two neighbours); Bob works for Acme, two hops out.
void buildDelegation(Session& s) {
  s.runOne(
      "CREATE (d:Group {name: 'Delegation', size: 68, description: 'a party of officials'}),"
      " (a:Person {name: 'Ann'}), (b:Person {name: 'Bob'}), (c:Organization {name: 'Acme'}),"
      " (d)-[:LED_BY]->(a), (b)-[:MEMBER_OF {role: 'adviser'}]->(d), (a)-[:KNOWS]->(b), (b)-[:WORKS_FOR]->(c)");
}

std::vector<std::string> typesOf(Session& s, const QueryResult& r) {
  std::vector<std::string> out;
  for (RelId rel : r.extraRels) out.push_back(s.graph().types().name(s.graph().rel(rel).type));
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Neighbours, SpokesByDefaultLinksOnlyWhenAsked) {
  Session s;
  buildDelegation(s);
  QueryResult spokes = s.runOne("NEIGHBOURS OF Delegation DEPTH 2");
  EXPECT_EQ(typesOf(s, spokes), (std::vector<std::string>{"LED_BY", "MEMBER_OF", "WORKS_FOR"}));
  QueryResult all = s.runOne("NEIGHBOURS OF Delegation DEPTH 2 WITH LINKS");
  EXPECT_EQ(typesOf(s, all), (std::vector<std::string>{"KNOWS", "LED_BY", "MEMBER_OF", "WORKS_FOR"}));
  EXPECT_EQ(spokes.rows, all.rows);
}

TEST(Neighbours, TheCentresFactsComeFirstThenEachNeighbourWithItsSpokes) {
  Session s;
  buildDelegation(s);
  QueryResult r = s.runOne("NEIGHBOURS OF Delegation DEPTH 2 WITH LINKS");
  ASSERT_GE(r.narrative.size(), 3u);
  EXPECT_EQ(r.narrative[0], "neighbours of Delegation within 2 hops: 3 nodes, 4 relationships");
  EXPECT_EQ(r.narrative[1], "  Delegation (Group) - size: 68; description: a party of officials");
  std::string text;
  for (const auto& l : r.narrative) text += l + "\n";
  // Acme hangs off Bob, a hop nearer; Ann knowing Bob is a link among the neighbours, listed last.
  auto acme = text.find("  2  Acme (Organization)\n");
  ASSERT_NE(acme, std::string::npos) << text;
  EXPECT_NE(text.find("Bob -[WORKS_FOR]-> Acme", acme), std::string::npos) << text;
  auto links = text.find("links among the neighbours:\n");
  ASSERT_NE(links, std::string::npos) << text;
  EXPECT_NE(text.find("Ann -[KNOWS]-> Bob", links), std::string::npos) << text;
  EXPECT_THROW(s.runOne("PATH FROM Ann TO Acme WITH LINKS"), SyntaxError);
}

TEST(AsOf, AnAnswerThatReliesOnUndatedRelationshipsSaysSo) {
  Session s;
  s.runOne("CREATE (a:P {name: 'A'})-[:T {year: 2000}]->(b:P {name: 'B'})-[:T]->(c:P {name: 'C'})");
  auto last = [](const QueryResult& r) { return r.narrative.empty() ? std::string() : r.narrative.back(); };
  EXPECT_EQ(last(s.runOne("PATH FROM A TO C AS OF 2010")),
            "note: 1 of the 2 relationships in this answer carries no date; AS OF 2010 counts it as valid");
  EXPECT_EQ(last(s.runOne("PATH FROM A TO B AS OF 2010")).find("note:"), std::string::npos);
  EXPECT_EQ(last(s.runOne("PATH FROM A TO C")).find("note:"), std::string::npos);
}

}  // namespace
}  // namespace kgq
