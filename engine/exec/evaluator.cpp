#include "exec/evaluator.h"

#include <cmath>
#include <memory>
#include <limits>
#include <optional>
#include <string>

#include <re2/re2.h>

#include "exec/operator.h"
#include "functions/registry.h"
#include "functions/temporal_functions.h"
#include "planner/names.h"

namespace kgq {

using bound::Expr;
using bound::ExprKind;
using ast::Op;
using ast::Quantifier;
using ast::SubqueryKind;

void typeError(const Expr& where, const std::string& what, const Value& got) {
  throwTypeMismatch(what, got, where.text(), where.pos.line, where.pos.column);
}

namespace {

[[noreturn]] void runtimeError(const Expr& where, const std::string& message, const std::string& hint = {}) {
  throw RuntimeError(message + " in `" + where.text() + "`", SourcePos{{}, where.pos.line, where.pos.column, {}}, hint);
}

// Three-valued booleans: nullopt is null.
using Tri = std::optional<bool>;

Tri toTri(const Expr& where, const Value& v) {
  if (v.isNull()) return std::nullopt;
  if (!v.isBool()) typeError(where, "expected a BOOLEAN", v);
  return v.asBool();
}

template <typename Op>
Value checkedInt(const Expr& where, Op op, std::int64_t x, std::int64_t y) {
  std::int64_t r = 0;
  if (op(x, y, &r)) runtimeError(where, "integer overflow");
  return Value(r);
}

Value arithmetic(const Expr& e, Op op, const Value& a, const Value& b) {
  if (a.isNull() || b.isNull()) return Value();
  if (a.isTemporal() || a.isDuration() || b.isTemporal() || b.isDuration()) {
    std::optional<TemporalOp> t = op == Op::Add ? TemporalOp::Add
                                  : op == Op::Sub ? TemporalOp::Sub
                                  : op == Op::Mul ? TemporalOp::Mul
                                  : op == Op::Div ? std::optional(TemporalOp::Div)
                                                  : std::nullopt;
    try {
      if (t)
        if (auto r = temporalArithmetic(*t, a, b)) return *r;
    } catch (const TemporalError& err) {
      runtimeError(e, err.what(), err.hint());
    }
    if (!(op == Op::Add && (a.isList() || b.isList())))
      runtimeError(e,
                   "cannot combine " + std::string(typeName(a.type())) + " and " + std::string(typeName(b.type())) +
                       " with this operator",
                   "add or subtract a DURATION to a date or time, combine durations with + and -, scale them with "
                   "* and /; duration.between(a, b) gives the difference of two dates");
  }
  if (op == Op::Add) {
    if (a.isList() || b.isList()) {
      ValueList out;
      if (a.isList()) out = a.asList(); else out.push_back(a);
      if (b.isList()) out.insert(out.end(), b.asList().begin(), b.asList().end()); else out.push_back(b);
      return Value(std::move(out));
    }
    if (a.isString() || b.isString()) {
      auto text = [&](const Value& v) -> std::string {
        if (v.isString()) return v.asString();
        if (v.isInt()) return std::to_string(v.asInt());
        if (v.isFloat()) return formatFloat(v.asFloat());
        typeError(e, "cannot add a STRING and this value", v);
      };
      return Value(text(a) + text(b));
    }
  }
  if (!a.isNumber()) typeError(e, "expected a number", a);
  if (!b.isNumber()) typeError(e, "expected a number", b);
  if (a.isInt() && b.isInt()) {
    std::int64_t x = a.asInt(), y = b.asInt();
    auto add = [](std::int64_t p, std::int64_t q, std::int64_t* r) { return __builtin_add_overflow(p, q, r); };
    auto sub = [](std::int64_t p, std::int64_t q, std::int64_t* r) { return __builtin_sub_overflow(p, q, r); };
    auto mul = [](std::int64_t p, std::int64_t q, std::int64_t* r) { return __builtin_mul_overflow(p, q, r); };
    switch (op) {
      case Op::Add: return checkedInt(e, add, x, y);
      case Op::Sub: return checkedInt(e, sub, x, y);
      case Op::Mul: return checkedInt(e, mul, x, y);
      case Op::Div:
        if (y == 0) runtimeError(e, "division by zero");
        if (x == std::numeric_limits<std::int64_t>::min() && y == -1) runtimeError(e, "integer overflow");
        return Value(x / y);
      case Op::Mod:
        if (y == 0) runtimeError(e, "division by zero");
        if (y == -1) return Value(std::int64_t{0});
        return Value(x % y);
      case Op::Pow: return Value(std::pow(static_cast<double>(x), static_cast<double>(y)));
      default: break;
    }
  }
  double x = a.asNumber(), y = b.asNumber();
  switch (op) {
    case Op::Add: return Value(x + y);
    case Op::Sub: return Value(x - y);
    case Op::Mul: return Value(x * y);
    case Op::Div: return Value(x / y);
    case Op::Mod: return Value(std::fmod(x, y));
    case Op::Pow: return Value(std::pow(x, y));
    default: return Value();
  }
}

// `||` joins two strings or two lists (GQL's concatenation: unlike +, nothing is converted and no
// element is appended); null gives null.
Value concat(const Expr& e, const Value& a, const Value& b) {
  if (a.isNull() || b.isNull()) return Value();
  if (a.isString() && b.isString()) return Value(a.asString() + b.asString());
  if (a.isList() && b.isList()) {
    ValueList out = a.asList();
    out.insert(out.end(), b.asList().begin(), b.asList().end());
    return Value(std::move(out));
  }
  bool aOk = a.isString() || a.isList();
  typeError(e, "|| expects two STRINGs or two LISTs", aOk ? b : a);
}

Value compare(Op op, const Value& a, const Value& b) {
  if (op == Op::Eq || op == Op::Ne) {
    auto eq = cypherEquals(a, b);
    if (!eq) return Value();
    return Value(op == Op::Eq ? *eq : !*eq);
  }
  auto c = cypherCompare(a, b);
  if (!c) return Value();
  if (*c == 2) return Value(false);  // NaN involved
  switch (op) {
    case Op::Lt: return Value(*c < 0);
    case Op::Gt: return Value(*c > 0);
    case Op::Le: return Value(*c <= 0);
    case Op::Ge: return Value(*c >= 0);
    default: return Value();
  }
}

}  // namespace

Value comparisonValue(Op op, const Value& a, const Value& b) {
  switch (op) {
    case Op::StartsWith:
    case Op::EndsWith:
    case Op::Contains: {
      if (!a.isString() || !b.isString()) return Value();
      const auto& s = a.asString();
      const auto& t = b.asString();
      if (op == Op::StartsWith) return Value(s.starts_with(t));
      if (op == Op::EndsWith) return Value(s.ends_with(t));
      return Value(s.find(t) != std::string::npos);
    }
    default: return compare(op, a, b);
  }
}

namespace {

Value inList(const Expr& e, const Value& needle, const Value& haystack, ExecContext& ctx) {
  if (haystack.isNull()) return Value();
  if (!haystack.isList()) typeError(e, "IN expects a LIST on its right", haystack);
  bool sawNull = false;
  for (const auto& item : haystack.asList()) {
    ctx.tick();  // a long list in a loop must still see --timeout and Ctrl-C
    auto eq = cypherEquals(needle, item);
    if (!eq) sawNull = true;
    else if (*eq) return Value(true);
  }
  return sawNull ? Value() : Value(false);
}

// openCypher's =~ is Java's Pattern.matches: the whole string must match. RE2
// matches in time linear in the subject (std::regex overflowed the stack on a
// 32 kB subject and backtracked exponentially on (a*)*b), on UTF-8 code points.
// Java's leading flag group (?imsu) is kept: RE2 reads i, m and s the same way;
// u only asks Java for Unicode case folding, which RE2's i always does.
std::string re2Pattern(const std::string& pattern) {
  if (!pattern.starts_with("(?")) return pattern;
  auto close = pattern.find(')');
  if (close == std::string::npos) return pattern;
  std::string opts = pattern.substr(2, close - 2);
  if (opts.empty() || opts.find_first_not_of("imsu") != std::string::npos) return pattern;
  std::erase(opts, 'u');
  return (opts.empty() ? std::string() : "(?" + opts + ")") + pattern.substr(close + 1);
}

// The last pattern is kept compiled: a WHERE clause applies the same one to every row.
bool regexMatch(const Expr& e, const std::string& text, const std::string& pattern) {
  static thread_local std::string cachedPattern;
  static thread_local std::unique_ptr<re2::RE2> cached;
  if (!cached || cachedPattern != pattern) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    options.set_encoding(re2::RE2::Options::EncodingUTF8);
    auto re = std::make_unique<re2::RE2>(re2Pattern(pattern), options);
    if (!re->ok()) {
      runtimeError(e, "invalid regular expression '" + pattern + "': " + re->error(),
                   "kgq matches with RE2: no backreferences (\\1), lookaround ((?=, (?<=) or possessive "
                   "quantifiers (*+), which would need exponential time");
    }
    cached = std::move(re);
    cachedPattern = pattern;
  }
  return re2::RE2::FullMatch(text, *cached);
}

Value stringPredicate(const Expr& e, Op op, const Value& a, const Value& b, ExecContext& ctx) {
  if (op != Op::Regex) return comparisonValue(op, a, b);
  if (!a.isString() || !b.isString()) return Value();
  ctx.tick();
  return Value(regexMatch(e, a.asString(), b.asString()));
}

Value property(const Expr& e, const Value& base, const std::string& key, ExecContext& ctx) {
  const Graph& g = ctx.graph;
  switch (base.type()) {
    case ValueType::Null: return Value();
    case ValueType::Node: {
      if (!g.nodeAlive(base.asNode()))
        runtimeError(e, "node " + std::to_string(base.asNode()) + " was deleted: its properties cannot be read",
                     "read them before the DELETE, e.g. WITH n, n." + key + " AS " + key);
      auto k = ctx.propertyKey(e, key);
      return k ? g.nodeValue(base.asNode(), *k) : Value();
    }
    case ValueType::Rel: {
      if (!g.relAlive(base.asRel()))
        runtimeError(e, "relationship " + std::to_string(base.asRel()) + " was deleted: its properties cannot be read",
                     "read them before the DELETE");
      auto k = ctx.propertyKey(e, key);
      return k ? g.relValue(base.asRel(), *k) : Value();
    }
    case ValueType::Map: {
      const auto& m = base.asMap();
      auto it = m.find(key);
      return it == m.end() ? Value() : it->second;
    }
    default:
      if (base.isTemporal() || base.isDuration()) {
        try {
          if (auto v = temporalProperty(base, key)) return *v;
        } catch (const TemporalError& err) {
          runtimeError(e, err.what(), err.hint());
        }
        runtimeError(e, "a " + std::string(typeName(base.type())) + " has no property `" + key + "`",
                     base.isDuration() ? "durations have years, months, days, hours, minutes, seconds, ..."
                                       : "see :help temporal for the properties of dates and times");
      }
      typeError(e, "property access expects a node, relationship, map or temporal value", base);
  }
}

std::int64_t normaliseIndex(std::int64_t i, std::size_t size) {
  return i < 0 ? i + static_cast<std::int64_t>(size) : i;
}

Value indexValue(const Expr& e, const Value& base, const Value& idx, ExecContext& ctx) {
  if (base.isNull() || idx.isNull()) return Value();
  if (base.isList()) {
    if (!idx.isInt()) typeError(e, "list index expects an INTEGER", idx);
    const auto& l = base.asList();
    auto i = normaliseIndex(idx.asInt(), l.size());
    if (i < 0 || i >= static_cast<std::int64_t>(l.size())) return Value();
    return l[static_cast<std::size_t>(i)];
  }
  if (base.isMap() || base.isNode() || base.isRel()) {
    if (!idx.isString()) typeError(e, "map key expects a STRING", idx);
    return property(e, base, idx.asString(), ctx);
  }
  typeError(e, "[] expects a LIST or MAP", base);
}

Value sliceValue(const Expr& e, const Value& base, const Value* from, const Value* to) {
  if (base.isNull()) return Value();
  if ((from && from->isNull()) || (to && to->isNull())) return Value();
  if (!base.isList()) typeError(e, "slice expects a LIST", base);
  const auto& l = base.asList();
  auto n = static_cast<std::int64_t>(l.size());
  auto bound = [&](const Value* v, std::int64_t dflt) {
    if (!v) return dflt;
    if (!v->isInt()) typeError(e, "slice bounds expect INTEGERs", *v);
    return std::clamp<std::int64_t>(normaliseIndex(v->asInt(), l.size()), 0, n);
  };
  auto lo = bound(from, 0), hi = bound(to, n);
  ValueList out;
  for (auto i = lo; i < hi; ++i) out.push_back(l[static_cast<std::size_t>(i)]);
  return Value(std::move(out));
}

Value hasLabels(const Expr& e, const Value& base, ExecContext& ctx) {
  if (base.isNull()) return Value();
  if (!base.isNode()) typeError(e, "label test expects a NODE", base);
  const Graph& g = ctx.graph;
  NodeId n = base.asNode();
  for (const auto& label : e.keys) {
    auto id = plan::idOf(label, g.labels());
    if (!id || !g.hasLabel(n, *id)) return Value(false);
  }
  if (e.labelExpr)
    return Value(labelExprHolds(*e.labelExpr, g.labels(), [&](std::uint32_t id) { return g.hasLabel(n, id); },
                                !g.nodeLabels(n).empty()));
  return Value(true);
}

Value unary(const Expr& e, Row& row, ExecContext& ctx) {
  Value v = evaluate(*e.args[0], row, ctx);
  switch (e.op) {
    case Op::Not: {
      auto t = toTri(e, v);
      return t ? Value(!*t) : Value();
    }
    case Op::IsNull: return Value(v.isNull());
    case Op::IsNotNull: return Value(!v.isNull());
    case Op::Neg:
      if (v.isNull()) return v;
      if (v.isInt()) {
        if (v.asInt() == std::numeric_limits<std::int64_t>::min()) runtimeError(e, "integer overflow");
        return Value(-v.asInt());
      }
      if (v.isFloat()) return Value(-v.asFloat());
      typeError(e, "unary minus expects a number", v);
    case Op::Plus:
      if (v.isNull() || v.isNumber()) return v;
      typeError(e, "unary plus expects a number", v);
    default: return Value();
  }
}

Value logical(const Expr& e, Row& row, ExecContext& ctx) {
  Tri a = toTri(e, evaluate(*e.args[0], row, ctx));
  // Short-circuit where the left side decides; the right side is still type-checked otherwise.
  if (e.op == Op::And && a == false) return Value(false);
  if (e.op == Op::Or && a == true) return Value(true);
  Tri b = toTri(e, evaluate(*e.args[1], row, ctx));
  switch (e.op) {
    case Op::And:
      if (b == false) return Value(false);
      return (a && b) ? Value(true) : Value();
    case Op::Or:
      if (b == true) return Value(true);
      return (a && b) ? Value(false) : Value();
    default:  // Xor
      if (!a || !b) return Value();
      return Value(*a != *b);
  }
}

}  // namespace

