// The REPL's history file is saved through a temporary file and a rename (issue #16, crash-safe files).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "common/errors.h"
#include "history_file.h"
#include "line_editor.h"

namespace fs = std::filesystem;
using namespace kgq;

namespace {
fs::path tempDir() {
  std::random_device rd;
  auto dir = fs::temp_directory_path() / ("kgq_history_" + std::to_string(rd()));
  fs::create_directories(dir);
  return dir;
}
std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
void writeAll(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }
unsigned modeOf(const fs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 07777;
}
}  // namespace

TEST(HistoryFile, AppendsUnderATimestampAndKeepsTheLastEntries) {
  EXPECT_EQ(appendHistoryEntry("", "#1", "RETURN 1;", 10), "#1\nRETURN 1;\n");
  std::string two = appendHistoryEntry("#1\nMATCH (n)\nRETURN n;\n", "#2", "RETURN 2;", 10);
  EXPECT_EQ(two, "#1\nMATCH (n)\nRETURN n;\n#2\nRETURN 2;\n");
  // A multi-line entry is one entry: keeping 1 drops all of the first.
  EXPECT_EQ(appendHistoryEntry("#1\nMATCH (n)\nRETURN n;\n", "#2", "RETURN 2;", 1), "#2\nRETURN 2;\n");
  // A file without timestamps (written by an older kgq or by hand): one entry a line.
  EXPECT_EQ(appendHistoryEntry("a\nb\nc", "#9", "d", 2), "c\n#9\nd\n");
}

// Written in place, the hard link would see the new entry too: a rename leaves the old inode as it was.
TEST(HistoryFile, RemembersThroughATemporaryFileAndARename) {
  auto dir = tempDir();
  auto file = dir / "history";
  writeAll(file, "#1\nRETURN 'old';\n");
  fs::permissions(file, fs::perms(0640));
  fs::create_hard_link(file, dir / "old-inode");
  {
    LineEditor editor(file.string());
    editor.remember("RETURN 'new';");
  }
  EXPECT_EQ(readAll(dir / "old-inode"), "#1\nRETURN 'old';\n");
  std::string now = readAll(file);
  EXPECT_EQ(now.rfind("#1\nRETURN 'old';\n#", 0), 0u) << now;
  EXPECT_NE(now.find("\nRETURN 'new';\n"), std::string::npos) << now;
  EXPECT_EQ(modeOf(file), 0640u);
  std::size_t others = 0;
  for (auto& e : fs::directory_iterator(dir)) others += e.path().filename() != "history" && e.path().filename() != "old-inode";
  EXPECT_EQ(others, 0u) << "a temporary file was left";
  fs::remove_all(dir);
}

TEST(HistoryFile, ANewFileIsPrivateAndALinkStaysALink) {
  auto dir = tempDir();
  saveHistoryEntry((dir / "new").string(), "#5", "RETURN 5;", 10);
  EXPECT_EQ(modeOf(dir / "new"), 0600u);
  EXPECT_EQ(readAll(dir / "new"), "#5\nRETURN 5;\n");
  fs::create_symlink("new", dir / "link");
  saveHistoryEntry((dir / "link").string(), "#6", "RETURN 6;", 10);
  EXPECT_TRUE(fs::is_symlink(dir / "link"));
  EXPECT_EQ(readAll(dir / "new"), "#5\nRETURN 5;\n#6\nRETURN 6;\n");
  // /dev/null is written through (not replaced by a regular file).
  saveHistoryEntry("/dev/null", "#7", "RETURN 7;", 10);
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  // A directory cannot hold the history: an error, not a crash.
  EXPECT_THROW(saveHistoryEntry(dir.string(), "#8", "RETURN 8;", 10), ExportError);
  fs::remove_all(dir);
}
