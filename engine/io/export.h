// Exporting a subgraph as DOT (Graphviz), GraphML or neo4j-admin CSV, and
// loading GraphML. Every file is written atomically (see atomic_file.h).
//
// Round trips: a CSV export is a directory with nodes.csv, edges.csv and
// kgq-meta.json that loadCsvDirectory reads back into an identical graph; a
// GraphML export (with FILE.kgq-meta.json beside it) reads back with loadGraphml. Properties whose values mix types across elements are
// written as strings (neo4j-admin headers give one type per column).
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include "common/errors.h"
#include "common/export_format.h"
#include "io/csv_loader.h"
#include "io/subgraph.h"

namespace kgq {

// `elementIds`: each node and edge also carries id="kgq-n<node id>" / "kgq-r<relationship id>", which
// Graphviz's SVG keeps as the id of its <g>: kgq serve's page finds what was clicked by it. Off for
// files, so that a DOT export reads the same whatever the graph's internal ids are.
struct DotOptions {
  bool elementIds = false;
};
void writeDot(const Graph& g, const Subgraph& s, std::ostream& out, DotOptions opts = {});
void writeGraphml(const Graph& g, const Subgraph& s, std::ostream& out);
// Writes DIR/nodes.csv, DIR/edges.csv and DIR/kgq-meta.json (creating DIR when missing).
void writeCsvDirectory(const Graph& g, const Subgraph& s, const std::filesystem::path& dir);

// The same, replacing DIR as a whole (io/csv_directory.cpp): on any failure DIR
// is left exactly as it was; files in DIR other than the graph's are kept.
void writeCsvDirectoryAtomically(const Graph& g, const Subgraph& s, const std::filesystem::path& dir);

// The whole graph (not a result) into DIR by writeCsvDirectoryAtomically: what both :save DIR and
// EXPORT GRAPH TO 'DIR' do. Returns the one-line summary they show.
std::string saveGraph(const Graph& g, const std::filesystem::path& dir);

// Writes `s` in `format` to `path`; returns a one-line summary for the user.
std::string exportSubgraph(const Graph& g, const Subgraph& s, ExportFormat format, const std::string& path);

// Reads a GraphML file (as written by writeGraphml, by Neo4j's APOC export, or by
// Boost/networkx: keys with attr.name/attr.type, node labels in a "labels"
// attribute like ":A:B", the relationship type in "label" or "type"), with the
// GraphMeta of FILE.kgq-meta.json when there is one.
Graph loadGraphml(const std::filesystem::path& file);

// A directory is a CSV graph, a *.graphml / *.xml file a GraphML graph.
Graph loadGraph(const std::filesystem::path& path, const LoadOptions& opts = {});

}  // namespace kgq
