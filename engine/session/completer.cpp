#include "session/completer.h"

#include <algorithm>
#include <cctype>

#include "common/strings.h"
#include "functions/registry.h"

namespace kgq {

namespace {

// ---- a small lexer: just enough of the language to know where the cursor is ----

struct Token {
  enum Kind { Word, String, Number, Punct } kind;
  std::string text;
};

bool isWordByte(char c, bool first) {
  auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || c == '_' || std::isalpha(u) || (!first && std::isdigit(u));
}

// Skips a string literal or `identifier` starting at s[i]; returns the index after it.
std::size_t skipQuoted(std::string_view s, std::size_t i) {
  char quote = s[i++];
  while (i < s.size() && s[i] != quote) i += (s[i] == '\\' && quote != '`') ? 2 : 1;
  return std::min(i + 1, s.size());
}

// The tokens of the statement the cursor is in: everything after the last `;`.
std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (s.substr(i, 2) == "//") {
      i = std::min(s.find('\n', i), s.size());
    } else if (s.substr(i, 2) == "/*") {
      auto end = s.find("*/", i + 2);
      i = end == std::string_view::npos ? s.size() : end + 2;
    } else if (c == '\'' || c == '"' || c == '`') {
      std::size_t end = skipQuoted(s, i);
      out.push_back({c == '`' ? Token::Word : Token::String, std::string(s.substr(i, end - i))});
      i = end;
    } else if (isWordByte(c, true)) {
      std::size_t end = i + 1;
      while (end < s.size() && isWordByte(s[end], false)) ++end;
      out.push_back({Token::Word, std::string(s.substr(i, end - i))});
      i = end;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t end = i + 1;
      while (end < s.size() && std::isalnum(static_cast<unsigned char>(s[end]))) ++end;
      out.push_back({Token::Number, std::string(s.substr(i, end - i))});
      i = end;
    } else if (c == ';') {
      out.clear();
      ++i;
    } else {
      out.push_back({Token::Punct, std::string(1, c)});
      ++i;
    }
  }
  return out;
}

bool isKeyword(const Token& t, std::string_view kw) {
  return t.kind == Token::Word && toLowerAscii(t.text) == toLowerAscii(kw);
}

// The innermost bracket ( [ { still open at the end of the tokens, or 0.
char openBracket(const std::vector<Token>& tokens) {
  std::string stack;
  for (const auto& t : tokens) {
    if (t.kind != Token::Punct) continue;
    char c = t.text[0];
    if (c == '(' || c == '[' || c == '{') stack.push_back(c);
    else if (!stack.empty() && ((c == ')' && stack.back() == '(') || (c == ']' && stack.back() == '[') ||
                                (c == '}' && stack.back() == '{')))
      stack.pop_back();
  }
  return stack.empty() ? 0 : stack.back();
}

// ---- candidate lists ----

}  // namespace

bool startsWithFolded(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && toLowerAscii(s.substr(0, prefix.size())) == toLowerAscii(prefix);
}

namespace {

bool isPlainWord(std::string_view s) {
  if (s.empty() || !isWordByte(s[0], true)) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return isWordByte(c, false); });
}

