#include <charconv>

#include "parser/string_literal.h"
#include "parser/transformer.h"

namespace kgq {

using namespace ast;

namespace {
ExprPtr makeExpr(ExprKind kind, Pos pos) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->pos = pos;
  return e;
}

Op comparisonOp(const std::string& t) {
  if (t == "=") return Op::Eq;
  if (t == "<>" || t == "!=") return Op::Ne;
  if (t == "<") return Op::Lt;
  if (t == ">") return Op::Gt;
  if (t == "<=") return Op::Le;
  return Op::Ge;
}
}  // namespace

ExprPtr Transformer::binary(Op op, ExprPtr lhs, ExprPtr rhs, antlr4::ParserRuleContext& ctx) {
  auto e = makeExpr(ExprKind::Binary, lhs->pos);
  e->op = op;
  e->args.push_back(std::move(lhs));
  e->args.push_back(std::move(rhs));
  e->text = shortTextOf(ctx);
  return finish(std::move(e));
}

// Every node passes through here once its operands are in place, so its depth
// is known from theirs without walking the tree again.
ExprPtr Transformer::finish(ExprPtr e) {
  int depth = 1;
  for (const auto& a : e->args)
    if (a)
      if (auto it = depths_.find(a.get()); it != depths_.end()) depth = std::max(depth, it->second + 1);
  if (depth > kMaxExpressionDepth) {
    // In a chain (a + b + ...) the operand that crossed the bound is the last one.
    const Pos& at = e->kind == ExprKind::Binary ? e->args[1]->pos : e->pos;
    SourcePos pos{source_, at.line, at.column, {}};
    int rel = at.line - firstLine_ + 1;
    if (rel >= 1 && rel <= static_cast<int>(lines_.size())) pos.lineText = lines_[static_cast<std::size_t>(rel - 1)];
    throw SyntaxError("expression nested more than " + std::to_string(kMaxExpressionDepth) +
                          " operators deep",
                      std::move(pos),
                      "split it: WITH can name an intermediate value, IN [...] replaces a chain of OR");
  }
  depths_[e.get()] = depth;
  return e;
}

ExprPtr Transformer::transformExpr(P::ExpressionContext& ctx) {
  auto e = transformOr(*ctx.orExpression());
  e->text = textOf(ctx);
  return finish(std::move(e));
}

ExprPtr Transformer::transformOr(P::OrExpressionContext& ctx) {
  auto parts = ctx.xorExpression();
  auto e = transformXor(*parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) e = binary(Op::Or, std::move(e), transformXor(*parts[i]), ctx);
  return e;
}

ExprPtr Transformer::transformXor(P::XorExpressionContext& ctx) {
  auto parts = ctx.andExpression();
  auto e = transformAnd(*parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) e = binary(Op::Xor, std::move(e), transformAnd(*parts[i]), ctx);
  return e;
}

ExprPtr Transformer::transformAnd(P::AndExpressionContext& ctx) {
  auto parts = ctx.notExpression();
  auto e = transformNot(*parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) e = binary(Op::And, std::move(e), transformNot(*parts[i]), ctx);
  return e;
}

ExprPtr Transformer::transformNot(P::NotExpressionContext& ctx) {
  auto e = transformComparison(*ctx.comparisonExpression());
  for (std::size_t i = 0; i < ctx.NOT().size(); ++i) {
    auto n = makeExpr(ExprKind::Unary, posOf(ctx));
    n->op = Op::Not;
    n->args.push_back(std::move(e));
    n->text = shortTextOf(ctx);
    e = finish(std::move(n));
  }
  return e;
}

// a < b <= c means a < b AND b <= c, as in openCypher.
ExprPtr Transformer::transformComparison(P::ComparisonExpressionContext& ctx) {
  auto operands = ctx.predicateExpression();
  auto ops = ctx.comparisonOperator();
  if (ops.empty()) return transformPredicate(*operands[0]);
  ExprPtr result;
  ExprPtr lhs = transformPredicate(*operands[0]);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    ExprPtr rhs = transformPredicate(*operands[i + 1]);
    ExprPtr nextLhs = i + 1 < ops.size() ? rhs->clone() : nullptr;
    auto cmp = binary(comparisonOp(ops[i]->getText()), std::move(lhs), std::move(rhs), ctx);
    result = result ? binary(Op::And, std::move(result), std::move(cmp), ctx) : std::move(cmp);
    lhs = std::move(nextLhs);
  }
  return result;
}

