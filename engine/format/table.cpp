#include "format/format.h"

namespace kgq {

namespace {
// Display width in characters (UTF-8 code points), which is what a terminal shows
// for the scripts the seed data uses.
std::size_t displayWidth(const std::string& s) {
  std::size_t w = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++w;
  return w;
}

std::string oneLine(std::string s) {
  for (auto& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

void pad(std::ostream& out, const std::string& s, std::size_t width) {
  out << s;
  for (std::size_t w = displayWidth(s); w < width; ++w) out << ' ';
}
}  // namespace

void printTable(const QueryResult& r, const Graph& g, std::ostream& out, const TableOptions& opts) {
  if (!r.plan.empty()) {
    out << r.plan;
    return;
  }
  if (!r.narrative.empty()) {
    for (const auto& line : r.narrative) out << line << "\n";
    for (const auto& note : r.notes) out << note << "\n";
    return;
  }
  if (!r.hasReturn) {
    std::string updates = describeUpdates(r.stats);
    out << (updates.empty() ? "(no changes, no rows)" : updates) << "\n";
    for (const auto& note : r.notes) out << note << "\n";
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
  auto printLine = [&](const std::vector<std::string>& line) {
    for (std::size_t j = 0; j < line.size(); ++j) {
      out << (j ? " | " : " ");
      if (j + 1 == line.size()) out << line[j];
      else pad(out, line[j], widths[j]);
    }
    out << "\n";
  };
  printLine(r.columns);
  for (std::size_t j = 0; j < widths.size(); ++j) out << (j ? "+" : "") << std::string(widths[j] + 2, '-');
  out << "\n";
  for (const auto& line : cells) printLine(line);
  if (shown < r.rows.size()) out << "... " << r.rows.size() - shown << " more rows\n";
  out << "(" << r.rows.size() << (r.rows.size() == 1 ? " row" : " rows");
  if (std::string updates = describeUpdates(r.stats); !updates.empty()) out << "; " << updates;
  out << ")\n";
  for (const auto& note : r.notes) out << note << "\n";
}

}  // namespace kgq