const Value* constantOf(const Expr& e, const ExecContext& ctx) {
  if (e.kind == ExprKind::Literal) return &e.literal;
  if (e.kind != ExprKind::Parameter) return nullptr;
  if (e.slot >= 0 && ctx.lifted) return &(*ctx.lifted)[static_cast<std::size_t>(e.slot)];
  auto it = ctx.params.find(e.parameter);
  return it == ctx.params.end() ? nullptr : &it->second;
}

namespace {

// `n.key = 'text'` (or <>) on a node compares in the property column, without
// copying either string. Only strings: Value equality is Cypher's equality for
// them, while numbers compare across int and float and lists element-wise.
std::optional<Value> nodeStringEquality(const Expr& e, Row& row, ExecContext& ctx) {
  for (int side = 0; side < 2; ++side) {
    const Expr& prop = *e.args[static_cast<std::size_t>(side)];
    if (prop.kind != ExprKind::Property) continue;
    const Expr& base = *prop.args[0];
    if (base.kind != ExprKind::Variable && base.kind != ExprKind::Slot) continue;
    const Value& node = row[static_cast<std::size_t>(base.slot)];
    const Value* text = constantOf(*e.args[static_cast<std::size_t>(1 - side)], ctx);
    if (!node.isNode() || !text || !text->isString()) continue;
    auto key = ctx.propertyKey(prop, prop.key);
    if (!key || !ctx.graph.hasNodeProperty(node.asNode(), *key)) return Value();  // absent: null
    bool eq = ctx.graph.nodePropertyIs(node.asNode(), *key, *text);
    if (!eq && !ctx.graph.nodeKeyHoldsStrings(*key)) break;  // maybe another type: the general rules
    return Value(e.op == Op::Eq ? eq : !eq);
  }
  return std::nullopt;
}

Value binary(const Expr& e, Row& row, ExecContext& ctx) {
  if (e.op == Op::And || e.op == Op::Or || e.op == Op::Xor) return logical(e, row, ctx);
  if (e.op == Op::Eq || e.op == Op::Ne)
    if (auto fast = nodeStringEquality(e, row, ctx)) return *fast;
  Value a = evaluate(*e.args[0], row, ctx);
  Value b = evaluate(*e.args[1], row, ctx);
  switch (e.op) {
    case Op::Eq:
    case Op::Ne:
    case Op::Lt:
    case Op::Gt:
    case Op::Le:
    case Op::Ge: return compare(e.op, a, b);
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Div:
    case Op::Mod:
    case Op::Pow: return arithmetic(e, e.op, a, b);
    case Op::In: return inList(e, a, b, ctx);
    case Op::Concat: return concat(e, a, b);
    default: return stringPredicate(e, e.op, a, b, ctx);
  }
}

Value caseValue(const Expr& e, Row& row, ExecContext& ctx) {
  std::size_t i = 0;
  Value subject;
  if (e.caseHasSubject) subject = evaluate(*e.args[i++], row, ctx);
  std::size_t end = e.args.size() - (e.caseHasElse ? 1 : 0);
  for (; i < end; i += 2) {
    Value when = evaluate(*e.args[i], row, ctx);
    bool hit = e.caseHasSubject ? cypherEquals(subject, when) == true : (when.isBool() && when.asBool());
    if (hit) return evaluate(*e.args[i + 1], row, ctx);
  }
  return e.caseHasElse ? evaluate(*e.args.back(), row, ctx) : Value();
}

Value comprehension(const Expr& e, Row& row, ExecContext& ctx) {
  Value list = evaluate(*e.args[0], row, ctx);
  if (list.isNull()) return Value();
  if (!list.isList()) typeError(e, "expected a LIST to iterate over", list);
  auto slot = static_cast<std::size_t>(e.slot);
  if (e.kind == ExprKind::Comprehension) {
    ValueList out;
    for (const auto& item : list.asList()) {
      ctx.tick();
      row[slot] = item;
      if (e.args[1] && !evaluatePredicate(*e.args[1], row, ctx)) continue;
      out.push_back(e.args[2] ? evaluate(*e.args[2], row, ctx) : item);
    }
    return Value(std::move(out));
  }
  std::size_t trues = 0, nulls = 0, total = list.asList().size();
  for (const auto& item : list.asList()) {
    ctx.tick();
    row[slot] = item;
    Tri t = toTri(e, evaluate(*e.args[1], row, ctx));
    if (!t) ++nulls;
    else if (*t) ++trues;
  }
  std::size_t falses = total - trues - nulls;
  switch (e.quantifier) {
    case Quantifier::All: return falses ? Value(false) : (nulls ? Value() : Value(true));
    case Quantifier::Any: return trues ? Value(true) : (nulls ? Value() : Value(false));
    case Quantifier::None: return trues ? Value(false) : (nulls ? Value() : Value(true));
    case Quantifier::Single:
      if (trues > 1) return Value(false);
      if (nulls) return Value();
      return Value(trues == 1);
  }
  return Value();
}

Value patternPredicate(const Expr& e, Row& row, ExecContext& ctx) {
  auto it = ctx.subPlans.find(&e);
  if (it == ctx.subPlans.end()) runtimeError(e, "internal error: pattern predicate was not planned");
  auto& plan = it->second;
  *plan.argument = row;
  plan.root->reset();
  Row scratch(row.size());
  return Value(plan.root->next(scratch));
}

ExecContext::SubPlan& subPlanOf(const Expr& e, ExecContext& ctx) {
  auto it = ctx.subPlans.find(&e);
  if (it == ctx.subPlans.end()) runtimeError(e, "internal error: subquery was not planned");
  return it->second;
}

Value reduceValue(const Expr& e, Row& row, ExecContext& ctx) {
  Value acc = evaluate(*e.args[0], row, ctx);
  Value list = evaluate(*e.args[1], row, ctx);
  if (list.isNull()) return Value();
  if (!list.isList()) typeError(e, "reduce() expects a LIST to iterate over", list);
  auto accSlot = static_cast<std::size_t>(e.slot), itemSlot = static_cast<std::size_t>(e.slot2);
  for (const auto& item : list.asList()) {
    ctx.tick();
    row[accSlot] = std::move(acc);
    row[itemSlot] = item;
    acc = evaluate(*e.args[2], row, ctx);
  }
  return acc;
}

ValueMap propertyMap(const Graph& g, PropertyMap props) {
  ValueMap out;
  for (auto& [k, v] : props) out[g.keys().name(k)] = std::move(v);
  return out;
}

// n {.a, k: expr, .*, v}: on a node, relationship or map; null gives null.
Value mapProjection(const Expr& e, Row& row, ExecContext& ctx) {
  Value base = evaluate(*e.args[0], row, ctx);
  if (base.isNull()) return Value();
  if (!base.isNode() && !base.isRel() && !base.isMap())
    typeError(e, "map projection expects a NODE, RELATIONSHIP or MAP", base);
  ValueMap out;
  for (std::size_t i = 0; i < e.keys.size(); ++i) {
    const Expr* item = e.args[i + 1].get();
    if (item) {
      out[e.keys[i]] = evaluate(*item, row, ctx);
    } else if (!e.keys[i].empty()) {
      out[e.keys[i]] = property(e, base, e.keys[i], ctx);
    } else {
      ValueMap all = base.isMap() ? base.asMap()
                     : base.isNode() ? propertyMap(ctx.graph, ctx.graph.nodeProperties(base.asNode()))
                                     : propertyMap(ctx.graph, ctx.graph.relProperties(base.asRel()));
      for (auto& [k, v] : all) out[k] = std::move(v);
    }
  }
  return Value(std::move(out));
}

// Pattern comprehensions and EXISTS / COUNT / COLLECT run their sub-plan with the row as its argument.
Value subqueryValue(const Expr& e, Row& row, ExecContext& ctx) {
  auto& plan = subPlanOf(e, ctx);
  *plan.argument = row;
  plan.root->reset();
  Row scratch(row.size());
  if (e.kind == ExprKind::Subquery && e.subqueryKind == SubqueryKind::Exists) return Value(plan.root->next(scratch));
  if (e.kind == ExprKind::Subquery && e.subqueryKind == SubqueryKind::Count) {
    std::int64_t n = 0;
    while (plan.root->next(scratch)) ++n;
    return Value(n);
  }
  ValueList out;
  while (plan.root->next(scratch)) {
    ctx.checkRows(out.size() + 1, "a COLLECT subquery or pattern comprehension");
    if (e.kind == ExprKind::PatternComprehension) out.push_back(evaluate(*e.args[1], scratch, ctx));
    else out.push_back(scratch[static_cast<std::size_t>(plan.columnSlot)]);
  }
  return Value(std::move(out));
}

// exists() on a pattern is the pattern's own truth, not whether a value is there.
const FunctionEntry* const kExists = findFunction("exists");

Value callFunction(const Expr& e, Row& row, ExecContext& ctx) {
  const FunctionEntry* f = e.function;
  if (!f || !f->scalar) runtimeError(e, "internal error: function " + e.text() + " was not bound to a scalar function");
  if (f == kExists && e.args[0]->kind == ExprKind::PatternPredicate) return evaluate(*e.args[0], row, ctx);
  std::vector<Value> args;
  args.reserve(e.args.size());
  for (const auto& a : e.args) args.push_back(evaluate(*a, row, ctx));
  return f->call(FunctionCall{*f, e.text(), e.pos.line, e.pos.column}, args, ctx);
}

}  // namespace

