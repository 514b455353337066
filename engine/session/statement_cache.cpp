#include "session/statement_cache.h"

#include <algorithm>
#include <charconv>

#include "ast/clone.h"
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

TokenLayout TokenLayout::of(const StrippedStatement& s) {
  TokenLayout l;
  l.start = s.start;
  for (const auto& lit : s.literals) {
    l.literalPos.push_back(lit.pos);
    l.literalWidth.push_back(lit.width);
  }
  for (const auto& name : s.names) {
    l.namePos.push_back(name.pos);
    l.nameWidth.push_back(static_cast<int>(name.size));
  }
  return l;
}

std::vector<TokenLayout::Shift> TokenLayout::shifts(const StrippedStatement& now) const {
  std::vector<Shift> out;
  out.reserve(literalPos.size() + namePos.size());
  std::size_t i = 0, j = 0;
  while (i < literalPos.size() || j < namePos.size()) {
    bool lit = j == namePos.size() || (i < literalPos.size() && before(literalPos[i], namePos[j]));
    ast::Pos at = lit ? literalPos[i] : namePos[j];
    int delta = lit ? now.literals[i].width - literalWidth[i] : static_cast<int>(now.names[j].size) - nameWidth[j];
    lit ? ++i : ++j;
    if (!out.empty() && out.back().pos.line == at.line) delta += out.back().columns;
    out.push_back({at, delta});
  }
  return out;
}

ast::Pos TokenLayout::remap(ast::Pos pos, const StrippedStatement& now, const std::vector<Shift>& shifts) const {
  if (pos.line <= 0) return pos;
  ast::Pos out{pos.line - start.line + now.start.line, pos.column};
  if (pos.line == start.line) out.column += now.start.column - start.column;
  auto it = std::lower_bound(shifts.begin(), shifts.end(), pos,
                             [](const Shift& s, const ast::Pos& p) { return before(s.pos, p); });
  if (it != shifts.begin() && std::prev(it)->pos.line == pos.line) out.column += std::prev(it)->columns;
  return out;
}

// One position (an error's, a notification's on every cached run): summed without building shifts().
ast::Pos TokenLayout::remap(ast::Pos pos, const StrippedStatement& now) const {
  if (pos.line <= 0) return pos;
  ast::Pos out{pos.line - start.line + now.start.line, pos.column};
  if (pos.line == start.line) out.column += now.start.column - start.column;
  for (std::size_t i = 0; i < literalPos.size() && before(literalPos[i], pos); ++i)
    if (literalPos[i].line == pos.line) out.column += now.literals[i].width - literalWidth[i];
  for (std::size_t j = 0; j < namePos.size() && before(namePos[j], pos); ++j)
    if (namePos[j].line == pos.line) out.column += static_cast<int>(now.names[j].size) - nameWidth[j];
  return out;
}

namespace {
// `templ` with each `open` i `close` in it replaced by token(i) (a text, or empty when i is out of range).
template <typename Token>
std::string fillTemplate(std::string_view templ, char open, char close, Token token) {
  std::string out;
  std::size_t at = 0;
  for (std::size_t o = templ.find(open); o != std::string_view::npos; o = templ.find(open, at)) {
    std::size_t c = templ.find(close, o);
    if (c == std::string_view::npos) break;
    std::size_t i = std::string_view::npos;
    std::from_chars(templ.data() + o + 1, templ.data() + c, i);
    out.append(templ.substr(at, o - at));
    out.append(token(i));
    at = c + 1;
  }
  out.append(templ.substr(at));
  return out;
}
}  // namespace

std::string StatementCache::Entry::fill(std::string_view templ, const StrippedStatement& now, std::string_view text) {
  return fillTemplate(templ, kOpen, kClose, [&](std::size_t i) {
    return i < now.literals.size() ? text.substr(now.literals[i].offset, now.literals[i].size) : std::string_view();
  });
}

std::string StatementCache::keyOf(const Shape& shape, const StrippedStatement& stripped, std::string_view text,
                                  bool schemaNames) {
  std::string key;
  auto add = [&](std::size_t offset, std::size_t size) {
    key.append(text.substr(offset, size));
    key += kClose;
  };
  for (std::size_t i : shape.kept) add(stripped.literals[i].offset, stripped.literals[i].size);
  for (std::size_t j = 0; j < stripped.names.size(); ++j)
    if (schemaNames || j >= shape.schemaName.size() || !shape.schemaName[j])
      add(stripped.names[j].offset, stripped.names[j].size);
  return key;
}

