#include "io/render.h"

#include <gvc.h>

#include <memory>
#include <mutex>

#include <spdlog/spdlog.h>

#include "common/errors.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define KGQ_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/lsan_interface.h>
#define KGQ_LSAN 1
#endif
#endif

namespace kgq {

namespace {

// Graphviz keeps global state (its error hook, the pango plugin's cache of the last font name,
// which points into the context's font table): one context for the process, used by one caller
// at a time. A context per picture is not an option: Graphviz 2.42's pango plugin then reads the
// freed font name of the previous context (a use-after-free ASan reports on the second picture).
std::mutex renderMutex;
std::string graphvizMessages;

int collectMessage(char* message) {
  graphvizMessages += message;
  return 0;
}

struct ContextDeleter {
  void operator()(GVC_t* gvc) const { gvFreeContext(gvc); }
};

GVC_t* context() {
  static std::unique_ptr<GVC_t, ContextDeleter> gvc = [] {
#ifdef KGQ_LSAN
    // gvContext() reads the plugin configuration into a buffer that it never frees (Graphviz
    // 2.42); it happens once per process here, so it is not a leak worth reporting.
    __lsan_disable();
#endif
    GVC_t* made = gvContext();
#ifdef KGQ_LSAN
    __lsan_enable();
#endif
    return std::unique_ptr<GVC_t, ContextDeleter>(made);
  }();
  return gvc.get();
}

// What Graphviz said, on one line, without its "Error: " and "Warning: " prefixes.
std::string takeMessages() {
  std::string out;
  for (char c : graphvizMessages) out += c == '\n' ? ' ' : c;
  graphvizMessages.clear();
  while (!out.empty() && out.back() == ' ') out.pop_back();
  for (const char* prefix : {"Error: ", "Warning: "})
    for (auto at = out.find(prefix); at != std::string::npos; at = out.find(prefix)) out.erase(at, std::string(prefix).size());
  return out;
}

struct GraphCloser {
  void operator()(Agraph_t* g) const { agclose(g); }
};

}  // namespace

std::string renderDot(const std::string& dot, PictureFormat format) {
  const char* name = format == PictureFormat::Svg ? "svg" : "png";
  std::lock_guard<std::mutex> lock(renderMutex);
  GVC_t* gvc = context();
  if (!gvc) throw ExportError("Graphviz could not start", {}, "reinstall Graphviz (Debian: libgvc6)");
  graphvizMessages.clear();
  agseterrf(collectMessage);
  agseterr(AGWARN);
  agreseterrors();
  std::unique_ptr<Agraph_t, GraphCloser> g(agmemread(dot.c_str()));
  if (!g || agerrors() > 0)
    throw ExportError("Graphviz could not read the picture: " + takeMessages(), {},
                      "this is a bug in kgq's DOT output; EXPORT DOT TO 'f.dot' writes the DOT to report");
  if (gvLayout(gvc, g.get(), "dot") != 0)
    throw ExportError("Graphviz could not lay out the picture: " + takeMessages(), {},
                      "check that Graphviz's layout plugins are installed (Debian: libgvc6, `dot -c` registers them)");
  char* data = nullptr;
  unsigned int length = 0;
  int rendered = gvRenderData(gvc, g.get(), name, &data, &length);
  std::string out;
  if (rendered == 0 && data) out.assign(data, length);
  if (data) gvFreeRenderData(data);
  gvFreeLayout(gvc, g.get());
  if (rendered != 0 || out.empty())
    throw ExportError(std::string("Graphviz could not render ") + (format == PictureFormat::Svg ? "SVG" : "PNG") +
                          ": " + takeMessages(),
                      {},
                      "Graphviz's renderer plugins may be missing (Debian: libgvc6; `dot -c` registers them); "
                      "EXPORT DOT TO 'f.dot' writes the picture without them");
  if (auto warnings = takeMessages(); !warnings.empty()) spdlog::debug("graphviz: {}", warnings);
  return out;
}

}  // namespace kgq