Value evaluate(const Expr& e, Row& row, ExecContext& ctx) {
  switch (e.kind) {
    case ExprKind::Literal: return e.literal;
    case ExprKind::Parameter: {
      if (e.slot >= 0 && ctx.lifted) return (*ctx.lifted)[static_cast<std::size_t>(e.slot)];
      auto it = ctx.params.find(e.parameter);
      if (it == ctx.params.end())
        runtimeError(e, "expected parameter $" + e.parameter,
                     "pass it with --param " + e.parameter + "=<json> or :param");
      return it->second;
    }
    case ExprKind::Variable:
    case ExprKind::Slot: return row[static_cast<std::size_t>(e.slot)];
    case ExprKind::Property: {
      // n.key reads n in place: no copy of the row's value per access.
      const Expr& base = *e.args[0];
      if (base.kind == ExprKind::Variable || base.kind == ExprKind::Slot)
        return property(e, row[static_cast<std::size_t>(base.slot)], e.key, ctx);
      return property(e, evaluate(base, row, ctx), e.key, ctx);
    }
    case ExprKind::HasLabels: return hasLabels(e, evaluate(*e.args[0], row, ctx), ctx);
    case ExprKind::Index: {
      Value base = evaluate(*e.args[0], row, ctx);
      return indexValue(e, base, evaluate(*e.args[1], row, ctx), ctx);
    }
    case ExprKind::Slice: {
      Value base = evaluate(*e.args[0], row, ctx);
      Value from, to;
      if (e.args[1]) from = evaluate(*e.args[1], row, ctx);
      if (e.args[2]) to = evaluate(*e.args[2], row, ctx);
      return sliceValue(e, base, e.args[1] ? &from : nullptr, e.args[2] ? &to : nullptr);
    }
    case ExprKind::Unary: return unary(e, row, ctx);
    case ExprKind::Binary: return binary(e, row, ctx);
    case ExprKind::Function: return callFunction(e, row, ctx);
    case ExprKind::CountStar: runtimeError(e, "count(*) outside of an aggregation");
    case ExprKind::Case: return caseValue(e, row, ctx);
    case ExprKind::List: {
      ValueList out;
      out.reserve(e.args.size());
      for (const auto& a : e.args) out.push_back(evaluate(*a, row, ctx));
      return Value(std::move(out));
    }
    case ExprKind::Map: {
      ValueMap out;
      for (std::size_t i = 0; i < e.args.size(); ++i) out[e.keys[i]] = evaluate(*e.args[i], row, ctx);
      return Value(std::move(out));
    }
    case ExprKind::Comprehension:
    case ExprKind::Quantifier: return comprehension(e, row, ctx);
    case ExprKind::PatternPredicate: return patternPredicate(e, row, ctx);
    case ExprKind::Reduce: return reduceValue(e, row, ctx);
    case ExprKind::MapProjection: return mapProjection(e, row, ctx);
    case ExprKind::PatternComprehension:
    case ExprKind::Subquery: return subqueryValue(e, row, ctx);
  }
  return Value();
}

bool evaluatePredicate(const Expr& e, Row& row, ExecContext& ctx) {
  Value v = evaluate(e, row, ctx);
  if (v.isNull()) return false;
  if (!v.isBool()) typeError(e, "expected a BOOLEAN predicate", v);
  return v.asBool();
}

}  // namespace kgq