const std::vector<std::string>& keywords() {
  // The grammar's keywords (grammar/Kgq.g4), with the two-word ones people type together.
  static const std::vector<std::string> words = {
      "MATCH", "OPTIONAL MATCH", "WHERE", "RETURN", "WITH", "UNWIND", "CREATE", "AS", "DISTINCT", "ORDER BY",
      "SKIP", "LIMIT", "ASC", "ASCENDING", "DESC", "DESCENDING", "OR", "XOR", "AND", "NOT", "IN", "IS NULL",
      "IS NOT NULL", "NULL", "TRUE", "FALSE", "STARTS WITH", "ENDS WITH", "CONTAINS", "CASE", "WHEN", "THEN",
      "ELSE", "END", "EXPLAIN", "PROFILE", "PATH", "ALL SHORTEST", "TOP", "FROM", "TO", "NEIGHBOURS OF", "NEIGHBORS OF",
      "CONNECT", "MAX", "DEPTH", "VIA", "LABELS", "AVOID", "DIRECTED", "OUTGOING", "INCOMING", "AS OF", "WITH LINKS",
      "EXPORT", "DOT", "SVG", "PNG", "GRAPHML", "CSV", "UNION", "UNION ALL", "CALL", "YIELD",
      "OPTIONAL CALL", "EXISTS", "COUNT", "COLLECT", "REDUCE", "ANY SHORTEST", "SHORTEST", "LOAD CSV",
      "LOAD CSV WITH HEADERS FROM", "FIELDTERMINATOR", "EXPORT GRAPH TO"};
  return words;
}

}  // namespace

std::vector<std::string> matching(const std::vector<std::string>& names, std::string_view word) {
  std::vector<std::string> out;
  for (const auto& n : names)
    if (startsWithFolded(n, word)) out.push_back(n);
  return out;
}

