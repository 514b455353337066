#include "parser/parser.h"

#include <pthread.h>

#include <antlr4-runtime.h>

#include "common/strings.h"
#include "kgqgen/KgqLexer.h"
#include "kgqgen/KgqParser.h"
#include "parser/error_listener.h"
#include "parser/lexical.h"
#include "parser/transformer.h"

namespace kgq {

namespace {
std::vector<std::string> splitLines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}
SourcePos posAt(std::string_view text, std::size_t offset, const std::vector<std::string>& lines,
              const std::string& sourceName, int firstLine) {
  lexical::Cursor at;
  at.advanceOver(text.substr(0, offset));
  return SourcePos{sourceName, firstLine + at.line - 1, at.column, lines[static_cast<std::size_t>(at.line - 1)]};
}

// An unterminated string, back-ticked name or block comment: the grammar would lex
// its first character alone and report that character as unexpected, which says
// nothing of the cause. The statement splitter cuts a script by the same rules.
[[noreturn]] void failUnterminated(std::string_view text, std::size_t at, const std::vector<std::string>& lines,
                                   const std::string& sourceName, int firstLine) {
  SourcePos pos = posAt(text, at, lines, sourceName, firstLine);
  const char c = text[at];
  if (c == '/')
    throw SyntaxError("unterminated comment: /* starts here and the statement ends without its closing */", pos,
                      "close the comment with */ (or use // for a comment to the end of the line)");
  const std::string q(1, c);
  if (c == '`')
    throw SyntaxError("unterminated name: it starts here and the statement ends without its closing `", pos,
                      "close the name with `; a ` inside it is written ``");
  throw SyntaxError("unterminated string literal: it starts here and the statement ends without its closing " + q,
                    pos, "close the string with " + q + "; a " + q + " inside it is written \\" + q);
}

// Brackets are where the grammar recurses, and ANTLR's prediction may look
// through all of them: counting them first bounds both before ANTLR sees the text.
// The same walk finds an unterminated string, name or comment.
void checkTokensAndNesting(std::string_view text, const std::vector<std::string>& lines,
                           const std::string& sourceName, int firstLine) {
  int depth = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t next = i + 1;
    if (std::size_t e = lexical::skippedEnd(text, i); e != i) {
      if (e == std::string_view::npos) failUnterminated(text, i, lines, sourceName, firstLine);
      next = e;
    } else if (text[i] == '\'' || text[i] == '"') {
      next = lexical::quotedEnd(text, i);
      if (next == std::string_view::npos) failUnterminated(text, i, lines, sourceName, firstLine);
    } else if (text[i] == '(' || text[i] == '[' || text[i] == '{') {
      if (++depth > kMaxBracketNesting)
        throw SyntaxError("brackets nested more than " + std::to_string(kMaxBracketNesting) + " deep",
                          posAt(text, i, lines, sourceName, firstLine),
                          "flatten the expression: WITH can name an intermediate value, UNWIND a nested list");
    } else if (text[i] == ')' || text[i] == ']' || text[i] == '}') {
      depth = std::max(0, depth - 1);
    }
    i = next;
  }
}

// Grammar rules that nest without brackets (CASE in CASE, ...) still recurse:
// each rule entered checks how much of the thread's stack the parse has used.
constexpr std::size_t kMaxTokensForFullContextRetry = 200;

// Asked once per thread: for the main thread glibc answers by reading
// /proc/self/maps, which costs about a millisecond in a process holding a large graph.
std::size_t threadStackSize() {
  thread_local const std::size_t size = [] {
    std::size_t s = 8u << 20;
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      pthread_attr_getstacksize(&attr, &s);
      pthread_attr_destroy(&attr);
    }
    return s;
  }();
  return size;
}

class GuardedParser : public kgqgen::KgqParser {
 public:
  GuardedParser(antlr4::TokenStream* tokens, const ThrowingErrorListener& listener)
      : KgqParser(tokens), listener_(listener) {
    char here;
    base_ = &here;
    // Half of what is left for the parse; the AST walks after it need far less.
    budget_ = threadStackSize() / 2;
  }

  void enterRule(antlr4::ParserRuleContext* ctx, size_t state, size_t rule) override {
    char here;
    if (static_cast<std::size_t>(base_ - &here) > budget_) {
      throw SyntaxError("the statement nests too deeply to parse", listener_.positionOf(getCurrentToken()),
                        "flatten the expression: WITH can name an intermediate value");
    }
    KgqParser::enterRule(ctx, state, rule);
  }

