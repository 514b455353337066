// Transformer: turns the ANTLR parse tree into the kgq AST. One typed method per
// grammar rule, bodies split by area (transform_clause / _pattern / _expr.cpp).
// Reports literal-level errors (bad escapes, integer overflow) as SyntaxError.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "ast/ast.h"
#include "kgqgen/KgqParser.h"
#include "parser/parser.h"

namespace kgq {

class Transformer {
 public:
  using P = kgqgen::KgqParser;

  Transformer(antlr4::CharStream& input, std::string source, std::vector<std::string> lines, int firstLine)
      : input_(input), source_(std::move(source)), lines_(std::move(lines)), firstLine_(firstLine) {}

  ast::Script transformScript(P::ScriptContext& ctx);

 private:
  // clauses
  ast::Statement transformStatement(P::StatementContext& ctx);
  ast::Query transformQuery(P::QueryContext& ctx);
  ast::Query transformSingleQuery(P::SingleQueryContext& ctx);
  ast::Question transformQuestion(P::QuestionContext& ctx);
  ast::SchemaCommand transformSchemaCommand(P::SchemaCommandContext& ctx);
  void transformQuestionOptions(const std::vector<P::QuestionOptionContext*>& options, ast::Question& q);
  ast::EntityRef transformEntity(P::EntityContext& ctx);
  ast::ExportSpec transformExport(P::ExportClauseContext& ctx);
  int smallInt(P::IntegerLiteralContext& ctx, const char* what);
  ast::Clause transformClause(P::ClauseContext& ctx);
  ast::MatchClause transformMatch(P::MatchClauseContext& ctx);
  ast::CallClause transformCall(P::CallClauseContext& ctx);
  ast::SubqueryClause transformCallSubquery(P::CallSubqueryContext& ctx);
  ast::UnwindClause transformUnwind(P::UnwindClauseContext& ctx);
  ast::UnwindClause transformLoadCsv(P::LoadCsvClauseContext& ctx);
  ast::ExportGraph transformExportGraph(P::ExportGraphContext& ctx);
  ast::CreateClause transformCreate(P::CreateClauseContext& ctx);
  ast::UpdateClause transformMerge(P::MergeClauseContext& ctx);
  ast::UpdateClause transformSet(P::SetClauseContext& ctx);
  ast::UpdateClause transformRemove(P::RemoveClauseContext& ctx);
  ast::UpdateClause transformDelete(P::DeleteClauseContext& ctx);
  ast::UpdateClause transformForeach(P::ForeachClauseContext& ctx);
  std::vector<ast::SetItem> transformSetItems(P::SetClauseContext& ctx);
  ast::ProjectionClause transformProjection(P::ProjectionBodyContext& ctx, bool isReturn, antlr4::Token* start);

  // patterns
  std::vector<ast::PatternPart> transformPattern(P::PatternContext& ctx);
  ast::PatternPart transformPatternPart(P::PatternPartContext& ctx);
  void transformPatternElement(P::PatternElementContext& ctx, ast::PatternPart& part);
  void transformChain(P::NodePatternContext& first, const std::vector<P::PatternChainContext*>& chain,
                      ast::PatternPart& part);
  ast::NodePattern transformNode(P::NodePatternContext& ctx);
  ast::RelPattern transformRel(P::RelationshipPatternContext& ctx);
  ast::PropertyList transformProperties(P::MapLiteralContext& ctx);
  std::vector<ast::SchemaName> transformLabels(P::NodeLabelsContext& ctx);
  // A node's (or a label predicate's) label expression: the plain labels it requires and the rest.
  struct NodeLabelSpec {
    std::vector<ast::SchemaName> labels;
    std::shared_ptr<ast::LabelExpr> rest;
  };
  NodeLabelSpec transformNodeLabels(P::LabelExpressionContext& ctx);
  void transformPathSelector(P::PathSelectorContext& ctx, ast::PatternPart& part);
  ast::LabelExpr transformLabelOr(P::LabelOrContext& ctx, bool* legacyColon);

