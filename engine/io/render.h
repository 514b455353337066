// Pictures: DOT laid out by Graphviz's `dot` engine and rendered in memory through its library
// (libgvc), so that EXPORT SVG|PNG and the REPL's :show need no Graphviz program on the PATH.
#pragma once

#include <string>

namespace kgq {

enum class PictureFormat { Svg, Png };

// The rendered bytes (SVG text or PNG data). Whatever Graphviz reports (a DOT it cannot read, a
// renderer missing from its plugins) becomes an ExportError with a hint; nothing is written.
std::string renderDot(const std::string& dot, PictureFormat format);

}  // namespace kgq
