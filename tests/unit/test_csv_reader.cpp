#include "io/csv_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "common/errors.h"

namespace kgq {
namespace {

namespace fs = std::filesystem;

// A file holding `content`, removed again at the end of the test.
class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("kgq_csv_reader_" + std::to_string(rd()) + std::to_string(rd()) + ".csv");
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct Record {
  int line;
  std::vector<std::string> fields;
  std::vector<bool> quoted;
  bool operator==(const Record&) const = default;
};

std::vector<Record> readAll(const fs::path& file, std::size_t blockSize = 1 << 20) {
  CsvReader r(file, CsvReaderOptions{blockSize, std::size_t{1} << 20});
  std::vector<Record> out;
  while (r.next()) {
    Record rec{r.line(), {}, {}};
    for (const auto& f : r.fields()) {
      rec.fields.emplace_back(f.text);
      rec.quoted.push_back(f.quoted);
    }
    out.push_back(std::move(rec));
  }
  return out;
}

std::vector<std::vector<std::string>> fieldsOf(const std::vector<Record>& records) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : records) out.push_back(r.fields);
  return out;
}

LoadError readError(const std::string& content, std::size_t blockSize = 1 << 20) {
  TempFile f(content);
  try {
    readAll(f.path(), blockSize);
  } catch (const LoadError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a LoadError";
  return LoadError("none");
}

TEST(CsvReader, SplitsPlainFields) {
  TempFile f("a,b,c\n1,,3\n");
  auto records = readAll(f.path());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"1", "", "3"}));
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[1].line, 2);
}

TEST(CsvReader, LastRecordWithoutNewlineAndTrailingEmptyField) {
  TempFile f("a,b,\nx,y");
  EXPECT_EQ(fieldsOf(readAll(f.path())),
            (std::vector<std::vector<std::string>>{{"a", "b", ""}, {"x", "y"}}));
}

TEST(CsvReader, QuotedFieldsHoldCommasQuotesAndNewlines) {
  TempFile f("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"\"\nnext,row\n");
  auto records = readAll(f.path());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a,b", "say \"hi\"", "two\nlines", ""}));
  EXPECT_EQ(records[0].quoted, (std::vector<bool>{true, true, true, true}));
  EXPECT_EQ(records[1].line, 3);  // the physical line, after the embedded newline
}

TEST(CsvReader, QuoteInsideUnquotedFieldIsLiteral) {
  TempFile f("5'11\",x\n");
  EXPECT_EQ(fieldsOf(readAll(f.path())), (std::vector<std::vector<std::string>>{{"5'11\"", "x"}}));
}

TEST(CsvReader, CrlfLineEndings) {
  TempFile f("a,\"b\"\r\n\"c\r\nd\",e\r\nlast,\"q\"\r");
  auto records = readAll(f.path());
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"c\r\nd", "e"}));
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"last", "q"}));
  EXPECT_EQ(records[2].line, 4);
}

TEST(CsvReader, StripsByteOrderMarkAndSkipsBlankLines) {
  TempFile f("\xEF\xBB\xBFid,name\n\n\r\nx,y\n\n");
  auto records = readAll(f.path());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields[0], "id");
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(records[1].line, 4);
}

TEST(CsvReader, EmptyFileHasNoRecords) {
  TempFile empty("");
  EXPECT_TRUE(readAll(empty.path()).empty());
  TempFile bomOnly("\xEF\xBB\xBF");
  EXPECT_TRUE(readAll(bomOnly.path(), 1).empty());
}

// Records span block refills at every possible position; the result must not
// depend on the block size.
TEST(CsvReader, BlockSizeDoesNotChangeTheResult) {
  std::string content =
      "\xEF\xBB\xBFh1,h2,h3\r\n"
      "plain,\"quoted, with comma\",\"doubled \"\"\"\" quotes\"\r\n"
      "\"multi\nline\nfield\",,\"\"\n"
      "\n"
      "x,y,\"end\"";
  TempFile f(content);
  auto expected = readAll(f.path());
  ASSERT_EQ(expected.size(), 4u);
  EXPECT_EQ(expected[1].fields[2], "doubled \"\" quotes");
  EXPECT_EQ(expected[2].fields, (std::vector<std::string>{"multi\nline\nfield", "", ""}));
  EXPECT_EQ(expected[2].line, 3);
  EXPECT_EQ(expected[3].line, 7);
  for (std::size_t block = 1; block <= content.size() + 1; ++block)
    EXPECT_EQ(readAll(f.path(), block), expected) << "block size " << block;
}

