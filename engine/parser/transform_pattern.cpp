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
  return part;
}

void Transformer::transformPatternElement(P::PatternElementContext& ctx, PatternPart& part) {
  if (auto* inner = ctx.patternElement()) return transformPatternElement(*inner, part);
  if (auto* sp = ctx.shortestPathFunction()) {
    part.shortest = sp->SHORTESTPATH() ? ShortestKind::Single : ShortestKind::All;
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
  if (auto* l = ctx.nodeLabels()) n.labels = transformLabels(*l);
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
  if (auto* t = d->relationshipTypes())
    for (auto* name : t->schemaName()) r.types.push_back(schemaName(*name));
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

std::vector<SchemaName> Transformer::transformLabels(P::NodeLabelsContext& ctx) {
  std::vector<SchemaName> labels;
  for (auto* n : ctx.schemaName()) labels.push_back(schemaName(*n));
  return labels;
}

}  // namespace kgq