bool StatementCache::plainIdentifier(std::string_view name) {
  auto it = plainIdentifiers_.find(std::string(name));
  if (it == plainIdentifiers_.end()) {
    if (plainIdentifiers_.size() > 4 * capacity_) plainIdentifiers_.clear();
    it = plainIdentifiers_.emplace(std::string(name), isPlainIdentifier(name)).first;
  }
  return it->second;
}

namespace {
// Names inside a source's texts: \x03 j \x04 is name j of the statement.
constexpr char kNameOpen = '\x03';
constexpr char kNameClose = '\x04';

// Copies the parsed query into a source: records which scanned names are schema names, and
// writes the lifted literals and the names inside texts as templates.
class SourceRewrite : public ast::CloneRewrite {
 public:
  SourceRewrite(const StrippedStatement& s, std::string_view text, const std::vector<bool>& lifted,
                const std::unordered_map<std::string_view, std::size_t>& liftedByRaw)
      : s_(s), text_(text), lifted_(lifted), liftedByRaw_(liftedByRaw), schema(s.names.size(), false) {
    lexical::Cursor at{s.start.line, s.start.column};
    for (std::size_t i = 0; i < text.size(); at.advance(text[i]), ++i)
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) charAt_.push_back({{at.line, at.column}, i});
  }

  void name(ast::SchemaName& n) const override {
    auto it = std::lower_bound(s_.names.begin(), s_.names.end(), n.pos,
                               [](const ScannedName& s, const ast::Pos& p) { return before(s.pos, p); });
    if (it == s_.names.end() || !samePos(it->pos, n.pos)) return;
    auto j = static_cast<std::size_t>(it - s_.names.begin());
    if (n == text_.substr(it->offset, it->size)) schema[j] = true;
    else usable = false;  // a name the parser made other than as written: parse such statements
  }
  void expr(ast::Expr& e) const override { place(e.text, offsetOf(e.pos)); }
  void text(std::string& t) const override { place(t, std::string_view::npos); }

  // A text found in the statement (once, or once around `near`) has its tokens written as templates by
  // where they are; another (cut short, or written twice) only its literals, by their text, as Entry's texts.
  void place(std::string& t, std::size_t near) const {
    constexpr auto npos = std::string_view::npos;
    // Only occurrences that hold `near` are looked at, and a second one is enough to give up:
    // a statement of thousands of expressions (a long list) is placed in time linear in its texts.
    std::size_t at = npos, found = 0;
    if (!t.empty()) {
      std::size_t i = near == npos ? text_.find(t) : text_.find(t, near + 1 > t.size() ? near + 1 - t.size() : 0);
      for (; i != npos && found < 2 && (near == npos || i <= near); i = text_.find(t, i + 1)) at = i, ++found;
    }
    if (found == 1) {
      std::string out;
      std::size_t from = at, end = at + t.size();
      auto byOffset = [](const auto& token, std::size_t offset) { return token.offset < offset; };
      auto li = static_cast<std::size_t>(
          std::lower_bound(s_.literals.begin(), s_.literals.end(), from, byOffset) - s_.literals.begin());
      auto ni = static_cast<std::size_t>(
          std::lower_bound(s_.names.begin(), s_.names.end(), from, byOffset) - s_.names.begin());
      while (true) {
        while (li < s_.literals.size() && (s_.literals[li].offset < from || !lifted_[li])) ++li;
        while (ni < s_.names.size() && s_.names[ni].offset < from) ++ni;
        bool lit = li < s_.literals.size() && s_.literals[li].offset + s_.literals[li].size <= end;
        bool nam = ni < s_.names.size() && s_.names[ni].offset + s_.names[ni].size <= end;
        if (lit && nam) (s_.literals[li].offset < s_.names[ni].offset ? nam : lit) = false;
        if (!lit && !nam) break;
        std::size_t off = lit ? s_.literals[li].offset : s_.names[ni].offset;
        out.append(text_.substr(from, off - from));
        out += lit ? kOpen : kNameOpen;
        out += std::to_string(lit ? li : ni);
        out += lit ? kClose : kNameClose;
        from = off + (lit ? s_.literals[li].size : s_.names[ni].size);
      }
      out.append(text_.substr(from, end - from));
      t = std::move(out);
      return;
    }
    if (!liftedByRaw_.empty()) t = templateOf(t, liftedByRaw_);
    unplaced.push_back(t);
  }

