// The file formats a subgraph can be exported to. Shared by the language (the
// EXPORT clause and :export) and the writers in io/, which sit on different
// sides of the layering.
#pragma once

namespace kgq {

// Svg and Png are pictures rendered from the DOT through Graphviz's library.
enum class ExportFormat { Dot, GraphML, Csv, Svg, Png };

}  // namespace kgq
