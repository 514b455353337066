#include "parser/transformer.h"

namespace kgq {

using namespace ast;

namespace {
// SchemaDef::Kind, which the parser does not see (graph/ is above it in nothing but this).
enum : int { kRange = 0, kText = 1, kUnique = 2, kNotNull = 3, kNodeKey = 4 };
}  // namespace

SchemaCommand Transformer::transformSchemaCommand(P::SchemaCommandContext& ctx) {
  SchemaCommand cmd;
  cmd.pos = posOf(ctx);
  auto node = [&](P::SchemaNodeContext& n) {
    cmd.label = schemaName(*n.schemaName());
    return variableName(*n.variable());
  };
  auto property = [&](P::PropertyRefContext& p, const std::string& var) {
    if (variableName(*p.variable()) != var)
      fail(p.variable()->getStart(), "variable `" + variableName(*p.variable()) + "` is not the node's",
           "write the property as " + var + "." + p.schemaName()->getText());
    cmd.keys.push_back(schemaName(*p.schemaName()));
  };
  auto named = [&](P::SchemaNameContext* n) {
    if (!n) return;
    cmd.name = schemaName(*n);
    cmd.namePos = posOf(*n);
  };
  if (auto* c = dynamic_cast<P::CreateIndexContext*>(&ctx)) {
    named(c->schemaName());
    cmd.ifNotExists = c->ifNotExists() != nullptr;
    cmd.kind = c->indexType && c->indexType->getType() == P::TEXT ? kText : kRange;
    std::string var = node(*c->schemaNode());
    for (auto* p : c->propertyRef()) property(*p, var);
    if (cmd.kind == kText && cmd.keys.size() > 1)
      fail(c->propertyRef()[1]->getStart(), "a TEXT index covers one property", "create one TEXT index per property");
  } else if (auto* cc = dynamic_cast<P::CreateConstraintContext*>(&ctx)) {
    cmd.constraint = true;
    named(cc->schemaName());
    cmd.ifNotExists = cc->ifNotExists() != nullptr;
    std::string var = node(*cc->schemaNode());
    auto* body = cc->constraintBody();
    for (auto* p : body->propertyRef()) property(*p, var);
    cmd.kind = body->unique ? kUnique : body->notNull ? kNotNull : kNodeKey;
    if (cmd.kind == kNotNull && cmd.keys.size() > 1)
      fail(body->propertyRef()[1]->getStart(), "IS NOT NULL constrains one property",
           "create one constraint per property, or use IS NODE KEY for several");
  } else if (auto* d = dynamic_cast<P::DropSchemaContext*>(&ctx)) {
    cmd.verb = SchemaCommand::Verb::Drop;
    cmd.constraint = d->CONSTRAINT() != nullptr;
    named(d->schemaName());
    cmd.ifExists = d->IF() != nullptr;
  } else if (auto* s = dynamic_cast<P::ShowSchemaContext*>(&ctx)) {
    cmd.verb = SchemaCommand::Verb::Show;
    cmd.constraint = s->CONSTRAINT() || s->CONSTRAINTS();
  }
  return cmd;
}

}  // namespace kgq
