// "Did you mean": one ranking (common/strings.h) for entity names, labels, types,
// keys, functions and commands; the examples of issue 15.
#include <gtest/gtest.h>

#include "common/strings.h"
#include "functions/registry.h"
#include "graph/resolve_entity.h"

namespace kgq {
namespace {

const std::vector<std::string> kEntities = {
    "Government of Pakistan", "Pakistani business community", "Pakistan", "Belarus", "Islamabad",
    "Shanghai Cooperation Organization", "SCO", "Kashmir", "Aleksandr Lukashenko",
    "Respect for each other's development paths", "Visa Abolishment Agreement for Diplomatic and Official Passports"};

const std::vector<std::string> kTypes = {"CONCERNS", "SUPPORTS",        "TOOK_PART_IN", "PARTICIPATES_IN",
                                         "LED_BY",   "LOCATED_IN",      "VIEWS_AS",     "ROLE_OF",
                                         "HOSTED",   "UNDER_OCCUPATION_BY"};

TEST(Suggestions, AWholeNameBeatsANameThatContainsIt) {
  auto got = closestNames("Pakistaan", kEntities, 3);
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got[0], "Pakistan");
  EXPECT_GT(nameSimilarity("Pakistaan", "Pakistan"), nameSimilarity("Pakistaan", "Government of Pakistan"));
}

TEST(Suggestions, NothingUnrelatedIsOffered) {
  // `Foo` is one edit from `for`, a word of two names that are nothing like it.
  EXPECT_TRUE(closestNames("Foo", kEntities, 3).empty());
  EXPECT_TRUE(closestNames("Foo", kTypes, 3).empty());
  EXPECT_TRUE(closestNames("xyz", {"name", "year", "role"}, 3).empty());
  EXPECT_TRUE(closestNames("Tha", kEntities, 3).empty());
  // A word that names still counts.
  EXPECT_EQ(closestNames("Pasports", kEntities, 1),
            std::vector<std::string>{"Visa Abolishment Agreement for Diplomatic and Official Passports"});
}

TEST(Suggestions, MisspeltSchemaNames) {
  EXPECT_EQ(closestNames("LEAD_BY", kTypes), std::vector<std::string>{"LED_BY"});
  EXPECT_EQ(closestNames("PARTICIPATE_IN", kTypes), std::vector<std::string>{"PARTICIPATES_IN"});
  EXPECT_EQ(closestNames("nmae", {"aliases", "name", "description", "year"}), std::vector<std::string>{"name"});
  EXPECT_EQ(closestNames("Persn", {"Country", "Person", "Position", "Event"}), std::vector<std::string>{"Person"});
  EXPECT_EQ(closestNames("country", {"Country", "City"}), std::vector<std::string>{"Country"});
}

TEST(Suggestions, PrefixesAndWordsCount) {
  EXPECT_EQ(closestNames("Lukash", kEntities), std::vector<std::string>{"Aleksandr Lukashenko"});
  EXPECT_GE(nameSimilarity("Kashmr", "Kashmir"), kSuggestThreshold);
}

TEST(Suggestions, AnExactNameIsNotSuggestedToItself) {
  EXPECT_TRUE(closestNames("SCO", {"SCO"}).empty());
}

TEST(Suggestions, FunctionsUseTheSameRanking) {
  const FunctionEntry* f = suggestFunction("lower");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->name, "toLower");
  EXPECT_EQ(suggestFunction("sybstring")->name, "substring");
  EXPECT_EQ(suggestFunction("frobnicate"), nullptr);
}

TEST(Suggestions, UnknownEntitiesSuggestTheClosestFirst) {
  Graph g;
  for (const auto& name : kEntities) g.addNode({g.labels().intern("Thing")}, PropertyMap{{g.keys().intern("name"), Value(name)}});
  try {
    resolveEntity(g, "Pakistaan", {});
    FAIL() << "resolved";
  } catch (const SemanticError& e) {
    EXPECT_EQ(e.hint().rfind("did you mean 'Pakistan'", 0), 0u) << e.hint();
  }
  try {
    resolveEntity(g, "Foo", {});
    FAIL() << "resolved";
  } catch (const SemanticError& e) {
    EXPECT_EQ(e.hint().find("did you mean"), std::string::npos) << e.hint();
  }
}

}  // namespace
}  // namespace kgq
