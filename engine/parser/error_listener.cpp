#include "parser/error_listener.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/errors.h"
#include "kgqgen/KgqLexer.h"
#include "kgqgen/KgqParser.h"

namespace kgq {

namespace {

using kgqgen::KgqParser;

// How a token type reads in an error message.
std::string describeTokenType(const antlr4::dfa::Vocabulary& vocab, size_t type) {
  if (type == antlr4::Token::EOF) return "end of input";
  std::string lit = vocab.getLiteralName(type);
  if (!lit.empty()) return lit;  // already quoted: ';'
  std::string sym = vocab.getSymbolicName(type);
  if (sym == "IDENTIFIER" || sym == "ESCAPED_IDENTIFIER") return "a name";
  if (sym == "STRING_LITERAL") return "a string";
  if (sym == "DECIMAL_INTEGER" || sym == "HEX_INTEGER" || sym == "OCTAL_INTEGER") return "an integer";
  if (sym == "FLOAT_LITERAL") return "a number";
  if (sym.size() > 3 && sym.ends_with("_KW")) return sym.substr(0, sym.size() - 3);
  return sym;
}

std::string describeOffending(antlr4::Token* t) {
  if (!t || t->getType() == antlr4::Token::EOF) return "end of input";
  return "'" + t->getText() + "'";
}

// A long list of alternatives is summarised by the category it stands for.
std::string describeExpected(antlr4::Parser* parser) {
  auto expected = parser->getExpectedTokens();
  const auto& vocab = parser->getVocabulary();
  std::set<std::string> words;
  auto has = [&](std::size_t type) { return expected.contains(type); };
  bool expressionStart = has(KgqParser::DECIMAL_INTEGER) && has(KgqParser::STRING_LITERAL);
  bool clauseStart = has(KgqParser::MATCH) && has(KgqParser::RETURN);
  for (auto type : expected.toList()) {
    if (expressionStart && (type == KgqParser::DECIMAL_INTEGER || type == KgqParser::STRING_LITERAL ||
                            type == KgqParser::FLOAT_LITERAL || type == KgqParser::HEX_INTEGER ||
                            type == KgqParser::OCTAL_INTEGER || type == KgqParser::TRUE ||
                            type == KgqParser::FALSE || type == KgqParser::NULL_KW|| type == KgqParser::CASE ||
                            type == KgqParser::IDENTIFIER || type == KgqParser::ESCAPED_IDENTIFIER))
      continue;
    words.insert(describeTokenType(vocab, static_cast<size_t>(type)));
  }
  std::vector<std::string> list;
  // A name position (label, type, property key) also accepts every keyword: say "a name".
  bool namePosition = has(KgqParser::IDENTIFIER) && !expressionStart;
  if (namePosition) list.push_back("a name");
  else if (clauseStart) list.push_back("a clause (MATCH, CREATE, UNWIND, WITH, RETURN, ...) or a question (PATH, NEIGHBOURS, CONNECT)");
  else if (expressionStart) list.push_back("an expression");
  else list.assign(words.begin(), words.end());
  if (list.empty()) return {};
  if (list.size() > 8) list.resize(8), list.push_back("...");
  std::string out = list.size() == 1 ? "expected " : "expected one of ";
  for (std::size_t i = 0; i < list.size(); ++i) out += (i ? ", " : "") + list[i];
  return out;
}

std::string hintFor(antlr4::Token* t) {
  if (!t) return {};
  std::string text = t->getText();
  if (text == "==") return "equality is a single '=' in Cypher";
  if (text == "&&") return "use AND";
  if (text == "||") return "use OR";
  if (text == "!") return "use NOT, or '<>' for inequality";
  return {};
}

bool isWord(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (static_cast<unsigned char>(c) & 0x80);
  });
}

// In a question, a bare word right after an entity's bare word is most likely the
// rest of a name of several words: `NEIGHBOURS OF Kashmir issue`. The hint quotes
// the words up to the next keyword that can follow an entity.
std::string multiWordHint(antlr4::Parser* parser, antlr4::Token* offending) {
  if (!offending || !isWord(offending->getText())) return {};
  auto* tokens = dynamic_cast<antlr4::TokenStream*>(parser->getInputStream());
  if (!tokens) return {};
  auto at = static_cast<std::ptrdiff_t>(offending->getTokenIndex());
  auto step = [&](std::ptrdiff_t i, int dir) {
    for (i += dir; i >= 0 && i < static_cast<std::ptrdiff_t>(tokens->size()); i += dir)
      if (tokens->get(static_cast<size_t>(i))->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return i;
    return std::ptrdiff_t{-1};
  };
  // The statement's first token, found back from the error: a question starts with its keyword.
  std::ptrdiff_t first = at;
  for (std::ptrdiff_t i = step(at, -1); i >= 0 && tokens->get(static_cast<size_t>(i))->getText() != ";"; i = step(i, -1))
    first = i;
  auto type = tokens->get(static_cast<size_t>(first))->getType();
  if (type != KgqParser::PATH && type != KgqParser::NEIGHBOURS && type != KgqParser::NEIGHBORS &&
      type != KgqParser::CONNECT)
    return {};
  std::ptrdiff_t prev = step(at, -1);
  if (prev < 0 || !isWord(tokens->get(static_cast<size_t>(prev))->getText())) return {};
  static const std::set<std::string> follows = {"TO", "VIA", "MAX", "DEPTH", "LABELS", "AVOID", "AS", "DIRECTED",
                                                "OUTGOING", "INCOMING", "TOP", "ALL", "EXPORT"};
  std::string name = tokens->get(static_cast<size_t>(prev))->getText();
  for (std::ptrdiff_t i = at; i >= 0; i = step(i, 1)) {
    std::string word = tokens->get(static_cast<size_t>(i))->getText();
    std::string upper = word;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!isWord(word) || follows.count(upper)) break;
    name += " " + word;
  }
  return "a name of several words needs quotes: '" + name + "'";
}

}  // namespace

SourcePos ThrowingErrorListener::positionAt(size_t line, size_t column) const {
  SourcePos pos;
  pos.source = source_;
  pos.line = static_cast<int>(line) + firstLine_ - 1;
  pos.column = static_cast<int>(column) + 1;
  if (line >= 1 && line <= lines_.size()) pos.lineText = lines_[line - 1];
  return pos;
}

SourcePos ThrowingErrorListener::positionOf(antlr4::Token* token) const {
  if (!token) return positionAt(0, 0);
  return positionAt(token->getLine(), token->getCharPositionInLine());
}

void ThrowingErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                                        size_t column, const std::string& msg, std::exception_ptr) {
  SourcePos pos = positionAt(line, column);

  std::string message, hint = hintFor(offending);
  if (auto* parser = dynamic_cast<antlr4::Parser*>(recognizer)) {
    message = "unexpected " + describeOffending(offending);
    if (std::string expected = describeExpected(parser); !expected.empty()) message += ", " + expected;
    if (hint.empty()) hint = multiWordHint(parser, offending);
  } else {
    message = msg;  // lexer errors are rare: every character is some token
  }
  throw SyntaxError(message, pos, hint);
}

}  // namespace kgq
