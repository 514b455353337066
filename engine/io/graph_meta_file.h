// kgq-meta.json: a graph's GraphMeta (graph/meta.h) as a file beside its data,
// so that what keys and types mean is data, not code. A CSV directory holds it
// as DIR/kgq-meta.json, a GraphML file FILE as FILE.kgq-meta.json; the loaders read
// it when present and the exporters write it. Format: docs/graph-metadata.md.
//
// Not named meta.json: that name is common for other tools' files next to CSV
// data (the benchmark generator writes one), and a file read without being
// asked for must not be mistaken.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "graph/meta.h"

namespace kgq {

inline constexpr const char* kGraphMetaFile = "kgq-meta.json";

// The meta file of a graph at `graphPath` (a CSV directory or a GraphML file).
std::filesystem::path graphMetaPath(const std::filesystem::path& graphPath);

// The file's GraphMeta (fields it leaves out keep their defaults); nullopt when
// there is no file. A malformed file is a LoadError at its line and column.
std::optional<GraphMeta> readGraphMeta(const std::filesystem::path& file);
GraphMeta parseGraphMeta(const std::string& text, const std::string& fileName);

std::string graphMetaJson(const GraphMeta& meta);
void writeGraphMeta(const GraphMeta& meta, const std::filesystem::path& file);

}  // namespace kgq