ExprPtr Transformer::transformPredicate(P::PredicateExpressionContext& ctx) {
  auto e = transformAddSub(*ctx.addSubExpression());
  for (auto* suffix : ctx.predicateSuffix()) {
    auto pos = e->pos;
    if (dynamic_cast<P::IsNullContext*>(suffix) || dynamic_cast<P::IsNotNullContext*>(suffix)) {
      auto u = makeExpr(ExprKind::Unary, pos);
      u->op = dynamic_cast<P::IsNullContext*>(suffix) ? Op::IsNull : Op::IsNotNull;
      u->args.push_back(std::move(e));
      u->text = shortTextOf(ctx);
      e = finish(std::move(u));
      continue;
    }
    Op op = Op::In;
    P::AddSubExpressionContext* rhs = nullptr;
    if (auto* s = dynamic_cast<P::StartsWithContext*>(suffix)) op = Op::StartsWith, rhs = s->addSubExpression();
    else if (auto* en = dynamic_cast<P::EndsWithContext*>(suffix)) op = Op::EndsWith, rhs = en->addSubExpression();
    else if (auto* c = dynamic_cast<P::ContainsOpContext*>(suffix)) op = Op::Contains, rhs = c->addSubExpression();
    else if (auto* r = dynamic_cast<P::RegexMatchContext*>(suffix)) op = Op::Regex, rhs = r->addSubExpression();
    else if (auto* in = dynamic_cast<P::InListContext*>(suffix)) op = Op::In, rhs = in->addSubExpression();
    e = binary(op, std::move(e), transformAddSub(*rhs), ctx);
  }
  return e;
}

ExprPtr Transformer::transformAddSub(P::AddSubExpressionContext& ctx) {
  auto parts = ctx.multDivExpression();
  auto ops = ctx.addSubOperator();
  auto e = transformMultDiv(*parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i)
  {
    auto t = ops[i - 1]->getText();
    e = binary(t == "+" ? Op::Add : t == "-" ? Op::Sub : Op::Concat, std::move(e), transformMultDiv(*parts[i]), ctx);
  }
  return e;
}

ExprPtr Transformer::transformMultDiv(P::MultDivExpressionContext& ctx) {
  auto parts = ctx.powerExpression();
  auto ops = ctx.multDivOperator();
  auto e = transformPower(*parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    auto t = ops[i - 1]->getText();
    e = binary(t == "*" ? Op::Mul : (t == "/" ? Op::Div : Op::Mod), std::move(e), transformPower(*parts[i]), ctx);
  }
  return e;
}

ExprPtr Transformer::transformPower(P::PowerExpressionContext& ctx) {
  auto parts = ctx.unaryExpression();
  auto e = transformUnary(*parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) e = binary(Op::Pow, std::move(e), transformUnary(*parts[i]), ctx);
  return e;
}

ExprPtr Transformer::transformUnary(P::UnaryExpressionContext& ctx) {
  auto ops = ctx.unaryOperator();
  auto* postfix = ctx.postfixExpression();
  // A negative integer literal is folded so that -9223372036854775808 is representable.
  if (ops.size() == 1 && ops[0]->getText() == "-" && postfix->postfixSuffix().empty() && !postfix->labelExpression()) {
    auto* lit = postfix->atom()->literal();
    if (lit && lit->numberLiteral() && lit->numberLiteral()->integerLiteral()) {
      auto* il = lit->numberLiteral()->integerLiteral();
      std::string digits = il->getText();
      if (digits == "9223372036854775808") {
        auto e = makeExpr(ExprKind::Literal, posOf(ctx));
        e->literal = Value(std::numeric_limits<std::int64_t>::min());
        e->text = textOf(ctx);
        return e;
      }
    }
  }
  auto e = transformPostfix(*postfix);
  for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
    bool neg = (*it)->getText() == "-";
    if (neg && e->kind == ExprKind::Literal && (e->literal.isInt() || e->literal.isFloat())) {
      if (e->literal.isInt()) e->literal = Value(-e->literal.asInt());
      else e->literal = Value(-e->literal.asFloat());
      e->pos = posOf((*it)->getStart());
      e->text = shortTextOf(ctx);
      continue;
    }
    auto u = makeExpr(ExprKind::Unary, posOf((*it)->getStart()));
    u->op = neg ? Op::Neg : Op::Plus;
    u->args.push_back(std::move(e));
    u->text = shortTextOf(ctx);
    e = finish(std::move(u));
  }
  return e;
}