  // expressions
  ast::ExprPtr transformExpr(P::ExpressionContext& ctx);
  ast::ExprPtr transformOr(P::OrExpressionContext& ctx);
  ast::ExprPtr transformXor(P::XorExpressionContext& ctx);
  ast::ExprPtr transformAnd(P::AndExpressionContext& ctx);
  ast::ExprPtr transformNot(P::NotExpressionContext& ctx);
  ast::ExprPtr transformComparison(P::ComparisonExpressionContext& ctx);
  ast::ExprPtr transformPredicate(P::PredicateExpressionContext& ctx);
  ast::ExprPtr transformAddSub(P::AddSubExpressionContext& ctx);
  ast::ExprPtr transformMultDiv(P::MultDivExpressionContext& ctx);
  ast::ExprPtr transformPower(P::PowerExpressionContext& ctx);
  ast::ExprPtr transformUnary(P::UnaryExpressionContext& ctx);
  ast::ExprPtr transformPostfix(P::PostfixExpressionContext& ctx);
  ast::ExprPtr transformAtom(P::AtomContext& ctx);
  ast::ExprPtr atomNode(P::AtomContext& ctx);
  ast::ExprPtr transformLiteral(P::LiteralContext& ctx);
  ast::ExprPtr transformCase(P::CaseExpressionContext& ctx);
  ast::ExprPtr transformFunction(P::FunctionInvocationContext& ctx);
  ast::ExprPtr transformComprehension(P::ListComprehensionContext& ctx);
  ast::ExprPtr transformQuantifier(P::QuantifierExpressionContext& ctx);
  ast::ExprPtr transformPatternPredicate(P::RelationshipsPatternContext& ctx);
  ast::ExprPtr transformReduce(P::ReduceExpressionContext& ctx);
  ast::ExprPtr transformMapProjection(P::MapProjectionContext& ctx);
  ast::ExprPtr transformPatternComprehension(P::PatternComprehensionContext& ctx);
  ast::ExprPtr transformSubquery(P::SubqueryExpressionContext& ctx);

  // names and literals
  std::string variableName(P::VariableContext& ctx);
  std::string symbolicName(P::SymbolicNameContext& ctx);
  ast::SchemaName schemaName(P::SchemaNameContext& ctx);
  std::int64_t integerValue(P::IntegerLiteralContext& ctx);
  ast::AsOfTime transformAsOf(P::AsOfContext& ctx);
  ast::AsOfTime asOfTime(antlr4::Token* at, const std::string& text) const;
  std::string unescapeString(antlr4::Token* token);

  // helpers
  ast::Pos posOf(antlr4::Token* token) const;
  ast::Pos posOf(antlr4::ParserRuleContext& ctx) const { return posOf(ctx.getStart()); }
  std::string textOf(antlr4::ParserRuleContext& ctx) const;
  // The text of an operator inside a chain (`a AND b AND ...`): the whole chain,
  // shortened to its ends when long, so that n operators do not keep n copies of it.
  std::string shortTextOf(antlr4::ParserRuleContext& ctx) const;
  // Records `e`'s depth; throws when it is over kMaxExpressionDepth.
  ast::ExprPtr finish(ast::ExprPtr e);
  ast::ExprPtr binary(ast::Op op, ast::ExprPtr lhs, ast::ExprPtr rhs, antlr4::ParserRuleContext& ctx);
  [[noreturn]] void fail(antlr4::Token* token, const std::string& message, const std::string& hint = {}) const;
  [[noreturn]] void failSemantic(antlr4::Token* token, const std::string& message, const std::string& hint) const;

  antlr4::CharStream& input_;
  std::string source_;
  std::vector<std::string> lines_;
  int firstLine_;
  std::unordered_map<const ast::Expr*, int> depths_;  // nodes are never freed while the transformer runs
};

}  // namespace kgq