namespace {

void sortUnique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Label, type and key names: backquoted when they are not plain words, or when
// the person opened a backquote.
std::vector<std::string> schemaNames(const std::vector<std::string>& names, std::string_view word) {
  bool quoted = !word.empty() && word[0] == '`';
  std::string_view prefix = quoted ? word.substr(1) : word;
  std::vector<std::string> out;
  for (const auto& n : names) {
    if (!startsWithFolded(n, prefix)) continue;
    out.push_back(quoted || !isPlainWord(n) ? "`" + n + "`" : n);
  }
  return out;
}

// Labels and types that some element still carries (a rolled-back CREATE leaves names behind).
std::vector<std::string> usedLabels(const Graph& g, std::string_view word) {
  std::vector<std::string> used;
  for (std::uint32_t l = 0; l < g.labels().size(); ++l)
    if (!g.nodesWithLabel(l).empty()) used.push_back(g.labels().name(l));
  return schemaNames(used, word);
}

std::vector<std::string> usedTypes(const Graph& g, std::string_view word) {
  std::vector<std::string> used;
  for (std::uint32_t t = 0; t < g.types().size(); ++t)
    if (!g.relsWithType(t).empty()) used.push_back(g.types().name(t));
  return schemaNames(used, word);
}

std::string quoteEntity(std::string_view name, char quote) {
  std::string out(1, quote);
  for (char c : name) {
    if (c == quote || c == '\\') out += '\\';
    out += c;
  }
  return out + quote;
}

// The original spelling of the name or alias that the name index holds folded as `key`.
std::string spelling(const Graph& g, NodeId n, std::string_view key) {
  if (Value name = g.nodeValue(n, g.nameKey()); name.isString() && Graph::foldCase(name.asString()) == key)
    return name.asString();
  if (Value aliases = g.nodeValue(n, g.aliasesKey()); aliases.isList())
    for (const auto& a : aliases.asList())
      if (a.isString() && Graph::foldCase(a.asString()) == key) return a.asString();
  return std::string(key);
}

// Names and aliases starting with the partial word, ignoring case. When one of
// them must be quoted (spaces, punctuation, a leading digit) all are, so that
// readline can still extend their common prefix.
std::vector<std::string> entityNames(const Graph& g, std::string_view word) {
  char quote = !word.empty() && (word[0] == '\'' || word[0] == '"') ? word[0] : 0;
  std::string prefix = Graph::foldCase(quote ? word.substr(1) : word);
  std::vector<std::string> names;
  const auto& index = g.nameIndex();
  for (const auto& e : index.withPrefix(prefix)) names.push_back(spelling(g, e.node, e.name));
  sortUnique(names);
  bool mustQuote = quote || std::any_of(names.begin(), names.end(), [](const auto& n) { return !isPlainWord(n); });
  if (mustQuote)
    for (auto& n : names) n = quoteEntity(n, quote ? quote : '"');
  return names;
}

// ---- contexts ----

// The question keyword (PATH, NEIGHBOURS, CONNECT) or option keyword that the
// list being typed belongs to: `CONNECT a, b,` -> CONNECT, `VIA A|B|` -> VIA.
std::string listOwner(const std::vector<Token>& tokens) {
  for (auto it = tokens.rbegin(); it != tokens.rend(); ++it)
    if (it->kind == Token::Word)
      for (const char* kw : {"CONNECT", "AVOID", "VIA", "LABELS"})
        if (isKeyword(*it, kw)) return kw;
  return {};
}

std::optional<Completion> questionCompletion(const std::vector<Token>& tokens, std::string_view word,
                                             const Graph& g) {
  if (tokens.empty()) return std::nullopt;
  const Token& first = tokens.front();
  if (!isKeyword(first, "PATH") && !isKeyword(first, "NEIGHBOURS") && !isKeyword(first, "NEIGHBORS") &&
      !isKeyword(first, "CONNECT"))
    return std::nullopt;
  // After EXPORT only keywords and a file name follow (TO there is not PATH's TO).
  if (std::any_of(tokens.begin(), tokens.end(), [](const Token& t) { return isKeyword(t, "EXPORT"); }))
    return std::nullopt;
  const Token& last = tokens.back();
  bool afterOf = isKeyword(last, "OF") && tokens.size() >= 2 && !isKeyword(tokens[tokens.size() - 2], "AS");
  std::string owner = last.text == "," || last.text == "|" ? listOwner(tokens) : "";
  if (isKeyword(last, "FROM") || (isKeyword(last, "TO") && isKeyword(first, "PATH")) || afterOf ||
      isKeyword(last, "CONNECT") || isKeyword(last, "AVOID") ||
      (last.text == "," && (owner == "CONNECT" || owner == "AVOID")))
    return Completion{CompletionKind::Entity, entityNames(g, word)};
  if (isKeyword(last, "VIA") || (last.text == "|" && owner == "VIA"))
    return Completion{CompletionKind::RelType, usedTypes(g, word)};
  if (isKeyword(last, "LABELS") || (last.text == "|" && owner == "LABELS"))
    return Completion{CompletionKind::Label, usedLabels(g, word)};
  return std::nullopt;
}

// Whether the tokens end inside a label expression after an operator (`(n:A|`, `(n:(A|B)&!`,
// `[r:!`): the bracket of its element, '(' or '[', else 0. Names and operators alternate back to
// the `:`; two words in a row (`n:A AND (`) or a call (`count(`) end the expression. Outside a
// pattern (`WHERE n:A|`) it is a node's.
char labelExpressionBracket(const std::vector<Token>& tokens) {
  auto isOperator = [](const Token& t) {
    return t.kind == Token::Punct && (t.text == "|" || t.text == "&" || t.text == "!" || t.text == "(");
  };
  if (!isOperator(tokens.back())) return 0;
  const Token* after = nullptr;  // the token after tokens[i]
  for (std::size_t i = tokens.size(); i-- > 0; after = &tokens[i]) {
    const Token& t = tokens[i];
    if (t.kind == Token::Punct && t.text == ":") {
      char b = openBracket(std::vector<Token>(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(i)));
      return b == '{' ? 0 : b == '[' ? '[' : '(';
    }
    if (t.kind == Token::Word) {
      if (after && (after->kind == Token::Word || after->text == "(")) return 0;
      continue;
    }
    if (t.kind != Token::Punct || !(isOperator(t) || t.text == ")" || t.text == "%")) return 0;
  }
  return 0;
}

std::optional<Completion> patternCompletion(const std::vector<Token>& tokens, std::string_view word,
                                            const Graph& g) {
  if (tokens.empty()) return std::nullopt;
  if (char b = labelExpressionBracket(tokens))
    return b == '[' ? Completion{CompletionKind::RelType, usedTypes(g, word)}
                    : Completion{CompletionKind::Label, usedLabels(g, word)};
  const Token& last = tokens.back();
  char bracket = openBracket(tokens);
  if (last.text == ":" && last.kind == Token::Punct) {
    if (bracket == '[') return Completion{CompletionKind::RelType, usedTypes(g, word)};
    if (bracket == '{') return Completion{};  // a map entry's value comes next
    return Completion{CompletionKind::Label, usedLabels(g, word)};
  }
  if (last.text == "|" && bracket == '[') return Completion{CompletionKind::RelType, usedTypes(g, word)};
  bool afterVariable = tokens.size() >= 2 && tokens[tokens.size() - 2].kind == Token::Word;
  if ((last.text == "." && afterVariable) || (bracket == '{' && (last.text == "{" || last.text == ",")))
    return Completion{CompletionKind::PropertyKey, schemaNames(g.keys().names(), word)};
  return std::nullopt;
}

Completion keywordCompletion(std::string_view word) {
  Completion c{CompletionKind::Keyword, matching(keywords(), word)};
  if (!word.empty())  // functions only once a letter narrows them down: the bare list is long
    for (auto& f : matching(functionNames(), word)) c.candidates.push_back(std::move(f));
  return c;
}

}  // namespace

