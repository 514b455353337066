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

std::string Error::render() const {
  std::string out = kind_ + ": ";
  std::string where = whereText(pos_);
  if (!where.empty()) out += where + ": ";
  out += message_;
  if (!pos_.lineText.empty()) {
    out += "\n  " + pos_.lineText + "\n  ";
    // Columns count characters; keep tabs so the caret lines up under them.
    int col = 1;
    for (std::size_t i = 0; i < pos_.lineText.size() && col < pos_.column; ++i) {
      unsigned char c = static_cast<unsigned char>(pos_.lineText[i]);
      if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
      out += c == '\t' ? '\t' : ' ';
      ++col;
    }
    out += '^';
  }
  if (!hint_.empty()) out += "\nhint: " + hint_;
  return out;
}

}  // namespace kgq