ExprPtr Transformer::transformPostfix(P::PostfixExpressionContext& ctx) {
  auto e = transformAtom(*ctx.atom());
  for (auto* suffix : ctx.postfixSuffix()) {
    ExprPtr next;
    if (auto* prop = dynamic_cast<P::PropertyLookupContext*>(suffix)) {
      next = makeExpr(ExprKind::Property, posOf(*prop));
      next->name = schemaName(*prop->schemaName());
      next->keyPos = posOf(*prop->schemaName());
      next->args.push_back(std::move(e));
    } else if (auto* idx = dynamic_cast<P::IndexLookupContext*>(suffix)) {
      next = makeExpr(ExprKind::Index, posOf(*idx));
      next->args.push_back(std::move(e));
      next->args.push_back(transformExpr(*idx->expression()));
    } else {
      auto* slice = dynamic_cast<P::SliceLookupContext*>(suffix);
      next = makeExpr(ExprKind::Slice, posOf(*slice));
      next->args.push_back(std::move(e));
      next->args.push_back(slice->from ? transformExpr(*slice->from) : nullptr);
      next->args.push_back(slice->to ? transformExpr(*slice->to) : nullptr);
    }
    e = finish(std::move(next));
  }
  if (auto* labels = ctx.labelExpression()) {
    auto h = makeExpr(ExprKind::HasLabels, posOf(*labels));
    auto spec = transformNodeLabels(*labels);
    h->keys = std::move(spec.labels);
    h->labelExpr = std::move(spec.rest);
    h->args.push_back(std::move(e));
    e = finish(std::move(h));
  }
  e->text = shortTextOf(ctx);
  return e;
}

ExprPtr Transformer::transformAtom(P::AtomContext& ctx) { return finish(atomNode(ctx)); }

ExprPtr Transformer::atomNode(P::AtomContext& ctx) {
  if (auto* lit = ctx.literal()) return transformLiteral(*lit);
  if (auto* param = ctx.parameter()) {
    auto e = makeExpr(ExprKind::Parameter, posOf(ctx));
    e->name = param->symbolicName() ? symbolicName(*param->symbolicName()) : param->DECIMAL_INTEGER()->getText();
    e->text = textOf(ctx);
    return e;
  }
  if (auto* c = ctx.caseExpression()) return transformCase(*c);
  if (ctx.COUNT()) {
    auto e = makeExpr(ExprKind::CountStar, posOf(ctx));
    e->text = textOf(ctx);
    return e;
  }
  if (auto* lc = ctx.listComprehension()) return transformComprehension(*lc);
  if (auto* pc = ctx.patternComprehension()) return transformPatternComprehension(*pc);
  if (auto* r = ctx.reduceExpression()) return transformReduce(*r);
  if (auto* sq = ctx.subqueryExpression()) return transformSubquery(*sq);
  if (auto* mp = ctx.mapProjection()) return transformMapProjection(*mp);
  if (auto* q = ctx.quantifierExpression()) return transformQuantifier(*q);
  if (auto* rp = ctx.relationshipsPattern()) return transformPatternPredicate(*rp);
  if (auto* inner = ctx.expression()) return transformExpr(*inner);
  if (auto* f = ctx.functionInvocation()) return transformFunction(*f);
  auto e = makeExpr(ExprKind::Variable, posOf(ctx));
  e->name = variableName(*ctx.variable());
  e->text = textOf(ctx);
  return e;
}

ExprPtr Transformer::transformLiteral(P::LiteralContext& ctx) {
  auto e = makeExpr(ExprKind::Literal, posOf(ctx));
  e->text = textOf(ctx);
  if (auto* num = ctx.numberLiteral()) {
    if (auto* il = num->integerLiteral()) {
      e->literal = Value(integerValue(*il));
    } else {
      std::string t = num->getText();
      double d = 0;
      auto res = std::from_chars(t.data(), t.data() + t.size(), d);
      if (res.ec == std::errc::result_out_of_range) fail(num->getStart(), "float literal out of range: " + t);
      e->literal = Value(d);
    }
  } else if (auto* s = ctx.STRING_LITERAL()) {
    e->literal = Value(unescapeString(s->getSymbol()));
  } else if (ctx.TRUE()) {
    e->literal = Value(true);
  } else if (ctx.FALSE()) {
    e->literal = Value(false);
  } else if (ctx.NULL_KW()) {
    e->literal = Value();
  } else if (auto* list = ctx.listLiteral()) {
    e->kind = ExprKind::List;
    for (auto* item : list->expression()) e->args.push_back(transformExpr(*item));
  } else if (auto* map = ctx.mapLiteral()) {
    e->kind = ExprKind::Map;
    for (auto* entry : map->mapEntry()) {
      SchemaName key = schemaName(*entry->schemaName());
      for (const auto& k : e->keys)
        if (k == key) fail(entry->getStart(), "duplicate key '" + key + "' in map literal");
      e->keys.push_back(key);
      e->args.push_back(transformExpr(*entry->expression()));
    }
  }
  return e;
}