// Written like calls, but forms of the grammar rather than functions of the registry.
constexpr std::string_view kGrammarCalls[] = {"all", "any", "none", "single", "shortestPath", "allShortestPaths"};

const std::vector<std::string>& functionNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& f : functionRegistry()) out.emplace_back(f.name);
    out.insert(out.end(), std::begin(kGrammarCalls), std::end(kGrammarCalls));
    std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
      return toLowerAscii(a) < toLowerAscii(b);
    });
    return out;
  }();
  return names;
}

const char* kStatementWordBreaks = " \t\n\"'`(),[]{}:;=<>-|&.+*/%!$";

std::pair<std::string_view, std::string_view> splitPartialWord(std::string_view text) {
  std::size_t start = text.size();
  while (start > 0 && std::string_view(kStatementWordBreaks).find(text[start - 1]) == std::string_view::npos) --start;
  // An opened quote belongs to the word: completion inside it offers quoted entity names.
  if (start > 0 && (text[start - 1] == '\'' || text[start - 1] == '"' || text[start - 1] == '`')) {
    std::size_t quotes = 0;
    for (std::size_t i = 0; i + 1 < start; ++i)
      if (text[i] == text[start - 1]) ++quotes;
    if (quotes % 2 == 0) --start;
  }
  return {text.substr(0, start), text.substr(start)};
}

Completion completeStatement(std::string_view before, std::string_view word, const Graph& g) {
  Completion c = [&]() -> Completion {
    auto tokens = tokenize(before);
    auto question = questionCompletion(tokens, word, g);
    if (!word.empty() && (word[0] == '\'' || word[0] == '"')) {
      // Inside a string only entity names are completed.
      return question && question->kind == CompletionKind::Entity ? *question : Completion{};
    }
    if (question) return *question;
    if (auto p = patternCompletion(tokens, word, g)) return *p;
    if (!tokens.empty() && tokens.back().text == "$") return {};  // parameter names are not known here
    return keywordCompletion(word);
  }();
  sortUnique(c.candidates);
  return c;
}

const char* completionKindName(CompletionKind kind) {
  switch (kind) {
    case CompletionKind::None: return "none";
    case CompletionKind::MetaCommand: return "command";
    case CompletionKind::Argument: return "argument";
    case CompletionKind::FilePath: return "file";
    case CompletionKind::Keyword: return "keyword";
    case CompletionKind::Label: return "label";
    case CompletionKind::RelType: return "relationshipType";
    case CompletionKind::PropertyKey: return "propertyKey";
    case CompletionKind::Entity: return "entity";
  }
  return "none";
}

}  // namespace kgq
