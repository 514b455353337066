// The REPL's completion logic (repl/completer.h): what Tab offers where.
#include "completer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "common/strings.h"
#include "functions/registry.h"
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
  EXPECT_THAT(complete("  ", ":s", CompletionKind::MetaCommand), ElementsAre(":save", ":schema", ":show", ":stats"));
  EXPECT_THAT(complete("", ":", CompletionKind::MetaCommand), Contains(":export"));
}

TEST_F(CompleterTest, MetaCommandArguments) {
  EXPECT_THAT(complete(":format ", "c", CompletionKind::Argument), ElementsAre("csv"));
  EXPECT_THAT(complete(":timing ", "", CompletionKind::Argument), ElementsAre("off", "on"));
  EXPECT_THAT(complete(":help ", "ne", CompletionKind::Argument), ElementsAre("neighbours"));
  EXPECT_THAT(complete(":export ", "g", CompletionKind::Argument), ElementsAre("graphml"));
  EXPECT_THAT(complete(":export ", "p", CompletionKind::Argument), ElementsAre("png"));
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
  // Label expressions: after |, &, ! and an opening parenthesis of a group.
  EXPECT_THAT(complete("MATCH (n:Country|", "Pe", CompletionKind::Label), ElementsAre("Person"));
  EXPECT_THAT(complete("MATCH (n:(Country|Person)&!", "C", CompletionKind::Label), ElementsAre("Country"));
  EXPECT_THAT(complete("MATCH (n:!(", "C", CompletionKind::Label), ElementsAre("Country"));
  EXPECT_THAT(complete("MATCH (n) WHERE n:Person&", "C", CompletionKind::Label), ElementsAre("Country"));
  EXPECT_THAT(complete("MATCH ()-[r:!", "HO", CompletionKind::RelType), ElementsAre("HOLDS_ROLE", "HOSTED"));
  EXPECT_THAT(complete("MATCH ()-[r:(HOSTED|", "HOL", CompletionKind::RelType), ElementsAre("HOLDS_ROLE"));
  EXPECT_THAT(complete("MATCH (n:Person) WHERE n.year > 1 AND (", "", CompletionKind::Keyword), Not(IsEmpty()))
      << "a parenthesis after a keyword is not a label group";
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
  EXPECT_THAT(complete("PATH FROM a TO b EXPORT ", "SV", CompletionKind::Keyword), ElementsAre("SVG"));
  EXPECT_THAT(complete("", "", CompletionKind::Keyword), Not(Contains("toLower")));
  EXPECT_THAT(complete("RETURN 'a:' + ", "T", CompletionKind::Keyword), Contains("TRUE"))
      << "a colon inside a string does not start a label";
}

TEST_F(CompleterTest, NothingAfterAParameterSign) {
  EXPECT_THAT(complete("RETURN $", "ye", CompletionKind::None), IsEmpty());
}

// Completion and `:help functions` are generated from the function registry;
// these keep them from ever missing one of its entries.
TEST_F(CompleterTest, OffersEveryRegistryFunction) {
  ASSERT_GT(functionRegistry().size(), 40u);
  for (const auto& f : functionRegistry()) {
    std::string name(f.name);
    EXPECT_THAT(complete("MATCH (n) RETURN ", name, CompletionKind::Keyword), Contains(name));
    // A prefix typed in another case still completes to the canonical spelling.
    std::string prefix = toLowerAscii(name.substr(0, 1));
    EXPECT_THAT(complete("MATCH (n) RETURN ", prefix, CompletionKind::Keyword), Contains(name));
  }
}

TEST(FunctionHelp, ListsEveryRegistryFunction) {
  auto topic = findHelpTopic("functions");
  ASSERT_TRUE(topic);
  std::string help(topic->text);
  for (const auto& f : functionRegistry()) {
    EXPECT_NE(help.find("  " + std::string(f.signature) + " "), std::string::npos)
        << f.name << " is missing from :help functions";
    EXPECT_NE(help.find(std::string(f.description)), std::string::npos) << f.name << "'s description is missing";
  }
}

TEST(FunctionNames, AreRegistryFunctionsOrGrammarForms) {
  std::set<std::string> grammar = {"shortestPath", "allShortestPaths", "all", "any", "none", "single"};
  for (const auto& name : functionNames())
    EXPECT_TRUE(findFunction(name) || grammar.count(name)) << name << " is not a function kgq knows";
  for (const auto& name : grammar) EXPECT_FALSE(findFunction(name)) << name << " is grammar, not a function";
}

}  // namespace
}  // namespace kgq

// kgq serve's GET /complete gets the text up to the cursor and splits off the partial word itself.
TEST(SplitPartialWord, WordAfterTheLastBreakWithAnOpenQuote) {
  auto split = [](std::string_view text) {
    auto [before, word] = kgq::splitPartialWord(text);
    return std::string(before) + "|" + std::string(word);
  };
  EXPECT_EQ(split("MATCH (n:Per"), "MATCH (n:|Per");
  EXPECT_EQ(split("MATCH (n) RETURN n."), "MATCH (n) RETURN n.|");
  EXPECT_EQ(split("PATH FROM 'Ryz"), "PATH FROM |'Ryz");
  EXPECT_EQ(split("PATH FROM 'A' TO \"Pak"), "PATH FROM 'A' TO |\"Pak");
  EXPECT_EQ(split("RETURN 'a b' AS x, to"), "RETURN 'a b' AS x, |to");
  EXPECT_EQ(split(""), "|");
}