TEST(CsvReader, UnterminatedQuoteNamesTheLineWhereItStarted) {
  auto e = readError("a,b\nx,\"never\nclosed\n");
  EXPECT_EQ(e.pos().line, 2);
  EXPECT_EQ(e.pos().column, 2);
  EXPECT_NE(e.message().find("unterminated quoted field starting on line 2"), std::string::npos) << e.message();
  auto small = readError("a,b\nx,\"never\nclosed\n", 2);
  EXPECT_EQ(small.pos().line, 2);
  EXPECT_EQ(small.pos().column, 2);
}

TEST(CsvReader, TextAfterClosingQuoteIsAnError) {
  auto e = readError("a,b\n\"x\ny\"z,b\n");
  EXPECT_EQ(e.pos().line, 3);
  EXPECT_EQ(e.pos().column, 1);
  EXPECT_NE(e.message().find("unexpected 'z' after a closing quote"), std::string::npos) << e.message();
}

// Issue #16: a file in another encoding loaded without complaint.
TEST(CsvReader, InvalidUtf8IsAnErrorAtItsLineAndField) {
  auto e = readError("id:ID,name\n1,\xFF\xFE\n");
  EXPECT_EQ(e.pos().line, 2);
  EXPECT_EQ(e.pos().column, 2);
  EXPECT_EQ(e.message(), "invalid UTF-8 (byte 0xFF) at the start of the field");
  EXPECT_NE(e.hint().find("iconv -f latin1 -t utf-8"), std::string::npos) << e.hint();
  auto header = readError("id:ID,na\xE9me\n1,a\n");
  EXPECT_EQ(header.pos().line, 1);
  EXPECT_EQ(header.pos().column, 2);
  EXPECT_EQ(header.message(), "invalid UTF-8 (byte 0xE9) after 'na'");
  // In a quoted field, on the physical line of the byte, with the text before it on that line.
  auto quoted = readError("a,b\nx,\"ok\nCaf\xE9 au lait\"\n");
  EXPECT_EQ(quoted.pos().line, 3);
  EXPECT_EQ(quoted.pos().column, 2);
  EXPECT_EQ(quoted.message(), "invalid UTF-8 (byte 0xE9) after 'Caf'");
  // Not well-formed although every byte is non-ASCII or the sequence looks complete: overlong,
  // a surrogate, above U+10FFFF, a lead byte cut by a separator, the line end or the end of the file.
  for (const char* bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xC3,x", "\xE2\x82\n",
                          "\xC3", "\x80"}) {
    auto b = readError(std::string("h\n") + bad);
    EXPECT_EQ(b.pos().line, 2) << bad;
    EXPECT_NE(b.message().find("invalid UTF-8"), std::string::npos) << b.message();
  }
}

TEST(CsvReader, Utf8CharactersAcrossBlockBoundaries) {
  std::string content = "na\xC3\xA9me,\xE2\x82\xAC\n\"\xF0\x9F\x98\x80\",x\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80y\n";
  TempFile f(content);
  auto expected = readAll(f.path());
  ASSERT_EQ(expected.size(), 2u);
  EXPECT_EQ(expected[1].fields, (std::vector<std::string>{"\xF0\x9F\x98\x80", "x\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80y"}));
  for (std::size_t block = 1; block <= content.size() + 1; ++block)
    EXPECT_EQ(readAll(f.path(), block), expected) << "block size " << block;
  std::string bad = "h1,h2\nabc,d\xE2\x82\nlast\n";
  for (std::size_t block = 1; block <= bad.size() + 1; ++block) {
    auto e = readError(bad, block);
    EXPECT_EQ(e.pos().line, 2) << "block size " << block;
    EXPECT_EQ(e.pos().column, 2) << "block size " << block;
    EXPECT_EQ(e.message(), "invalid UTF-8 (byte 0xE2) after 'd'") << "block size " << block;
  }
}