 private:
  const ThrowingErrorListener& listener_;
  const char* base_;
  std::size_t budget_;
};
}  // namespace

ast::Script parseScript(std::string_view text, const std::string& sourceName, int firstLine) {
  auto lines = splitLines(text);
  if (auto bad = invalidUtf8At(text)) {
    // ANTLR's input stream would throw std::range_error, which is no kgq Error.
    throw SyntaxError("invalid UTF-8 byte", posAt(text, *bad, lines, sourceName, firstLine), "save the text as UTF-8");
  }
  checkTokensAndNesting(text, lines, sourceName, firstLine);
  antlr4::ANTLRInputStream input(std::string{text});
  kgqgen::KgqLexer lexer(&input);
  ThrowingErrorListener listener(sourceName, lines, firstLine);
  lexer.removeErrorListeners();
  lexer.addErrorListener(&listener);
  antlr4::CommonTokenStream tokens(&lexer);
  GuardedParser parser(&tokens, listener);
  parser.removeErrorListeners();
  parser.addErrorListener(&listener);
  // Two stages, as ANTLR recommends: SLL prediction parses statements in linear
  // time (full LL took 4.5 s on a pattern predicate of 200 hops, 53 s on 570).
  auto* interpreter = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  interpreter->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  kgqgen::KgqParser::ScriptContext* tree = nullptr;
  try {
    tree = parser.script();
  } catch (const SyntaxError&) {
    // SLL rejects a valid statement only where the grammar needs full context;
    // no statement of the test suites does. LL's lookahead is superlinear on
    // long pattern chains (100 hops: 2 s), so only a short statement is retried.
    if (tokens.size() > kMaxTokensForFullContextRetry) throw;
    tokens.seek(0);
    parser.reset();
    interpreter->setPredictionMode(antlr4::atn::PredictionMode::LL);
    tree = parser.script();
  }
  Transformer transformer(input, sourceName, std::move(lines), firstLine);
  return transformer.transformScript(*tree);
}

std::vector<StatementSpan> splitStatements(std::string_view text) {
  constexpr auto npos = std::string_view::npos;
  std::vector<StatementSpan> spans;
  std::size_t start = npos;  // the current statement's first token
  std::size_t tokenEnd = 0;  // one past its last token so far (trailing comments are not part of it)
  lexical::Cursor at;        // where text[atOffset] is
  std::size_t atOffset = 0;
  auto flush = [&](bool terminated) {
    if (start == npos) return;
    at.advanceOver(text.substr(atOffset, start - atOffset));
    atOffset = start;
    StatementSpan span;
    span.text = std::string(text.substr(start, tokenEnd - start));
    span.line = at.line;
    span.column = at.column;
    span.terminated = terminated;
    spans.push_back(std::move(span));
    start = npos;
  };
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    std::size_t end = i + 1;
    bool token = true;
    // An unterminated string, comment or back-ticked name is a one-character
    // token here, reported by parseScript as unterminated; the text after it is
    // cut into statements as usual, so nothing after it is silently dropped.
    lexical::ByteClass k = lexical::classOf(text[i]);
    if (lexical::onlyInTokens(k)) {
      while (end < n && lexical::onlyInTokens(lexical::classOf(text[end]))) ++end;
    } else {
      switch (k) {
        case lexical::kBlank:
          token = false;
          break;
        case lexical::kSemicolon:
          flush(true);
          token = false;
          break;
        case lexical::kQuote:
          if (std::size_t q = lexical::quotedEnd(text, i); q != npos) end = q;
          break;
        case lexical::kSkipStart:
          if (std::size_t e = lexical::skippedEnd(text, i); e != i && e != npos) end = e, token = text[i] == '`';
          break;
        default:  // kHigh
          if (std::size_t w = lexical::whitespaceAt(text, i)) end = i + w, token = false;
          break;
      }
    }
    if (token) {
      if (start == npos) start = i;
      tokenEnd = end;
    }
    i = end;
  }
  flush(false);
  return spans;
}

ast::Script parseSpan(const StatementSpan& span, const std::string& sourceName, int firstLine) {
  // Padding the first line keeps every reported column equal to the original
  // one; lines are shifted through firstLine (padding them would cost a script
  // of n statements O(n^2)).
  std::string padded(static_cast<std::size_t>(span.column - 1), ' ');
  padded += span.text;
  return parseScript(padded, sourceName, firstLine + span.line - 1);
}

