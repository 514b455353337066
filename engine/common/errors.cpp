#include "common/errors.h"

namespace kgq {

namespace {
std::string whereText(const SourcePos& p) {
  std::string s = p.source;
  if (p.line > 0) {
    if (!s.empty()) s += ':';
    s += std::to_string(p.line);
    if (p.column > 0) s += ':' + std::to_string(p.column);
  }
  return s;
}
}  // namespace

Error::Error(std::string kind, std::string message, SourcePos pos, std::string hint)
    : std::runtime_error(message),
      kind_(std::move(kind)),
      message_(std::move(message)),
      pos_(std::move(pos)),
      hint_(std::move(hint)) {}

std::string renderDiagnostic(std::string_view kind, std::string_view message, const SourcePos& pos,
                             std::string_view hint) {
  std::string out = std::string(kind) + ": ";
  std::string where = whereText(pos);
  if (!where.empty()) out += where + ": ";
  out += message;
  if (!pos.lineText.empty()) {
    out += "\n  " + pos.lineText + "\n  ";
    // Columns count characters; keep tabs so the caret lines up under them.
    int col = 1;
    for (std::size_t i = 0; i < pos.lineText.size() && col < pos.column; ++i) {
      unsigned char c = static_cast<unsigned char>(pos.lineText[i]);
      if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
      out += c == '\t' ? '\t' : ' ';
      ++col;
    }
    out += '^';
  }
  if (!hint.empty()) out += "\nhint: " + std::string(hint);
  return out;
}

std::string Error::render() const { return renderDiagnostic(kind_, message_, pos_, hint_); }

}  // namespace kgq