// Issue #16: a file with CR-only line endings (classic Mac OS) loaded as one record.
TEST(CsvReader, LoneCarriageReturnEndsALine) {
  std::string content = "id,name\r1,a\r\"q\rr\",b\r\r2,\"c\"\r3,d";
  TempFile f(content);
  auto records = readAll(f.path());
  ASSERT_EQ(records.size(), 5u);
  EXPECT_EQ(fieldsOf(records), (std::vector<std::vector<std::string>>{
                                   {"id", "name"}, {"1", "a"}, {"q\rr", "b"}, {"2", "c"}, {"3", "d"}}));
  std::vector<int> lines;
  for (const auto& r : records) lines.push_back(r.line);
  EXPECT_EQ(lines, (std::vector<int>{1, 2, 3, 6, 7}));  // the quoted CR is a line of its own, then a blank one
  for (std::size_t block = 1; block <= content.size() + 1; ++block)
    EXPECT_EQ(readAll(f.path(), block), records) << "block size " << block;
  // Errors name the same line whichever line ends the file uses.
  for (const char* end : {"\n", "\r\n", "\r"}) {
    std::string text = std::string("a,b") + end + "x,y" + end + "\"p" + end + "q\"z,w" + end;
    auto e = readError(text);
    EXPECT_EQ(e.pos().line, 4) << "line end " << (end[0] == '\r' ? end[1] ? "CRLF" : "CR" : "LF");
    EXPECT_NE(e.message().find("unexpected 'z' after a closing quote"), std::string::npos) << e.message();
  }
}

TEST(CsvReader, OverlongRecordIsAnError) {
  TempFile f("a\n\"" + std::string(100, 'x'));
  try {
    CsvReader r(f.path(), CsvReaderOptions{8, 32});
    while (r.next()) {
    }
    ADD_FAILURE() << "expected a LoadError";
  } catch (const LoadError& e) {
    EXPECT_EQ(e.pos().line, 2);
    EXPECT_NE(e.message().find("longer than 32 bytes"), std::string::npos) << e.message();
  }
}

TEST(CsvReader, MissingFileAndDirectoryAreErrors) {
  auto missing = fs::temp_directory_path() / "kgq_csv_reader_does_not_exist.csv";
  try {
    CsvReader r(missing);
    ADD_FAILURE() << "expected a LoadError";
  } catch (const LoadError& e) {
    EXPECT_EQ(e.pos().source, missing.string());
    EXPECT_EQ(e.message(), "no such file");
  }
  try {
    CsvReader r(fs::temp_directory_path());
    ADD_FAILURE() << "expected a LoadError";
  } catch (const LoadError& e) {
    EXPECT_NE(e.message().find("is a directory"), std::string::npos);
  }
}

// LOAD CSV ... FIELDTERMINATOR: another delimiter splits, and a comma is then data, across block edges too.
TEST(CsvReader, OtherDelimiter) {
  TempFile f("a;b,c;\"x;y\"\r\n1;;\"q\"\"\"\n");
  for (std::size_t block : {std::size_t{1}, std::size_t{3}, std::size_t{1} << 20}) {
    CsvReaderOptions options{block, std::size_t{1} << 20};
    options.delimiter = ';';
    CsvReader r(f.path(), options);
    std::vector<std::vector<std::string>> rows;
    while (r.next()) {
      rows.emplace_back();
      for (const auto& field : r.fields()) rows.back().emplace_back(field.text);
    }
    EXPECT_EQ(rows, (std::vector<std::vector<std::string>>{{"a", "b,c", "x;y"}, {"1", "", "q\""}})) << block;
  }
  TempFile bad("\"a\",b\n");
  CsvReaderOptions options;
  options.delimiter = '\t';
  CsvReader r(bad.path(), options);
  try {
    r.next();
    FAIL() << "a comma after a closing quote is not the tab delimiter";
  } catch (const LoadError& e) {
    EXPECT_EQ(e.message(), "unexpected ',' after a closing quote; expected byte 0x09 or a line end");
  }
}

}  // namespace
}  // namespace kgq