bool isPlainIdentifier(std::string_view name) {
  if (name.empty() || invalidUtf8At(name)) return false;
  antlr4::ANTLRInputStream input(std::string{name});
  kgqgen::KgqLexer lexer(&input);
  lexer.removeErrorListeners();
  auto token = lexer.nextToken();
  return token->getType() == kgqgen::KgqLexer::IDENTIFIER && token->getText() == name &&
         lexer.nextToken()->getType() == antlr4::Token::EOF;
}

void prepareParserThread() { threadStackSize(); }

int warmUpParser() {
  static const char* const kStatements[] = {
      "MATCH (s:A {name: 'x'}), (t {id: 2}) MATCH p = shortestPath((s)-[:T*..9]->(t)) RETURN p, length(p) AS hops",
      "MATCH (s {id: 1})-[r*1..3]-(t:B) RETURN count(DISTINCT t) AS n, count(*)",
      "MATCH (s:A)-[:T]->(t:B) WHERE s.x > t.x AND t.y <= 3 RETURN count(*) AS c",
      "MATCH (a:L {k: 'v'})-[r:T|U*..3]->(b) WHERE a.x >= 1 AND NOT b.y STARTS WITH 'z' OR b.z IS NULL "
      "RETURN a.name AS name, collect(DISTINCT b) AS bs ORDER BY name DESC SKIP 1 LIMIT 2",
      "OPTIONAL MATCH (n)<-[r]-(m) WITH n, [x IN range(1, 3) WHERE x % 2 = 0 | x * 2] AS l UNWIND l AS i "
      "RETURN i, CASE WHEN i IS NULL THEN 0 ELSE -i END AS c, {a: 1.5, b: [true, null]} AS m, n[$k]",
      "MATCH p = allShortestPaths((a)-[:T*]->(b)) RETURN nodes(p), relationships(p), size(p) > 1",
      "CREATE (a:L {k: 1})-[:T {since: 2015}]->(b:M {name: 'n'})",
      "EXPLAIN MATCH (n) RETURN n",
      "PATH FROM 'Person 1' TO 'Person 2'",
      "PATH TOP 3 FROM a TO b VIA T|U AVOID c MAX 4",
      "NEIGHBOURS OF 'x' DEPTH 2",
      "CONNECT a, 'b', c",
      // Every printable ASCII character inside both kinds of string, and every digit in
      // numbers: the lexer builds a DFA edge the first time a state meets a character,
      // and the ids, names and numbers of real statements are made of these.
      "RETURN 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 !\"#$%&()*+,-./:;<=>?@[]^_`{|}~\\'' "
      "AS s, \"abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 !#$%&'()*+,-./:;<=>?@[]^_`{|}~\\\"\" "
      "AS d, 1234567890 + 0.0123456789e9 AS n",
  };
  int failed = 0;
  for (const char* text : kStatements) {
    try {
      parseScript(text, "<warm-up>");
    } catch (const Error&) {
      ++failed;  // a statement the grammar no longer accepts only warms less
    }
  }
  return failed;
}

OpenInput scanOpenInput(std::string_view text) {
  OpenInput o;
  bool inLine = false;
  int line = 1;
  std::vector<int> bracketLines;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    char n = i + 1 < text.size() ? text[i + 1] : '\0';
    if (c == '\n') ++line;
    if (inLine) {
      if (c == '\n') inLine = false;
    } else if (o.blockComment) {
      if (c == '*' && n == '/') o.blockComment = false, ++i;
    } else if (o.quote) {
      if (c == '\\' && n != '\n') ++i;
      else if (c == o.quote) o.quote = 0;
    } else if (c == '/' && n == '/') {
      inLine = true;
    } else if (c == '/' && n == '*') {
      o.blockComment = true, o.openedOnLine = line, ++i;
    } else if (c == '\'' || c == '"' || c == '`') {
      o.quote = c, o.openedOnLine = line, o.any = true;
    } else if (c == '(' || c == '[' || c == '{') {
      o.brackets += c, bracketLines.push_back(line), o.any = true;
    } else if (c == ')' || c == ']' || c == '}') {
      // A stray closer is the parser's to report; it does not close an opener of another kind.
      char opener = c == ')' ? '(' : c == ']' ? '[' : '{';
      if (!o.brackets.empty() && o.brackets.back() == opener) o.brackets.pop_back(), bracketLines.pop_back();
      o.any = true;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      o.any = true;
    }
  }
  if (!o.quote && !o.blockComment && !bracketLines.empty()) o.openedOnLine = bracketLines.back();
  return o;
}

bool needsMoreInput(std::string_view text) {
  OpenInput o = scanOpenInput(text);
  return o.blockComment || o.quote || !o.any;
}

}  // namespace kgq
