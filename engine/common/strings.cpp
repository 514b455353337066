#include "common/strings.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <vector>

#include "common/utf8.h"

namespace kgq {

namespace {
// Optimal string alignment distance: Levenshtein plus adjacent transpositions (`nmae` -> `name` is one edit).
std::size_t transposingDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

double plainSimilarity(std::string_view a, std::string_view b) {
  std::size_t longer = std::max(a.size(), b.size());
  if (longer == 0) return 1.0;
  return 1.0 - static_cast<double>(transposingDistance(a, b)) / static_cast<double>(longer);
}

// Words of a folded name: runs of letters, digits and UTF-8 bytes (`_` and blanks separate).
std::vector<std::string_view> nameWords(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    bool inWord = i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || (s[i] & 0x80));
    if (inWord) continue;
    if (i > start) out.push_back(s.substr(start, i - start));
    start = i + 1;
  }
  return out;
}
}  // namespace

namespace {
// Like plainSimilarity, but a prefix of at least three characters is a name being typed in part (`Pers`).
double wholeOrPrefix(std::string_view a, std::string_view b) {
  double score = plainSimilarity(a, b);
  if (a.size() >= 3 && a.size() < b.size() && b.starts_with(a))
    score = std::max(score, 0.8 + 0.2 * static_cast<double>(a.size()) / static_cast<double>(b.size()));
  return score;
}
}  // namespace

namespace {
// Connectives inside multi-word names ("Respect for each other's ..."): short and everywhere, so any
// short typo (`Foo`) is one edit from one of them. A word of a name counts only when it names.
bool connective(std::string_view w) {
  static constexpr std::string_view kWords[] = {"a",  "an", "and", "as", "at", "by", "for", "from",
                                                "in", "of", "on",  "or", "the", "to", "with"};
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}
}  // namespace

double nameSimilarity(std::string_view typed, std::string_view candidate) {
  std::string a = toLowerAscii(typed), b = toLowerAscii(candidate);
  double score = wholeOrPrefix(a, b);
  auto words = nameWords(b);
  if (words.size() > 1 && a.size() >= 3)
    for (auto w : words)
      if (!connective(w)) score = std::max(score, 0.9 * wholeOrPrefix(a, w));
  return score;
}

std::vector<std::size_t> rankSuggestions(std::string_view typed, const std::vector<std::string_view>& candidates,
                                         std::size_t max) {
  std::vector<std::pair<double, std::size_t>> scored;
  for (std::size_t i = 0; i < candidates.size(); ++i)
    if (double s = nameSimilarity(typed, candidates[i]); s >= kSuggestThreshold && candidates[i] != typed)
      scored.emplace_back(s, i);
  std::stable_sort(scored.begin(), scored.end(), [&](const auto& x, const auto& y) {
    if (x.first != y.first) return x.first > y.first;
    return candidates[x.second].size() < candidates[y.second].size();
  });
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < scored.size() && out.size() < max; ++i) out.push_back(scored[i].second);
  return out;
}

std::vector<std::string> closestNames(std::string_view typed, const std::vector<std::string>& candidates,
                                      std::size_t max) {
  std::vector<std::string_view> views(candidates.begin(), candidates.end());
  std::vector<std::string> out;
  for (auto i : rankSuggestions(typed, views, max)) out.push_back(candidates[i]);
  return out;
}

void lowerAsciiInPlace(std::string& s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

std::string toLowerAscii(std::string_view s) {
  std::string out(s);
  lowerAsciiInPlace(out);
  return out;
}

std::optional<std::size_t> invalidUtf8At(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    // Statements are mostly ASCII: eight bytes at a time while none has its high bit set.
    std::uint64_t word;
    if (i + sizeof word <= s.size() && (std::memcpy(&word, s.data() + i, sizeof word), !(word & 0x8080808080808080u))) {
      i += sizeof word;
      continue;
    }
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = utf8SequenceLength(s.substr(i));
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

}  // namespace kgq
