// Session transactions: atomic statements, BEGIN / COMMIT / ROLLBACK, and the
// commit hook that durability installs (what it is handed, and a failing hook
// undoing the commit).
#include <gtest/gtest.h>

#include <stdexcept>

#include "session/session.h"

namespace kgq {
namespace {

std::int64_t count(Session& s, const std::string& q) { return s.runOne(q).rows.at(0).at(0).asInt(); }

TEST(Transactions, TheThreeVerbsAreRecognisedInAnyCaseWithOrWithoutTransaction) {
  for (const char* t : {"BEGIN", "begin", " Begin ;", "BEGIN TRANSACTION", "begin\n  transaction;", "COMMIT", "commit;",
                        "COMMIT TRANSACTION ;", "ROLLBACK", "\tRollBack\tTransaction\t", "BEGIN; // later"})
    EXPECT_TRUE(isTransactionStatement(t)) << t;
  for (const char* t : {"", ";", "BEGINNING", "BEGI", "COMMITTED", "BEGIN x", "BEGIN TRANSACTION now",
                        "ROLLBACK TRANSACTIONS", "TRANSACTION", "MATCH (n) RETURN n", "BEGIN // why", "begin transaction x;"})
    EXPECT_FALSE(isTransactionStatement(t)) << t;
}

TEST(Transactions, EachWriteStatementCommitsItsChangesToTheHook) {
  Session s;
  std::vector<std::vector<Change>> commits;
  s.setCommitHook([&](std::span<const Change> c) { commits.emplace_back(c.begin(), c.end()); });
  s.runOne("CREATE (:A {k: 1})");
  s.runOne("MATCH (n) RETURN count(n)");
  s.runOne("MATCH (a:A) SET a.k = 2");
  ASSERT_EQ(commits.size(), 2u) << "a read commits nothing";
  ASSERT_EQ(commits[0].size(), 3u);  // AddNode, AddLabel, SetNodeProperty
  EXPECT_EQ(commits[0][0].kind, Change::Kind::AddNode);
  ASSERT_EQ(commits[1].size(), 1u);
  EXPECT_EQ(commits[1][0].before(), Value(1));
  EXPECT_EQ(commits[1][0].value(), Value(2));
  EXPECT_EQ(s.graph().savepoint(), 0u) << "the journal is cleared after a commit";
}

TEST(Transactions, AFailingHookUndoesTheStatement) {
  Session s;
  s.runOne("CREATE (:A)");
  s.setCommitHook([](std::span<const Change>) { throw std::runtime_error("disk full"); });
  try {
    s.runOne("MATCH (a:A) SET a.k = 1 CREATE (:B)");
    FAIL() << "the commit must fail";
  } catch (const TransactionError& e) {
    EXPECT_NE(std::string(e.message()).find("disk full"), std::string::npos);
  }
  s.setCommitHook({});
  EXPECT_EQ(count(s, "MATCH (b:B) RETURN count(b)"), 0);
  EXPECT_EQ(count(s, "MATCH (a:A) WHERE a.k IS NULL RETURN count(a)"), 1);
}

TEST(Transactions, CommitHandsOverTheWholeTransactionOnce) {
  Session s;
  std::vector<std::size_t> sizes;
  s.setCommitHook([&](std::span<const Change> c) { sizes.push_back(c.size()); });
  s.runOne("BEGIN");
  EXPECT_TRUE(s.inTransaction());
  s.runOne("CREATE (:A)");
  s.runOne("CREATE (:B)");
  EXPECT_TRUE(sizes.empty()) << "nothing commits inside a transaction";
  s.runOne("COMMIT");
  EXPECT_FALSE(s.inTransaction());
  ASSERT_EQ(sizes.size(), 1u);
  EXPECT_EQ(sizes[0], 4u);
}

TEST(Transactions, RollbackUndoesEveryStatementAndAFailureOnlyItself) {
  Session s;
  s.runOne("CREATE (:A {k: 1})-[:T]->(:B)");
  s.runOne("BEGIN");
  s.runOne("MATCH (a:A) SET a.k = 2");
  EXPECT_THROW(s.runOne("MATCH (n) DETACH DELETE n RETURN 1/0"), RuntimeError);
  EXPECT_TRUE(s.inTransaction()) << "a failed statement leaves the transaction open";
  EXPECT_EQ(count(s, "MATCH (n) RETURN count(n)"), 2);
  EXPECT_EQ(count(s, "MATCH (a:A) RETURN a.k"), 2);
  s.runOne("MATCH (n) DETACH DELETE n");
  EXPECT_EQ(count(s, "MATCH (n) RETURN count(n)"), 0);
  s.runOne("ROLLBACK");
  EXPECT_EQ(count(s, "MATCH (n) RETURN count(n)"), 2);
  EXPECT_EQ(count(s, "MATCH (a:A)-[:T]->(:B) RETURN a.k"), 1);
}

TEST(Transactions, MisplacedStatementsAreErrors) {
  Session s;
  EXPECT_THROW(s.runOne("COMMIT"), TransactionError);
  EXPECT_THROW(s.runOne("ROLLBACK"), TransactionError);
  s.runOne("begin transaction");
  EXPECT_THROW(s.runOne("BEGIN"), TransactionError);
  EXPECT_TRUE(s.inTransaction());
  s.rollback();
}

}  // namespace
}  // namespace kgq
