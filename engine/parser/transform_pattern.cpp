#include "parser/transformer.h"

namespace kgq {

using namespace ast;

std::vector<PatternPart> Transformer::transformPattern(P::PatternContext& ctx) {
  std::vector<PatternPart> parts;
  for (auto* part : ctx.patternPart()) parts.push_back(transformPatternPart(*part));
  return parts;
}

PatternPart Transformer::transformPatternPart(P::PatternPartContext& ctx) {
  PatternPart part;
  part.pos = posOf(ctx);
  if (auto* v = ctx.variable()) part.pathVar = variableName(*v);
  transformPatternElement(*ctx.patternElement(), part);
  if (auto* sel = ctx.pathSelector()) transformPathSelector(*sel, part);
  return part;
}

void Transformer::transformPathSelector(P::PathSelectorContext& sel, PatternPart& part) {
  if (part.shortest != ShortestKind::None)
    failSemantic(sel.getStart(), "a path selector cannot apply to " + part.selectorText + "()",
                 "write either " + textOf(sel) + " (a)-[*]-(b) or " + part.selectorText + "((a)-[*]-(b))");
  auto count = [&](P::IntegerLiteralContext* k) {
    if (!k) return 1;
    std::int64_t v = integerValue(*k);
    if (v < 1)
      failSemantic(k->getStart(), "a path selector asks for at least one path, not " + std::to_string(v),
                   "write SHORTEST 1 for one shortest path");
    return static_cast<int>(std::min<std::int64_t>(v, 1 << 30));
  };
  if (dynamic_cast<P::AnyShortestSelectorContext*>(&sel)) {
    part.shortest = ShortestKind::Single;
    part.selectorText = "ANY SHORTEST";
  } else if (dynamic_cast<P::AllShortestSelectorContext*>(&sel)) {
    part.shortest = ShortestKind::All;
    part.selectorText = "ALL SHORTEST";
  } else if (auto* g = dynamic_cast<P::ShortestGroupsSelectorContext*>(&sel)) {
    part.selectorK = count(g->k);
    part.shortest = part.selectorK == 1 ? ShortestKind::All : ShortestKind::Groups;
    part.selectorText = "SHORTEST " + std::to_string(part.selectorK) + " GROUPS";
  } else if (auto* sk = dynamic_cast<P::ShortestKSelectorContext*>(&sel)) {
    part.selectorK = count(sk->k);
    part.shortest = ShortestKind::TopK;
    part.selectorText = "SHORTEST " + std::to_string(part.selectorK);
  } else if (auto* a = dynamic_cast<P::AnySelectorContext*>(&sel)) {
    part.selectorK = count(a->k);
    part.shortest = part.selectorK == 1 ? ShortestKind::Single : ShortestKind::TopK;
    part.selectorText = a->k ? "ANY " + std::to_string(part.selectorK) : "ANY";
  }
  // The searches behind selectors join two nodes by one relationship pattern, as shortestPath() does.
  if (part.rels.size() != 1)
    failSemantic(sel.getStart(), "a path selector (" + part.selectorText + ") needs a pattern with exactly one relationship",
                 "write " + part.selectorText + " (a)-[*]-(b); match longer patterns around it in the same MATCH");
}

void Transformer::transformPatternElement(P::PatternElementContext& ctx, PatternPart& part) {
  if (auto* inner = ctx.patternElement()) return transformPatternElement(*inner, part);
  if (auto* sp = ctx.shortestPathFunction()) {
    part.shortest = sp->SHORTESTPATH() ? ShortestKind::Single : ShortestKind::All;
    part.selectorText = sp->SHORTESTPATH() ? "shortestPath" : "allShortestPaths";
    if (ctx.patternChain().size() != 1)
      fail(sp->getStart(), sp->getText() + " needs a pattern with exactly one relationship",
           "write shortestPath((a)-[*]-(b))");
  }
  transformChain(*ctx.nodePattern(), ctx.patternChain(), part);
}

void Transformer::transformChain(P::NodePatternContext& first, const std::vector<P::PatternChainContext*>& chain,
                                 PatternPart& part) {
  part.nodes.push_back(transformNode(first));
  for (auto* link : chain) {
    part.rels.push_back(transformRel(*link->relationshipPattern()));
    part.nodes.push_back(transformNode(*link->nodePattern()));
  }
}

NodePattern Transformer::transformNode(P::NodePatternContext& ctx) {
  NodePattern n;
  n.pos = posOf(ctx);
  if (auto* v = ctx.variable()) n.var = variableName(*v);
  if (auto* l = ctx.labelExpression()) {
    auto spec = transformNodeLabels(*l);
    n.labels = std::move(spec.labels);
    n.labelExpr = std::move(spec.rest);
  }
  if (auto* m = ctx.mapLiteral()) n.props = transformProperties(*m);
  if (ctx.where) n.where = transformExpr(*ctx.where);
  return n;
}

RelPattern Transformer::transformRel(P::RelationshipPatternContext& ctx) {
  RelPattern r;
  r.pos = posOf(ctx);
  bool left = ctx.leftArrow != nullptr, right = ctx.rightArrow != nullptr;
  r.dir = left == right ? Direction::Both : (right ? Direction::Out : Direction::In);
  auto* d = ctx.relationshipDetail();
  if (!d) return r;
  if (auto* v = d->variable()) r.var = variableName(*v);
  if (auto* t = d->labelExpression()) {
    if (t->labelOr().size() > 1)
      fail(t->labelOr(1)->getStart(), "a relationship has exactly one type: `:A:B` can never match",
           "write [:A|B] for either type");
    bool legacyColon = false;
    auto e = transformLabelOr(*t->labelOr(0), &legacyColon);
    auto names = e.alternatives();
    if (!names.empty()) {
      r.types = std::move(names);
    } else {
      if (legacyColon)
        failSemantic(t->getStart(), "`|:` may only separate plain relationship types",
                     "write the label expression without the colons, e.g. [:(A|B)&!C]");
      r.typeExpr = std::make_shared<LabelExpr>(std::move(e));
    }
  }
  if (auto* range = d->rangeLiteral()) {
    r.varLength = true;
    r.minHops = 1;
    r.maxHops = -1;
    if (range->lower) r.minHops = static_cast<int>(std::min<std::int64_t>(integerValue(*range->lower), 1 << 30));
    if (range->dots) {
      if (range->upper) r.maxHops = static_cast<int>(std::min<std::int64_t>(integerValue(*range->upper), 1 << 30));
    } else if (range->lower) {
      r.maxHops = r.minHops;  // *3 means exactly three hops
    }
    if (!range->lower && range->dots) r.minHops = 1;
  }
  if (auto* m = d->mapLiteral()) r.props = transformProperties(*m);
  if (d->where) r.where = transformExpr(*d->where);
  return r;
}

PropertyList Transformer::transformProperties(P::MapLiteralContext& ctx) {
  PropertyList props;
  for (auto* e : ctx.mapEntry()) props.emplace_back(schemaName(*e->schemaName()), transformExpr(*e->expression()));
  return props;
}

LabelExpr Transformer::transformLabelOr(P::LabelOrContext& ctx, bool* legacyColon) {
  if (ctx.legacyColon) *legacyColon = true;
  auto andOf = [&](P::LabelAndContext& a) {
    auto notOf = [&](auto& self, P::LabelNotContext& n) -> LabelExpr {
      LabelExpr e;
      e.pos = posOf(n);
      if (auto* inner = n.labelNot()) {
        e.kind = LabelExpr::Kind::Not;
        e.args.push_back(self(self, *inner));
        return e;
      }
      auto* atom = n.labelAtom();
      if (auto* name = atom->schemaName()) {
        e.name = schemaName(*name);
      } else if (atom->anyLabel) {
        e.kind = LabelExpr::Kind::Any;
      } else {
        bool inner = false;
        e = transformLabelOr(*atom->labelOr(), &inner);
        if (inner) *legacyColon = true;
      }
      return e;
    };
    auto nots = a.labelNot();
    if (nots.size() == 1) return notOf(notOf, *nots[0]);
    LabelExpr e;
    e.kind = LabelExpr::Kind::And;
    e.pos = posOf(a);
    for (auto* n : nots) e.args.push_back(notOf(notOf, *n));
    return e;
  };
  auto ands = ctx.labelAnd();
  if (ands.size() == 1) return andOf(*ands[0]);
  LabelExpr e;
  e.kind = LabelExpr::Kind::Or;
  e.pos = posOf(ctx);
  for (auto* a : ands) e.args.push_back(andOf(*a));
  return e;
}

Transformer::NodeLabelSpec Transformer::transformNodeLabels(P::LabelExpressionContext& ctx) {
  auto parts = ctx.labelOr();
  bool legacyColon = false;
  std::vector<LabelExpr> conjuncts;
  for (auto* part : parts) {
    LabelExpr e = transformLabelOr(*part, &legacyColon);
    if (e.kind == LabelExpr::Kind::And) {
      for (auto& a : e.args) conjuncts.push_back(std::move(a));
      if (parts.size() > 1)
        failSemantic(part->getStart(), "mixing `:A:B` with the label expression operators `|`, `&`, `!`, `%` is not allowed",
                     "write the whole expression with them, e.g. `:A&B&C` instead of `:A:B&C`");
    } else {
      if (parts.size() > 1 && e.kind != LabelExpr::Kind::Name)
        failSemantic(part->getStart(), "mixing `:A:B` with the label expression operators `|`, `&`, `!`, `%` is not allowed",
                     "write the whole expression with them, e.g. `:A&(B|C)` instead of `:A:(B|C)`");
      conjuncts.push_back(std::move(e));
    }
  }
  if (legacyColon)
    failSemantic(ctx.getStart(), "`|:` separates relationship types only, not labels",
                 "write `:A|B` for a node with label A or B");
  NodeLabelSpec spec;
  std::vector<LabelExpr> rest;
  for (auto& c : conjuncts) {
    if (c.kind == LabelExpr::Kind::Name) spec.labels.push_back(c.name);
    else rest.push_back(std::move(c));
  }
  if (rest.size() == 1) {
    spec.rest = std::make_shared<LabelExpr>(std::move(rest[0]));
  } else if (rest.size() > 1) {
    spec.rest = std::make_shared<LabelExpr>();
    spec.rest->kind = LabelExpr::Kind::And;
    spec.rest->pos = rest[0].pos;
    spec.rest->args = std::move(rest);
  }
  return spec;
}

std::vector<SchemaName> Transformer::transformLabels(P::NodeLabelsContext& ctx) {
  std::vector<SchemaName> labels;
  for (auto* n : ctx.schemaName()) labels.push_back(schemaName(*n));
  return labels;
}

}  // namespace kgq
