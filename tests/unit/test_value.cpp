#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "common/value.h"
#include "format/json_value.h"

namespace kgq {
namespace {

TEST(Value, TypesAndAccessors) {
  EXPECT_TRUE(Value().isNull());
  EXPECT_EQ(Value(3).asInt(), 3);
  EXPECT_EQ(Value(2.5).asFloat(), 2.5);
  EXPECT_EQ(Value("x").asString(), "x");
  EXPECT_EQ(Value(ValueList{1, 2}).asList().size(), 2u);
  EXPECT_EQ(Value(NodeRef{7}).asNode(), 7u);
  EXPECT_EQ(typeName(Value(true).type()), "BOOLEAN");
}

TEST(Value, CopyIsDeep) {
  Value a(ValueList{1, Value(ValueList{2})});
  Value b = a;
  b.asList()[0] = Value(9);
  EXPECT_EQ(a.asList()[0].asInt(), 1);
  EXPECT_EQ(b.asList()[0].asInt(), 9);
}

TEST(Value, CypherEqualityIsThreeValued) {
  EXPECT_FALSE(cypherEquals(Value(), Value()).has_value());
  EXPECT_FALSE(cypherEquals(Value(1), Value()).has_value());
  EXPECT_EQ(cypherEquals(Value(1), Value(1.0)), true);
  EXPECT_EQ(cypherEquals(Value(1), Value("1")), false);
  EXPECT_EQ(cypherEquals(Value(ValueList{1, 2}), Value(ValueList{1, 2})), true);
  EXPECT_EQ(cypherEquals(Value(ValueList{1, 2}), Value(ValueList{1})), false);
  EXPECT_FALSE(cypherEquals(Value(ValueList{1, Value()}), Value(ValueList{1, 2})).has_value());
  EXPECT_EQ(cypherEquals(Value(ValueList{3, Value()}), Value(ValueList{1, 2})), false);
  double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(cypherEquals(Value(nan), Value(nan)), false);
}

TEST(Value, CypherComparison) {
  EXPECT_EQ(cypherCompare(Value(1), Value(2.5)), -1);
  EXPECT_EQ(cypherCompare(Value("b"), Value("a")), 1);
  EXPECT_FALSE(cypherCompare(Value(1), Value("a")).has_value());
  EXPECT_FALSE(cypherCompare(Value(1), Value()).has_value());
  EXPECT_EQ(cypherCompare(Value(false), Value(true)), -1);
}

TEST(Value, OrderByPutsTypesInCypherOrderAndNullLast) {
  std::vector<Value> vs{Value(), Value(1), Value("a"), Value(true), Value(ValueList{}), Value(ValueMap{})};
  std::sort(vs.begin(), vs.end(), [](const Value& a, const Value& b) { return orderCompare(a, b) < 0; });
  EXPECT_TRUE(vs[0].isMap());
  EXPECT_TRUE(vs[1].isList());
  EXPECT_TRUE(vs[2].isString());
  EXPECT_TRUE(vs[3].isBool());
  EXPECT_TRUE(vs[4].isInt());
  EXPECT_TRUE(vs[5].isNull());
  EXPECT_LT(orderCompare(Value(1), Value(1.5)), 0);
  EXPECT_LT(orderCompare(Value(1e300), Value(std::nan(""))), 0);
}

TEST(Value, StructuralEqualityAndHashAgreeAcrossIntAndFloat) {
  EXPECT_EQ(Value(1), Value(1.0));
  EXPECT_EQ(Value(1).hash(), Value(1.0).hash());
  EXPECT_EQ(Value(), Value());
  EXPECT_FALSE(Value(1) == Value("1"));
}

TEST(Value, FloatsPrintShortestAndAlwaysAsFloats) {
  EXPECT_EQ(formatFloat(1.0), "1.0");
  EXPECT_EQ(formatFloat(0.1), "0.1");
  EXPECT_EQ(formatFloat(-2.5), "-2.5");
  EXPECT_EQ(formatFloat(1e300), "1e+300");
  EXPECT_EQ(formatFloat(std::nan("")), "NaN");
  EXPECT_EQ(formatFloat(-std::numeric_limits<double>::infinity()), "-Infinity");
  EXPECT_EQ(std::stod(formatFloat(0.30000000000000004)), 0.30000000000000004);
}

}  // namespace
}  // namespace kgq

// --param reads JSON text straight into a value: the same value the json tree gives.
TEST(JsonText, ReadsWhatTheJsonTreeReads) {
  for (std::string text : {R"([{"s": "n1", "t": 2}, {"s": null, "t": [1.5, true, -3]}])", R"({"a": {"b": {}}, "a2": []})",
                           R"("x")", "42", "18446744073709551615", R"({"k": 1, "k": 2})", "[[], [[]], {}]"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(kgq::valueFromJsonText(text), kgq::valueFromJson(nlohmann::json::parse(text)));
  }
  EXPECT_THROW(kgq::valueFromJsonText("[1, 2,"), nlohmann::json::exception);
  EXPECT_THROW(kgq::valueFromJsonText("{\"a\" 1}"), nlohmann::json::exception);
  EXPECT_THROW(kgq::valueFromJsonText(""), nlohmann::json::exception);
}

// A value nested past the limit is refused by both readers alike, not left to overflow the stack.
TEST(JsonText, RefusesValuesNestedTooDeep) {
  std::string deep = std::string(5000, '[') + std::string(5000, ']');
  EXPECT_THROW(kgq::valueFromJsonText(deep), nlohmann::json::exception);
  EXPECT_THROW(kgq::valueFromJson(nlohmann::json::parse(deep)), nlohmann::json::exception);
  std::string fine = std::string(900, '[') + std::string(900, ']');
  EXPECT_EQ(kgq::valueFromJsonText(fine), kgq::valueFromJson(nlohmann::json::parse(fine)));
}
