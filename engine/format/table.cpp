#include <algorithm>
#include <cstdio>
#include <numeric>

#include "format/format.h"

namespace kgq {

namespace {
constexpr const char* kEllipsis = "…";
constexpr std::size_t kMinColumn = 4;  // narrower than this is unreadable: let the terminal wrap instead

// Display width in characters (UTF-8 code points), which is what a terminal shows
// for the scripts the seed data uses.
std::size_t displayWidth(const std::string& s) {
  std::size_t w = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++w;
  return w;
}

// Bytes taken by the first `width` characters of `s`.
std::size_t prefixBytes(const std::string& s, std::size_t width) {
  std::size_t chars = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (chars == width) break;
    ++chars;
  }
  return i;
}

std::string oneLine(std::string s) {
  for (auto& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

std::string rtrim(std::string s) {
  s.erase(s.find_last_not_of(' ') + 1);
  return s;
}

// `s` in lines of at most `width` characters, broken after a blank where one
// fits; at most `maxLines` lines, the last ending in "…" when text was left over.
std::vector<std::string> wrapCell(std::string s, std::size_t width, std::size_t maxLines) {
  std::vector<std::string> lines;
  while (displayWidth(s) > width) {
    if (lines.size() + 1 >= maxLines) {
      lines.push_back(rtrim(s.substr(0, prefixBytes(s, width - 1))) + kEllipsis);
      return lines;
    }
    std::size_t cut = prefixBytes(s, width);
    std::size_t blank = s.rfind(' ', cut);
    if (blank == std::string::npos || blank == 0) blank = cut;
    lines.push_back(rtrim(s.substr(0, blank)));
    s.erase(0, blank == cut && s[cut] != ' ' ? cut : blank + 1);
  }
  lines.push_back(std::move(s));
  return lines;
}

// Column widths that fit `maxWidth` (0 = any): columns no wider than a fair share
// of the room keep their width; the wider ones share what is left equally.
std::vector<std::size_t> fitWidths(const std::vector<std::size_t>& natural, std::size_t maxWidth) {
  if (natural.empty()) return natural;
  // The rule under the header is the widest line: each column plus a blank on
  // both sides, joined by "+".
  std::size_t chrome = 2 + 3 * (natural.size() - 1);
  std::size_t total = chrome + std::accumulate(natural.begin(), natural.end(), std::size_t{0});
  if (maxWidth == 0 || total <= maxWidth) return natural;
  std::size_t room = maxWidth > chrome ? maxWidth - chrome : 0;
  std::vector<std::size_t> widths(natural.size(), 0), open(natural.size());
  std::iota(open.begin(), open.end(), std::size_t{0});
  while (!open.empty()) {
    std::size_t share = room / open.size();
    auto narrow = std::stable_partition(open.begin(), open.end(), [&](std::size_t j) { return natural[j] <= share; });
    if (narrow == open.begin()) {  // all remaining columns are wider than their share
      std::size_t extra = room % open.size();
      for (std::size_t j : open) widths[j] = share + (extra > 0 ? (--extra, 1) : 0);
      break;
    }
    for (auto it = open.begin(); it != narrow; ++it) widths[*it] = natural[*it], room -= natural[*it];
    open.erase(open.begin(), narrow);
  }
  for (std::size_t j = 0; j < widths.size(); ++j) widths[j] = std::max(widths[j], std::min(natural[j], kMinColumn));
  return widths;
}

class TablePrinter {
 public:
  TablePrinter(std::ostream& out, const TableOptions& opts) : out_(out), opts_(opts) {}

  void setWidths(std::vector<std::size_t> widths) { widths_ = std::move(widths); }

  // One logical row: several physical lines when a cell wraps.
  void printRow(const std::vector<std::string>& cells, bool header) {
    std::vector<std::vector<std::string>> parts;
    std::size_t height = 1;
    for (std::size_t j = 0; j < cells.size(); ++j) {
      parts.push_back(wrapCell(cells[j], widths_[j], header ? 1 : std::max<std::size_t>(opts_.maxCellLines, 1)));
      height = std::max(height, parts.back().size());
    }
    for (std::size_t k = 0; k < height; ++k) {
      std::string line;
      for (std::size_t j = 0; j < cells.size(); ++j) {
        line += j ? " | " : " ";
        std::string text = k < parts[j].size() ? parts[j][k] : "";
        std::size_t fill = j + 1 == cells.size() ? 0 : widths_[j] - std::min(widths_[j], displayWidth(text));
        line += header && opts_.color ? "\x1b[1m" + text + "\x1b[0m" : text;
        line.append(fill, ' ');
      }
      out_ << (k ? rtrim(line) : line) << "\n";  // continuation lines: no trailing blanks
    }
  }

  void printRule() {
    for (std::size_t j = 0; j < widths_.size(); ++j) out_ << (j ? "+" : "") << std::string(widths_[j] + 2, '-');
    out_ << "\n";
  }

 private:
  std::ostream& out_;
  const TableOptions& opts_;
  std::vector<std::size_t> widths_;
};

void printFooter(const QueryResult& r, std::size_t shown, const TableOptions& opts, std::ostream& out) {
  if (std::size_t more = r.rows.size() - shown; more > 0)
    out << kEllipsis << " " << more << (more == 1 ? " more row" : " more rows") << "\n";
  out << "(" << r.rows.size() << (r.rows.size() == 1 ? " row" : " rows");
  if (opts.elapsedMs) out << ", " << formatMs(*opts.elapsedMs);
  if (std::string updates = describeUpdates(r.stats); !updates.empty()) out << "; " << updates;
  out << ")\n";
  for (const auto& note : r.notes) out << note << "\n";
}

void printWithoutGrid(const QueryResult& r, const TableOptions& opts, std::ostream& out) {
  std::string time = opts.elapsedMs ? formatMs(*opts.elapsedMs) : "";
  if (!r.narrative.empty()) {
    for (const auto& line : r.narrative) out << line << "\n";
    if (!time.empty()) out << "(" << time << ")\n";
  } else {
    std::string updates = describeUpdates(r.stats);
    out << (updates.empty() ? "(no changes, no rows" + (time.empty() ? "" : ", " + time) + ")"
                            : updates + (time.empty() ? "" : " (" + time + ")"))
        << "\n";
  }
  for (const auto& note : r.notes) out << note << "\n";
}
}  // namespace

std::string formatMs(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, ms >= 100 ? "%.0f ms" : ms >= 1 ? "%.1f ms" : "%.2f ms", ms);
  return buf;
}

void printTable(const QueryResult& r, const Graph& g, std::ostream& out, const TableOptions& opts) {
  if (r.profiled) {
    QueryResult rows = r;
    rows.plan.clear();
    rows.profiled = false;
    printTable(rows, g, out, opts);
    out << r.plan;
    return;
  }
  if (!r.plan.empty()) {
    out << r.plan;
    return;
  }
  if (!r.narrative.empty() || !r.hasReturn) {
    printWithoutGrid(r, opts, out);
    return;
  }
  std::size_t shown = opts.maxRows && opts.maxRows < r.rows.size() ? opts.maxRows : r.rows.size();
  std::vector<std::vector<std::string>> cells;
  std::vector<std::size_t> widths;
  for (const auto& c : r.columns) widths.push_back(displayWidth(c));
  for (std::size_t i = 0; i < shown; ++i) {
    std::vector<std::string> line;
    for (std::size_t j = 0; j < r.rows[i].size(); ++j) {
      line.push_back(oneLine(renderCell(r.rows[i][j], g)));
      widths[j] = std::max(widths[j], displayWidth(line.back()));
    }
    cells.push_back(std::move(line));
  }
  TablePrinter printer(out, opts);
  printer.setWidths(fitWidths(widths, opts.maxWidth));
  printer.printRow(r.columns, true);
  printer.printRule();
  for (const auto& line : cells) printer.printRow(line, false);
  printFooter(r, shown, opts, out);
}

}  // namespace kgq
