// The REPL's completion logic (repl/completer.h): what Tab offers where.
#include "completer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "binder/function_catalog.h"
#include "common/strings.h"
#include "help.h"

namespace kgq {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

class CompleterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto person = g.labels().intern("Person");
    auto country = g.labels().intern("Country");
    auto spaced = g.labels().intern("Joint Body");
    g.labels().intern("Unused");  // interned but on no node: not offered
    auto holds = g.types().intern("HOLDS_ROLE");
    auto hosted = g.types().intern("HOSTED");
    auto name = g.keys().intern("name");
    auto aliases = g.keys().intern("aliases");
    auto year = g.keys().intern("year");
    auto luk = g.addNode({person}, {{name, Value("Aleksandr Lukashenko")}, {aliases, Value(ValueList{"Lukashenko"})}});
    auto pk = g.addNode({country}, {{name, Value("Pakistan")}});
    auto pal = g.addNode({country}, {{name, Value("Palestine")}});
    g.addNode({spaced}, {{name, Value("Pakistan-Belarus Joint Commission")}});
    g.addNode({person}, {{name, Value("Mr \"Quote\" O'Brien")}});
    g.addRel(luk, pk, holds, {{year, Value(2024)}});
    g.addRel(pk, pal, hosted, {});
  }
  std::vector<std::string> complete(std::string_view before, std::string_view word, CompletionKind kind) {
    Completion c = kgq::complete(before, word, g);
    EXPECT_EQ(c.kind, kind) << "before: " << before << " word: " << word;
    return c.candidates;
  }
  Graph g;
};

TEST_F(CompleterTest, MetaCommandsAtTheStartOfALine) {
  EXPECT_THAT(complete("", ":he", CompletionKind::MetaCommand), ElementsAre(":help"));
  EXPECT_THAT(complete("  ", ":s", CompletionKind::MetaCommand), ElementsAre(":schema", ":stats"));
  EXPECT_THAT(complete("", ":", CompletionKind::MetaCommand), Contains(":export"));
}

TEST_F(CompleterTest, MetaCommandArguments) {
  EXPECT_THAT(complete(":format ", "c", CompletionKind::Argument), ElementsAre("csv"));
  EXPECT_THAT(complete(":timing ", "", CompletionKind::Argument), ElementsAre("off", "on"));
  EXPECT_THAT(complete(":help ", "ne", CompletionKind::Argument), ElementsAre("neighbours"));
  EXPECT_THAT(complete(":export ", "g", CompletionKind::Argument), ElementsAre("graphml"));
  EXPECT_THAT(complete(":format csv ", "", CompletionKind::None), IsEmpty());
}

TEST_F(CompleterTest, FilePathsAfterReadLoadAndExport) {
  EXPECT_THAT(complete(":read ", "tests/da", CompletionKind::FilePath), IsEmpty());
  EXPECT_THAT(complete(":load ", "", CompletionKind::FilePath), IsEmpty());
  EXPECT_THAT(complete(":export dot ", "out", CompletionKind::FilePath), IsEmpty());
  EXPECT_STREQ(completionWordBreaks(":read ../a-b.kgq"), " \t") << "paths are one word";
  EXPECT_THAT(std::string(completionWordBreaks("MATCH (n:P")), testing::HasSubstr(":"));
}

TEST_F(CompleterTest, LabelsInNodePatternsAndLabelPredicates) {
  EXPECT_THAT(complete("MATCH (n:", "Pe", CompletionKind::Label), ElementsAre("Person"));
  EXPECT_THAT(complete("MATCH (:", "", CompletionKind::Label), ElementsAre("Country", "Person", "`Joint Body`"));
  EXPECT_THAT(complete("MATCH (n:Person:", "c", CompletionKind::Label), ElementsAre("Country")) << "any case";
  EXPECT_THAT(complete("MATCH (n) WHERE n:", "P", CompletionKind::Label), ElementsAre("Person"));
  EXPECT_THAT(complete("MATCH (n:", "`Jo", CompletionKind::Label), ElementsAre("`Joint Body`"));
  EXPECT_THAT(complete("MATCH (n:", "Un", CompletionKind::Label), IsEmpty()) << "labels no node has";
}

TEST_F(CompleterTest, RelationshipTypesInRelationshipPatterns) {
  EXPECT_THAT(complete("MATCH (a)-[:", "H", CompletionKind::RelType), ElementsAre("HOLDS_ROLE", "HOSTED"));
  EXPECT_THAT(complete("MATCH (a)-[r:", "HOL", CompletionKind::RelType), ElementsAre("HOLDS_ROLE"));
  EXPECT_THAT(complete("MATCH (a)-[r:HOLDS_ROLE|", "HOS", CompletionKind::RelType), ElementsAre("HOSTED"));
  EXPECT_THAT(complete("NEIGHBOURS OF Pakistan VIA ", "HO", CompletionKind::RelType),
              ElementsAre("HOLDS_ROLE", "HOSTED"));
}

TEST_F(CompleterTest, PropertyKeysAfterADotAndInMaps) {
  EXPECT_THAT(complete("MATCH (p) RETURN p.", "na", CompletionKind::PropertyKey), ElementsAre("name"));
  EXPECT_THAT(complete("MATCH (p {", "y", CompletionKind::PropertyKey), ElementsAre("year"));
  EXPECT_THAT(complete("MATCH (p {name: 'x', ", "a", CompletionKind::PropertyKey), ElementsAre("aliases"));
  EXPECT_EQ(kgq::complete("MATCH (p {name: ", "", g).kind, CompletionKind::None) << "a value comes next";
}

