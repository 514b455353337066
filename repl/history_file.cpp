#include "history_file.h"

#include <sys/stat.h>

#include <cctype>
#include <fstream>
#include <sstream>
#include <vector>

#include "io/atomic_file.h"

namespace kgq {

namespace {
bool isTimestamp(const std::string& text, std::size_t at, std::size_t end) {
  if (at + 1 >= end || text[at] != '#') return false;
  for (std::size_t i = at + 1; i < end; ++i)
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  return true;
}
}  // namespace

std::string appendHistoryEntry(const std::string& existing, const std::string& timestamp,
                               const std::string& entry, std::size_t keep) {
  std::string text = existing;
  if (!text.empty() && text.back() != '\n') text += '\n';
  text += timestamp + "\n" + entry + "\n";
  // Where each entry starts: a timestamp line, or any line before the first timestamp.
  std::vector<std::size_t> starts;
  bool timestamped = false;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    if (isTimestamp(text, at, end)) {
      timestamped = true;
      starts.push_back(at);
    } else if (!timestamped) {
      starts.push_back(at);
    }
    at = end + 1;
  }
  if (starts.size() <= keep) return text;
  return text.substr(starts[starts.size() - keep]);
}

void saveHistoryEntry(const std::string& path, const std::string& timestamp, const std::string& entry,
                      std::size_t keep) {
  std::string existing;
  // Only a regular file is read back (stat follows a link): reading a FIFO would wait for a writer.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    existing = ss.str();
  }
  writeFileAtomically(path, appendHistoryEntry(existing, timestamp, entry, keep), 0600);
}

}  // namespace kgq
