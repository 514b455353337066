// The function registry (engine/functions/) is the one list of functions: the
// binder resolves calls from it, the evaluator calls its entries, and its
// messages name functions the way users write them.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "functions/registry.h"
#include "session/session.h"

namespace kgq {
namespace {

// A call with minArgs null properties (exists() takes only a property or a pattern).
std::string callWithMinArgs(const FunctionEntry& f) {
  std::string call = std::string(f.name) + "(";
  for (int i = 0; i < f.minArgs; ++i) call += (i ? ", m.x" : "m.x");
  return "WITH {} AS m RETURN " + call + ") AS v";
}

TEST(FunctionRegistry, EveryEntryIsCallableThroughTheEngine) {
  for (const auto& f : functionRegistry()) {
    SCOPED_TRACE(std::string(f.name));
    EXPECT_EQ(f.aggregate, f.scalar == nullptr) << "scalar entries need an implementation, aggregates have none";
    Session s;
    std::string query = callWithMinArgs(f);
    try {
      QueryResult r = s.runOne(query);
      ASSERT_EQ(r.rows.size(), 1u) << query;
    } catch (const RuntimeError& e) {
      // Only the function's own argument checks may object to null arguments (range() does).
      EXPECT_EQ(e.message().rfind("type mismatch: " + std::string(f.name) + "() ", 0), 0u) << query << ": "
                                                                                            << e.message();
    } catch (const Error& e) {
      ADD_FAILURE() << query << ": " << e.render();
    }
  }
}

TEST(FunctionRegistry, NamesAreUniqueAndArityIsConsistent) {
  std::set<std::string> seen;
  for (const auto& f : functionRegistry()) {
    EXPECT_TRUE(seen.insert(std::string(f.name)).second) << f.name << " is listed twice";
    EXPECT_GE(f.minArgs, 0) << f.name;
    EXPECT_TRUE(f.maxArgs < 0 || f.maxArgs >= f.minArgs) << f.name;
    EXPECT_EQ(f.signature.substr(0, f.name.size() + 1), std::string(f.name) + "(") << f.name;
    EXPECT_FALSE(f.description.empty()) << f.name;
    EXPECT_EQ(findFunction(f.name), &f);
  }
}

TEST(FunctionRegistry, LookupIgnoresCase) {
  ASSERT_NE(findFunction("tolower"), nullptr);
  EXPECT_EQ(findFunction("TOLOWER"), findFunction("toLower"));
  EXPECT_EQ(findFunction("tolower")->name, "toLower");
  EXPECT_EQ(findFunction("lower"), nullptr);
  Session s;
  EXPECT_EQ(s.runOne("RETURN TOLOWER('AbC') AS v").rows.at(0).at(0), Value("abc"));
}

TEST(FunctionRegistry, SuggestsTheCanonicalSpelling) {
  Session s;
  try {
    s.runOne("RETURN lower('A')");
    FAIL() << "lower() is not a function";
  } catch (const SemanticError& e) {
    EXPECT_EQ(e.message(), "unknown function 'lower'");
    EXPECT_EQ(e.hint(), "did you mean toLower()?");
  }
  EXPECT_EQ(suggestFunction("STARTNOD")->name, "startNode");
  EXPECT_EQ(suggestFunction("nothinglikeit"), nullptr);
}

TEST(FunctionRegistry, ArityErrorsUseTheCanonicalName) {
  Session s;
  try {
    s.runOne("RETURN TOUPPER('a', 'b')");
    FAIL() << "toUpper() takes one argument";
  } catch (const SemanticError& e) {
    EXPECT_EQ(e.message(), "function toUpper() takes 1 argument, got 2");
  }
  EXPECT_EQ(findFunction("coalesce")->arityText(), "takes at least 1 argument");
  EXPECT_EQ(findFunction("substring")->arityText(), "takes 2 to 3 arguments");
  EXPECT_EQ(findFunction("pi")->arityText(), "takes 0 arguments");
}

}  // namespace
}  // namespace kgq
