// Result formatting: table (for people), CSV and JSON (for programs), plus the
// Cypher-literal rendering of single values used by all three and by tests.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "result/query_result.h"
#include "graph/graph.h"

namespace kgq {

enum class OutputFormat { Table, Csv, Json };

std::optional<OutputFormat> parseOutputFormat(std::string_view name);

// Cypher literal notation: 'text', 1.0, [1, 2], {k: v}, (:Label {name: 'x'}),
// [:TYPE {since: 1994}], (a)-[:T]->(b) for paths, null.
std::string renderValue(const Value& v, const Graph& g);

// Like renderValue, but a top-level string is shown without quotes.
std::string renderCell(const Value& v, const Graph& g);

struct TableOptions {
  std::size_t maxRows = 0;   // 0 = all; the rest is summarised as "… N more rows"
  // Terminal columns to fit (0 = no limit: piped output is never cut). Wide
  // columns shrink; their cells wrap onto up to maxCellLines lines, then end in "…".
  std::size_t maxWidth = 0;
  std::size_t maxCellLines = 1;
  bool color = false;                // bold column headers (ANSI)
  std::optional<double> elapsedMs;   // shown with the row count: "(3 rows, 1.2 ms)"
};

// "0.42 ms", "12.3 ms", "1520 ms": short, with about three significant digits.
std::string formatMs(double ms);

void printTable(const QueryResult& r, const Graph& g, std::ostream& out, const TableOptions& opts = {});
void printCsv(const QueryResult& r, const Graph& g, std::ostream& out);
// One JSON object per statement on one line: {"columns": [...], "rows": [[...]]}, and
// "notifications": [{"code", "message", "line", "column", "hint"}] when there are any.
void printJson(const QueryResult& r, const Graph& g, std::ostream& out);

void printResult(const QueryResult& r, const Graph& g, OutputFormat f, std::ostream& out);

// "Created 2 nodes, 1 relationship, set 3 properties" or empty when nothing changed.
std::string describeUpdates(const UpdateStats& s);

}  // namespace kgq