TEST_F(CompleterTest, EntityNamesAfterQuestionKeywords) {
  EXPECT_THAT(complete("PATH FROM ", "Pak", CompletionKind::Entity),
              ElementsAre("\"Pakistan\"", "\"Pakistan-Belarus Joint Commission\""))
      << "one name needs quotes, so all get them and keep a common prefix";
  EXPECT_THAT(complete("PATH FROM Lukashenko TO ", "pales", CompletionKind::Entity), ElementsAre("Palestine"));
  EXPECT_THAT(complete("NEIGHBOURS OF ", "aleks", CompletionKind::Entity),
              ElementsAre("\"Aleksandr Lukashenko\""));
  EXPECT_THAT(complete("NEIGHBORS OF ", "Luk", CompletionKind::Entity), ElementsAre("Lukashenko")) << "aliases";
  EXPECT_THAT(complete("CONNECT ", "Pale", CompletionKind::Entity), ElementsAre("Palestine"));
  EXPECT_THAT(complete("CONNECT Lukashenko, ", "Pale", CompletionKind::Entity), ElementsAre("Palestine"));
  EXPECT_THAT(complete("PATH FROM a TO b AVOID ", "Pale", CompletionKind::Entity), ElementsAre("Palestine"));
  EXPECT_THAT(complete("PATH FROM a TO b AVOID Pakistan, ", "Pale", CompletionKind::Entity),
              ElementsAre("Palestine"));
}

TEST_F(CompleterTest, EntityNamesInsideAnOpenQuoteAndEscaping) {
  EXPECT_THAT(complete("PATH FROM ", "'Aleksandr L", CompletionKind::Entity), ElementsAre("'Aleksandr Lukashenko'"));
  EXPECT_THAT(complete("PATH FROM ", "\"Mr", CompletionKind::Entity), ElementsAre(R"("Mr \"Quote\" O'Brien")"));
  EXPECT_THAT(complete("PATH FROM ", "'Mr", CompletionKind::Entity), ElementsAre(R"('Mr "Quote" O\'Brien')"));
  EXPECT_THAT(complete("MATCH (n) WHERE n.name = ", "'Pa", CompletionKind::None), IsEmpty())
      << "strings in queries are not entity positions";
}

TEST_F(CompleterTest, ContextSpansTheLinesOfAMultiLineStatement) {
  EXPECT_THAT(complete("MATCH (a:Person)\n  -[:", "HOS", CompletionKind::RelType), ElementsAre("HOSTED"));
  EXPECT_THAT(complete("PATH FROM Lukashenko\nTO ", "Pale", CompletionKind::Entity), ElementsAre("Palestine"));
  EXPECT_THAT(complete("RETURN 1; MATCH (n:", "Co", CompletionKind::Label), ElementsAre("Country"))
      << "only the statement under the cursor counts";
}

TEST_F(CompleterTest, KeywordsAndFunctionsElsewhere) {
  EXPECT_THAT(complete("", "mat", CompletionKind::Keyword), ElementsAre("MATCH"));
  EXPECT_THAT(complete("MATCH (n) ", "RET", CompletionKind::Keyword), ElementsAre("RETURN"));
  EXPECT_THAT(complete("MATCH (n) RETURN n ", "ORD", CompletionKind::Keyword), ElementsAre("ORDER BY"));
  EXPECT_THAT(complete("MATCH (n) RETURN ", "toL", CompletionKind::Keyword), ElementsAre("toLower"));
  EXPECT_THAT(complete("PATH FROM a TO b ", "AV", CompletionKind::Keyword), ElementsAre("AVOID", "avg"));
  EXPECT_THAT(complete("PATH FROM a TO b EXPORT ", "GR", CompletionKind::Keyword), ElementsAre("GRAPHML"));
  EXPECT_THAT(complete("", "", CompletionKind::Keyword), Not(Contains("toLower")));
  EXPECT_THAT(complete("RETURN 'a:' + ", "T", CompletionKind::Keyword), Contains("TRUE"))
      << "a colon inside a string does not start a label";
}

TEST_F(CompleterTest, NothingAfterAParameterSign) {
  EXPECT_THAT(complete("RETURN $", "ye", CompletionKind::None), IsEmpty());
}

// Completion and `:help functions` list functions by hand (camel case, with the
// grammar's own shortestPath, any, ...); this keeps them in step with the binder.
TEST(FunctionNames, MatchTheBindersCatalog) {
  std::ifstream in(std::string(KGQ_SOURCE_DIR) + "/engine/binder/function_catalog.cpp");
  std::stringstream text;
  text << in.rdbuf();
  std::set<std::string> catalog;
  std::regex entry(R"re(FunctionInfo\{"(\w+)")re");
  std::string source = text.str();
  for (std::sregex_iterator it(source.begin(), source.end(), entry), end; it != end; ++it)
    catalog.insert((*it)[1].str());
  ASSERT_GT(catalog.size(), 20u) << "the catalog's layout changed: update this test";

  std::set<std::string> grammar = {"shortestpath", "allshortestpaths", "all", "any", "none", "single"};
  std::set<std::string> listed;
  for (const auto& name : functionNames()) {
    std::string lower = toLowerAscii(name);
    listed.insert(lower);
    EXPECT_TRUE(findFunction(lower) || grammar.count(lower)) << name << " is not a function kgq knows";
  }
  std::string help(findHelpTopic("functions")->text);
  for (const auto& name : catalog) {
    EXPECT_TRUE(listed.count(name)) << name << " is missing from functionNames()";
    EXPECT_NE(toLowerAscii(help).find(" " + name + "("), std::string::npos)
        << name << " is missing from :help functions";
  }
}

}  // namespace
}  // namespace kgq
