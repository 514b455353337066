// Loading a property graph from CSV files in the neo4j-admin import format, so
// that real exports load unchanged.
//
// nodes.csv header: one `name:ID` or `:ID` column (optionally `:ID(Group)`; a
// named id is also stored as a property), any number of `:LABEL` columns
// (labels split by the array delimiter), `:IGNORE` columns, and property
// columns `name` or `name:type` with type int, long, short, byte, float,
// double, boolean, string or char, or an array `type[]`.
// edges.csv header: `:START_ID`, `:END_ID`, `:TYPE` (groups as on the :ID
// column), `:IGNORE` and property columns.
// An unquoted empty cell means "no property"; `""` is an empty string.
//
// Every bad input throws LoadError with the file (as given), the physical line
// and the 1-based column. A load builds a new Graph, so a failed load never
// touches a graph the caller already has.
#pragma once

#include <filesystem>

#include "graph/graph.h"

namespace kgq {

struct LoadOptions {
  enum class IdType { String, Integer } idType = IdType::String;  // like neo4j-admin --id-type
  char arrayDelimiter = ';';
};

// Loads DIR/nodes.csv and DIR/edges.csv (edges.csv may be absent => no
// relationships) into a new Graph, with the GraphMeta of DIR/kgq-meta.json when
// there is one (io/graph_meta_file.h), else the default one.
Graph loadCsvDirectory(const std::filesystem::path& dir, const LoadOptions& opts = {});

// The same for explicit files (and the default GraphMeta); an empty `edgesFile` means no relationships.
Graph loadCsvFiles(const std::filesystem::path& nodesFile, const std::filesystem::path& edgesFile,
                   const LoadOptions& opts = {});

}  // namespace kgq