ExprPtr Transformer::transformCase(P::CaseExpressionContext& ctx) {
  auto e = makeExpr(ExprKind::Case, posOf(ctx));
  e->text = textOf(ctx);
  if (ctx.subject) {
    e->caseHasSubject = true;
    e->args.push_back(transformExpr(*ctx.subject));
  }
  for (auto* alt : ctx.caseAlternative()) {
    e->args.push_back(transformExpr(*alt->when));
    e->args.push_back(transformExpr(*alt->then));
  }
  if (ctx.elseExpr) {
    e->caseHasElse = true;
    e->args.push_back(transformExpr(*ctx.elseExpr));
  }
  return e;
}

ExprPtr Transformer::transformFunction(P::FunctionInvocationContext& ctx) {
  auto e = makeExpr(ExprKind::Function, posOf(ctx));
  e->text = textOf(ctx);
  std::string name;
  for (auto* part : ctx.functionName()->symbolicName()) {
    if (!name.empty()) name += '.';
    name += symbolicName(*part);
  }
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  e->name = name;
  e->distinct = ctx.DISTINCT() != nullptr;
  for (auto* arg : ctx.expression()) e->args.push_back(transformExpr(*arg));
  return e;
}

ExprPtr Transformer::transformComprehension(P::ListComprehensionContext& ctx) {
  auto e = makeExpr(ExprKind::Comprehension, posOf(ctx));
  e->text = textOf(ctx);
  e->name = variableName(*ctx.variable());
  e->args.push_back(transformExpr(*ctx.expression(0)));
  e->args.push_back(ctx.filter ? transformExpr(*ctx.filter) : nullptr);
  e->args.push_back(ctx.projection ? transformExpr(*ctx.projection) : nullptr);
  return e;
}

ExprPtr Transformer::transformQuantifier(P::QuantifierExpressionContext& ctx) {
  auto e = makeExpr(ExprKind::Quantifier, posOf(ctx));
  e->text = textOf(ctx);
  auto* q = ctx.quantifier();
  e->quantifier = q->ALL() ? Quantifier::All : q->ANY() ? Quantifier::Any : q->NONE() ? Quantifier::None
                                                                                      : Quantifier::Single;
  e->name = variableName(*ctx.variable());
  e->args.push_back(transformExpr(*ctx.expression(0)));
  e->args.push_back(transformExpr(*ctx.expression(1)));
  return e;
}

ExprPtr Transformer::transformPatternPredicate(P::RelationshipsPatternContext& ctx) {
  auto e = makeExpr(ExprKind::PatternPredicate, posOf(ctx));
  e->text = textOf(ctx);
  auto part = std::make_shared<PatternPart>();
  part->pos = e->pos;
  transformChain(*ctx.nodePattern(), ctx.patternChain(), *part);
  e->pattern = std::move(part);
  return e;
}

ExprPtr Transformer::transformReduce(P::ReduceExpressionContext& ctx) {
  auto e = makeExpr(ExprKind::Reduce, posOf(ctx));
  e->text = textOf(ctx);
  e->name = variableName(*ctx.acc);
  e->var2 = variableName(*ctx.variable(1));
  e->args.push_back(transformExpr(*ctx.init));
  e->args.push_back(transformExpr(*ctx.list));
  e->args.push_back(transformExpr(*ctx.body));
  return e;
}