  // Where position `p` is in the statement, or npos.
  std::size_t offsetOf(ast::Pos p) const {
    auto it = std::lower_bound(charAt_.begin(), charAt_.end(), p,
                               [](const auto& c, const ast::Pos& q) { return before(c.first, q); });
    return it != charAt_.end() && samePos(it->first, p) ? it->second : std::string_view::npos;
  }

  const StrippedStatement& s_;
  std::string_view text_;
  std::vector<std::pair<ast::Pos, std::size_t>> charAt_;  // each character's position and offset
  const std::vector<bool>& lifted_;
  const std::unordered_map<std::string_view, std::size_t>& liftedByRaw_;
  mutable std::vector<bool> schema;
  mutable std::vector<std::string> unplaced;  // texts whose names could not be placed
  mutable bool usable = true;
};

// Makes a statement from a source: its literals and names in place of the source's, at its positions.
class DeriveRewrite : public ast::CloneRewrite {
 public:
  DeriveRewrite(const TokenLayout& layout, const std::vector<std::pair<ast::Pos, StatementCache::Lifted>>& sites,
                const StrippedStatement& now, std::string_view text)
      : layout_(layout), shifts_(layout.shifts(now)), sites_(sites), now_(now), text_(text) {}

  ast::Pos pos(ast::Pos p) const override { return layout_.remap(p, now_, shifts_); }
  void name(ast::SchemaName& n) const override {
    auto it = std::lower_bound(layout_.namePos.begin(), layout_.namePos.end(), n.pos, before);
    if (it == layout_.namePos.end() || !samePos(*it, n.pos)) return;
    const auto& name = now_.names[static_cast<std::size_t>(it - layout_.namePos.begin())];
    n.assign(text_.substr(name.offset, name.size));
  }
  void expr(ast::Expr& e) const override {
    if (e.kind == ast::ExprKind::Literal) {
      auto it = std::lower_bound(sites_.begin(), sites_.end(), e.pos,
                                 [](const auto& site, const ast::Pos& p) { return before(site.first, p); });
      if (it != sites_.end() && samePos(it->first, e.pos)) {
        const Value& v = now_.literals[it->second.literal].value;
        e.literal = it->second.negate ? negated(v) : v;
      }
    }
    text(e.text);
  }
  void text(std::string& t) const override {
    if (t.find(kOpen) != std::string::npos) t = StatementCache::Entry::fill(t, now_, text_);
    if (t.find(kNameOpen) != std::string::npos)
      t = fillTemplate(t, kNameOpen, kNameClose, [&](std::size_t j) {
        return j < now_.names.size() ? text_.substr(now_.names[j].offset, now_.names[j].size) : std::string_view();
      });
  }

 private:
  const TokenLayout& layout_;
  std::vector<TokenLayout::Shift> shifts_;
  const std::vector<std::pair<ast::Pos, StatementCache::Lifted>>& sites_;  // by position
  const StrippedStatement& now_;
  std::string_view text_;
};
}  // namespace

