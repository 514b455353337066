// Questions answer with the same rows whether or not they narrate; the narrative
// lines (table output only) are built only when asked for.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace kgq