ExprPtr Transformer::transformMapProjection(P::MapProjectionContext& ctx) {
  auto e = makeExpr(ExprKind::MapProjection, posOf(ctx));
  e->text = textOf(ctx);
  auto base = makeExpr(ExprKind::Variable, posOf(*ctx.variable()));
  base->name = variableName(*ctx.variable());
  base->text = base->name;
  e->args.push_back(finish(std::move(base)));
  for (auto* item : ctx.mapProjectionItem()) {
    if (auto* lit = dynamic_cast<P::MapLiteralItemContext*>(item)) {
      e->keys.push_back(schemaName(*lit->schemaName()));
      e->args.push_back(transformExpr(*lit->expression()));
    } else if (auto* prop = dynamic_cast<P::MapPropertyItemContext*>(item)) {
      e->keys.push_back(schemaName(*prop->schemaName()));
      e->args.push_back(nullptr);
    } else if (dynamic_cast<P::MapAllItemContext*>(item)) {
      e->keys.push_back(SchemaName("", posOf(*item)));
      e->args.push_back(nullptr);
    } else {
      auto* v = dynamic_cast<P::MapVariableItemContext*>(item);
      auto var = makeExpr(ExprKind::Variable, posOf(*v));
      var->name = variableName(*v->variable());
      var->text = var->name;
      e->keys.push_back(SchemaName(var->name, posOf(*v)));
      e->args.push_back(finish(std::move(var)));
    }
  }
  return e;
}

ExprPtr Transformer::transformPatternComprehension(P::PatternComprehensionContext& ctx) {
  auto e = makeExpr(ExprKind::PatternComprehension, posOf(ctx));
  e->text = textOf(ctx);
  auto part = std::make_shared<PatternPart>();
  auto* rp = ctx.relationshipsPattern();
  part->pos = posOf(*rp);
  if (auto* v = ctx.variable()) part->pathVar = variableName(*v);
  transformChain(*rp->nodePattern(), rp->patternChain(), *part);
  e->pattern = std::move(part);
  e->args.push_back(ctx.filter ? transformExpr(*ctx.filter) : nullptr);
  e->args.push_back(transformExpr(*ctx.projection));
  return e;
}

// EXISTS { (a)-->(b) WHERE ... } is the query MATCH (a)-->(b) WHERE ...; COUNT and COLLECT alike.
ExprPtr Transformer::transformSubquery(P::SubqueryExpressionContext& ctx) {
  auto e = makeExpr(ExprKind::Subquery, posOf(ctx));
  e->text = textOf(ctx);
  e->subqueryKind = ctx.EXISTS() ? SubqueryKind::Exists : ctx.COUNT() ? SubqueryKind::Count : SubqueryKind::Collect;
  if (auto* q = ctx.query()) {
    e->subquery = std::make_shared<Query>(transformQuery(*q));
    e->subquery->pos = posOf(*q);
  } else {
    MatchClause m;
    m.pattern = transformPattern(*ctx.pattern());
    if (auto* w = ctx.whereClause()) m.where = transformExpr(*w->expression());
    e->subquery = std::make_shared<Query>();
    e->subquery->pos = posOf(*ctx.pattern());
    e->subquery->clauses.push_back(std::move(m));
  }
  return e;
}

// ---- names and literals -----------------------------------------------------

std::string Transformer::variableName(P::VariableContext& ctx) { return symbolicName(*ctx.symbolicName()); }

std::string Transformer::symbolicName(P::SymbolicNameContext& ctx) {
  if (auto* esc = ctx.ESCAPED_IDENTIFIER()) {
    std::string raw = esc->getText();
    std::string out;
    for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
      out += raw[i];
      if (raw[i] == '`') ++i;  // `` stands for one backtick
    }
    return out;
  }
  return ctx.getText();
}

SchemaName Transformer::schemaName(P::SchemaNameContext& ctx) {
  if (auto* s = ctx.symbolicName()) return SchemaName(symbolicName(*s), posOf(ctx));
  return SchemaName(ctx.getText(), posOf(ctx));
}

std::int64_t Transformer::integerValue(P::IntegerLiteralContext& ctx) {
  std::string t = ctx.getText();
  int base = 10;
  std::size_t skip = 0;
  if (ctx.HEX_INTEGER()) base = 16, skip = 2;
  if (ctx.OCTAL_INTEGER()) base = 8, skip = 2;
  std::int64_t v = 0;
  auto res = std::from_chars(t.data() + skip, t.data() + t.size(), v, base);
  if (res.ec != std::errc()) fail(ctx.getStart(), "integer literal out of range: " + t, "integers are 64-bit signed");
  return v;
}


std::string Transformer::unescapeString(antlr4::Token* token) {
  std::string out;
  if (auto err = unescapeStringLiteral(token->getText(), out)) fail(token, err->message, err->hint);
  return out;
}

}  // namespace kgq