void StatementCache::keepSource(Shape& shape, const StrippedStatement& stripped, std::string_view text,
                                const ast::Query& parsed, const std::vector<Lifted>& lifted,
                                const std::vector<std::pair<ast::Pos, Lifted>>& sites) {
  std::unordered_map<std::string_view, std::size_t> liftedByRaw;
  std::vector<bool> isLifted(stripped.literals.size(), false);
  for (const auto& l : lifted) {
    const auto& lit = stripped.literals[l.literal];
    liftedByRaw.emplace(text.substr(lit.offset, lit.size), l.literal);
    isLifted[l.literal] = true;
  }
  SourceRewrite rewrite(stripped, text, isLifted, liftedByRaw);
  auto source = std::make_unique<Source>();
  source->query = ast::cloneQuery(parsed, rewrite);
  if (shape.schemaName.empty()) shape.schemaName = rewrite.schema;
  bool usable = rewrite.usable && shape.schemaName == rewrite.schema &&
                std::find(rewrite.schema.begin(), rewrite.schema.end(), true) != rewrite.schema.end();
  // An identifier that is a keyword parses otherwise, and a name in a text that could not be
  // placed in the statement could not be written into it: such statements are parsed.
  for (std::size_t j = 0; usable && j < stripped.names.size(); ++j) {
    if (!rewrite.schema[j]) continue;
    std::string_view name = text.substr(stripped.names[j].offset, stripped.names[j].size);
    usable = plainIdentifier(name) && std::none_of(rewrite.unplaced.begin(), rewrite.unplaced.end(),
                                                   [&](const std::string& t) { return t.find(name) != std::string::npos; });
  }
  source->layout = TokenLayout::of(stripped);
  source->literalSites = sites;
  std::stable_sort(source->literalSites.begin(), source->literalSites.end(),
                   [](const auto& a, const auto& b) { return before(a.first, b.first); });
  // An unusable source is kept empty, so that statements of its key are not copied again.
  shape.sources[keyOf(shape, stripped, text, false)] = usable ? std::move(source) : nullptr;
}

bool StatementCache::wantsParsed(const StrippedStatement& stripped, std::string_view text) const {
  if (stripped.names.empty() || text.size() > kLargestCached) return false;
  auto shape = shapes_.find(stripped.key);
  if (shape == shapes_.end() || shape->second.schemaName.empty()) return true;
  return !shape->second.sources.count(keyOf(shape->second, stripped, text, false));
}

std::optional<ast::Query> StatementCache::derive(const StrippedStatement& stripped, std::string_view text) {
  auto shape = shapes_.find(stripped.key);
  if (shape == shapes_.end() || shape->second.schemaName.size() != stripped.names.size()) return std::nullopt;
  auto it = shape->second.sources.find(keyOf(shape->second, stripped, text, false));
  if (it == shape->second.sources.end() || !it->second) return std::nullopt;
  for (std::size_t j = 0; j < stripped.names.size(); ++j)
    if (shape->second.schemaName[j] && !plainIdentifier(text.substr(stripped.names[j].offset, stripped.names[j].size)))
      return std::nullopt;
  const Source& source = *it->second;
  ++derived_;
  return ast::cloneQuery(source.query, DeriveRewrite(source.layout, source.literalSites, stripped, text));
}

StatementCache::Entry* StatementCache::find(const StrippedStatement& stripped, std::string_view text) {
  auto shape = shapes_.find(stripped.key);
  if (shape == shapes_.end()) return nullptr;
  auto it = shape->second.entries.find(keyOf(shape->second, stripped, text, true));
  if (it == shape->second.entries.end()) return nullptr;
  ++hits_;
  return it->second.get();
}

void StatementCache::insert(const StrippedStatement& stripped, std::string_view text,
                            const std::vector<ast::Pos>& fixed, ast::Statement bound,
                            std::optional<ast::ExportSpec> exportSpec, std::size_t schemaStamp,
                            const ast::Query* parsed) {
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
  std::vector<std::pair<ast::Pos, Lifted>> liftedSites;  // for a source

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
      if (int s = slot[site.literal]; s >= 0) {
        liftedAt.emplace(site.expr, s);
        liftedSites.emplace_back(site.expr->pos, entry->lifted[static_cast<std::size_t>(s)]);
      }
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

  entry->layout = TokenLayout::of(stripped);
  std::vector<Lifted> liftedLiterals = entry->lifted;
  bool isQuery = std::holds_alternative<ast::Query>(entry->statement) && !entry->exportSpec;
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < n; ++i)
    if (!lifted[i]) kept.push_back(i);
  if (size_ >= capacity_) clear();  // a script of ever-new shapes must not grow without bound
  auto [shape, fresh] = shapes_.try_emplace(stripped.key);
  if (fresh) shape->second.kept = kept;
  else if (shape->second.kept != kept) return;  // cannot happen for one key; trust neither if it does
  auto& slotFor = shape->second.entries[keyOf(shape->second, stripped, text, true)];
  if (!slotFor) ++size_;
  slotFor = std::move(entry);
  if (parsed && isQuery && !stripped.names.empty())
    keepSource(shape->second, stripped, text, *parsed, liftedLiterals, liftedSites);
}

}  // namespace kgq
