#include "session/statement_cache.h"

#include <algorithm>
#include <charconv>

#include "ast/walk.h"
#include "binder/bound_expr.h"
#include "parser/lexical.h"

namespace kgq {

namespace {
constexpr char kOpen = '\x01';
constexpr char kClose = '\x02';
// Lifted parameters are named "\xff<slot>": statement text is UTF-8, in which
// the byte 0xff never occurs, so no `$name` of a statement can be one of them.
constexpr std::string_view kLiftedPrefix = "\xff";
constexpr std::size_t kLargestCached = 64 * 1024;

bool before(const ast::Pos& a, const ast::Pos& b) {
  return a.line != b.line ? a.line < b.line : a.column < b.column;
}
bool samePos(const ast::Pos& a, const ast::Pos& b) { return a.line == b.line && a.column == b.column; }

// The literal scanned at `pos`, or npos (literals are scanned in text order).
std::size_t literalAt(const StrippedStatement& s, const ast::Pos& pos) {
  auto it = std::lower_bound(s.literals.begin(), s.literals.end(), pos,
                             [](const ScannedLiteral& l, const ast::Pos& p) { return before(l.pos, p); });
  if (it == s.literals.end() || !samePos(it->pos, pos)) return std::string_view::npos;
  return static_cast<std::size_t>(it - s.literals.begin());
}

Value negated(const Value& v) { return v.isInt() ? Value(-v.asInt()) : Value(-v.asFloat()); }

bool sameLiteral(const Value& a, const Value& b) { return a.type() == b.type() && a == b; }

// The literal that the number literal `e` folded in with the minus signs before
// it (the parser turns `- 1` into one literal -1 at the sign), or npos.
std::size_t foldedLiteral(const ast::Expr& e, const StrippedStatement& s, std::string_view text, bool& negate) {
  lexical::Cursor at{s.start.line, s.start.column};
  std::size_t i = 0;
  for (; i < text.size() && (at.line < e.pos.line || (at.line == e.pos.line && at.column < e.pos.column)); ++i)
    at.advance(text[i]);
  negate = false;
  while (i < text.size()) {
    if (text[i] == '-') {
      negate = !negate;
      ++i;
    } else if (std::size_t blank = lexical::whitespaceAt(text, i)) {
      i += blank;
    } else if (std::size_t end = lexical::skippedEnd(text, i); end != i && end != std::string_view::npos) {
      i = end;
    } else {
      break;
    }
  }
  for (std::size_t k = 0; k < s.literals.size(); ++k)
    if (s.literals[k].offset == i) {
      const Value& v = s.literals[k].value;
      if (!v.isString() && sameLiteral(negate ? negated(v) : v, e.literal)) return k;
      break;
    }
  return std::string_view::npos;
}

bool isLiftable(const ast::Expr& e) {
  return e.kind == ast::ExprKind::Literal && (e.literal.isString() || e.literal.isInt() || e.literal.isFloat());
}

// `text` with each lifted literal written as \x01 i \x02, i its first same literal
// in the statement (texts are cut from the statement, so they scan alike).
std::string templateOf(const std::string& text, const std::unordered_map<std::string_view, std::size_t>& liftedByRaw) {
  if (text.find_first_of("'\"0123456789") == std::string::npos) return text;
  StrippedStatement s = stripLiterals(StatementSpan{text, 1, 1, false});
  if (!s.cacheable) return text;
  std::string out;
  std::size_t at = 0;
  for (const auto& lit : s.literals) {
    auto it = liftedByRaw.find(std::string_view(text).substr(lit.offset, lit.size));
    if (it == liftedByRaw.end()) continue;
    out.append(text, at, lit.offset - at);
    out += kOpen;
    out += std::to_string(it->second);
    out += kClose;
    at = lit.offset + lit.size;
  }
  if (at == 0) return text;
  out.append(text, at, std::string::npos);
  return out;
}
}  // namespace

std::vector<Value> StatementCache::Entry::liftedValues(const StrippedStatement& now) const {
  std::vector<Value> values;
  values.reserve(lifted.size());
  for (const auto& l : lifted) {
    const Value& v = now.literals[l.literal].value;
    values.push_back(l.negate ? negated(v) : v);
  }
  return values;
}

ast::Question StatementCache::Entry::question(const StrippedStatement& now) const {
  ast::Question q = std::get<ast::Question>(statement);
  q.pos = remap(q.pos, now);
  std::size_t k = 0;
  for (auto* refs : {&q.entities, &q.avoid})
    for (auto& ref : *refs) {
      std::size_t lit = entityLiteral[k++];
      if (lit != std::string_view::npos) ref.text = now.literals[lit].value.asString();
      ref.pos = remap(ref.pos, now);
    }
  return q;
}

ast::Pos StatementCache::Entry::remap(ast::Pos pos, const StrippedStatement& now) const {
  if (pos.line <= 0) return pos;
  ast::Pos out{pos.line - start.line + now.start.line, pos.column};
  if (pos.line == start.line) out.column += now.start.column - start.column;
  for (std::size_t i = 0; i < literalPos.size() && !before(pos, literalPos[i]); ++i)
    if (literalPos[i].line == pos.line && literalPos[i].column < pos.column)
      out.column += now.literals[i].width - literalWidth[i];
  return out;
}

std::string StatementCache::Entry::fill(std::string_view templ, const StrippedStatement& now, std::string_view text) {
  std::string out;
  std::size_t at = 0;
  for (std::size_t open = templ.find(kOpen); open != std::string_view::npos; open = templ.find(kOpen, at)) {
    std::size_t close = templ.find(kClose, open);
    if (close == std::string_view::npos) break;
    std::size_t i = now.literals.size();
    std::from_chars(templ.data() + open + 1, templ.data() + close, i);
    out.append(templ.substr(at, open - at));
    if (i < now.literals.size()) out.append(text.substr(now.literals[i].offset, now.literals[i].size));
    at = close + 1;
  }
  out.append(templ.substr(at));
  return out;
}

std::string StatementCache::keptKey(const Shape& shape, const StrippedStatement& stripped, std::string_view text) {
  std::string key;
  for (std::size_t i : shape.kept) {
    const auto& lit = stripped.literals[i];
    key.append(text.substr(lit.offset, lit.size));
    key += kClose;
  }
  return key;
}

StatementCache::Entry* StatementCache::find(const StrippedStatement& stripped, std::string_view text) {
  auto shape = shapes_.find(stripped.key);
  if (shape == shapes_.end()) return nullptr;
  auto it = shape->second.entries.find(keptKey(shape->second, stripped, text));
  if (it == shape->second.entries.end()) return nullptr;
  ++hits_;
  return it->second.get();
}

void StatementCache::insert(const StrippedStatement& stripped, std::string_view text,
                            const std::vector<ast::Pos>& fixed, ast::Statement bound,
                            std::optional<ast::ExportSpec> exportSpec, std::size_t schemaStamp) {
  // The bound is on entries; a script of huge statements (a bulk CREATE each)
  // would still hold a great deal, and gains nothing: none repeats.
  if (!stripped.cacheable || text.size() > kLargestCached) return;
  auto entry = std::make_unique<Entry>();
  entry->statement = std::move(bound);
  entry->exportSpec = std::move(exportSpec);
  entry->schemaStamp = schemaStamp;
  const std::size_t none = std::string_view::npos;
  std::size_t n = stripped.literals.size();
  std::vector<bool> lifted(n, false);

  if (auto* query = std::get_if<ast::Query>(&entry->statement)) {
    // Every expression literal that is a scanned literal as written (or folded
    // with its signs); a literal also held where its value is fixed is not lifted.
    struct Site {
      ast::Expr* expr;
      std::size_t literal;
    };
    std::vector<Site> sites;
    std::vector<bool> pinned(n, false);
    std::vector<signed char> negate(n, -1);
    bool mixed = false;
    ast::forEachExpr(*query, [&](ast::Expr& e) {
      if (!isLiftable(e)) return;
      bool neg = false;
      std::size_t i = literalAt(stripped, e.pos);
      if (i != none && !sameLiteral(stripped.literals[i].value, e.literal)) i = none;
      if (i == none && !e.literal.isString()) i = foldedLiteral(e, stripped, text, neg);
      if (i == none) return;
      if (std::any_of(fixed.begin(), fixed.end(), [&](const ast::Pos& p) { return samePos(p, e.pos); }))
        pinned[i] = true;
      if (negate[i] >= 0 && negate[i] != neg) mixed = true;
      negate[i] = neg;
      sites.push_back({&e, i});
    });
    if (mixed) return;
    std::vector<int> slot(n, -1);
    for (std::size_t i = 0; i < n; ++i)
      if (negate[i] >= 0 && !pinned[i]) {
        lifted[i] = true;
        slot[i] = static_cast<int>(entry->lifted.size());
        entry->lifted.push_back({i, negate[i] == 1});
      }
    // The syntax tree stays as parsed; the bound trees (which the plan and the operators read) take
    // the parameters, found by the syntax node each literal was bound from.
    std::unordered_map<const ast::Expr*, int> liftedAt;
    for (const auto& site : sites)
      if (int s = slot[site.literal]; s >= 0) liftedAt.emplace(site.expr, s);
    if (!liftedAt.empty())
      ast::forEachRootExpr(*query, [&](ast::Expr& root) {
        if (!root.bound) return;
        bound::forEachMutableNode(*root.bound, [&](bound::Expr& b) {
          if (b.kind != bound::ExprKind::Literal || !b.syntax) return;
          auto it = liftedAt.find(b.syntax);
          if (it == liftedAt.end()) return;
          b.kind = bound::ExprKind::Parameter;
          b.literal = Value();
          b.slot = it->second;
          b.parameter = std::string(kLiftedPrefix) + std::to_string(it->second);
        });
      });
    std::unordered_map<std::string_view, std::size_t> liftedByRaw;
    for (std::size_t i = 0; i < n; ++i)
      if (lifted[i]) liftedByRaw.emplace(text.substr(stripped.literals[i].offset, stripped.literals[i].size), i);
    if (!liftedByRaw.empty()) ast::forEachExpr(*query, [&](ast::Expr& e) { e.text = templateOf(e.text, liftedByRaw); });
    ast::forEachExpr(static_cast<const ast::Query&>(*query), [&](const ast::Expr& e) {
      if (e.kind == ast::ExprKind::Parameter) entry->userParameters.push_back(&e);
    });
  } else {
    auto& q = std::get<ast::Question>(entry->statement);
    for (const auto* refs : {&q.entities, &q.avoid})
      for (const auto& ref : *refs) {
        std::size_t i = literalAt(stripped, ref.pos);
        if (i != none && !(stripped.literals[i].value.isString() && stripped.literals[i].value.asString() == ref.text))
          i = none;
        if (i != none) lifted[i] = true;
        entry->entityLiteral.push_back(i);
      }
  }

  entry->start = stripped.start;
  for (const auto& lit : stripped.literals) {
    entry->literalPos.push_back(lit.pos);
    entry->literalWidth.push_back(lit.width);
  }
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < n; ++i)
    if (!lifted[i]) kept.push_back(i);
  if (size_ >= capacity_) clear();  // a script of ever-new shapes must not grow without bound
  auto [shape, fresh] = shapes_.try_emplace(stripped.key);
  if (fresh) shape->second.kept = kept;
  else if (shape->second.kept != kept) return;  // cannot happen for one key; trust neither if it does
  auto& slotFor = shape->second.entries[keptKey(shape->second, stripped, text)];
  if (!slotFor) ++size_;
  slotFor = std::move(entry);
}

}  // namespace kgq
