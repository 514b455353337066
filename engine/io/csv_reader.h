// CsvReader: a streaming RFC 4180 reader for large CSV files.
//
// Reads the file in large blocks and yields one record at a time as fields that
// point into its block buffer, so reading allocates nothing per cell. Quoted
// fields may hold commas, newlines and doubled quotes (unescaped in place).
// Accepts LF, CRLF and lone CR line endings, strips a UTF-8 byte order mark and
// skips blank lines. The bytes must be UTF-8, checked while each field is scanned.
// Every problem is a LoadError naming the file, the physical line and the 1-based
// field index.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kgq {

struct CsvField {
  std::string_view text;
  // Set when the field was written in quotes: `""` is then an empty string,
  // while an unquoted empty field means "no value".
  bool quoted = false;
};

struct CsvReaderOptions {
  std::size_t blockSize = std::size_t{1} << 20;
  // A longer record is an error rather than a reason to buffer the whole file:
  // it almost always means a quoted field lacks its closing quote.
  std::size_t maxRecordBytes = std::size_t{256} << 20;
  // Between fields (LOAD CSV ... FIELDTERMINATOR): one ASCII byte other than '"', '\n' and '\r'.
  char delimiter = ',';
};

class CsvReader {
 public:
  // Opens `file`; errors name it as given. Throws LoadError when it does not
  // exist, is a directory or cannot be opened.
  explicit CsvReader(const std::filesystem::path& file, CsvReaderOptions options = {});

  // Moves to the next record; false at the end of the file.
  bool next();

  // The current record's fields; valid until the next call to next().
  std::span<const CsvField> fields() const { return fields_; }
  // The physical line (1-based) where the current record starts.
  int line() const { return line_; }
  // Raw length of the current record in bytes, for size estimates.
  std::size_t recordBytes() const { return recordBytes_; }
  const std::string& source() const { return source_; }
  std::uintmax_t fileSize() const { return fileSize_; }

  // Throws a LoadError at the current record, `column` being a 1-based field index.
  [[noreturn]] void fail(int column, std::string message, std::string hint = {}) const;
  // The same at an earlier record, which started on physical line `line`.
  [[noreturn]] void failAt(int line, int column, std::string message, std::string hint = {}) const;

 private:
  // Where a field lies in the buffer while its record is still being scanned.
  struct RawField {
    char* begin;
    char* end;
    bool quoted;
    bool hasDoubledQuotes;
  };
  enum class Scan { Record, NeedMore };

  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };

  Scan scanRecord();
  Scan scanUnquoted(char*& p, int newlines);
  Scan scanQuoted(char*& p, RawField& f, int& newlines);
  bool refill();
  void skipByteOrderMark();
  void publishFields();
  [[noreturn]] void failInvalidUtf8(const char* fieldBegin, const char* bad, int line, int column) const;

  std::string source_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::uintmax_t fileSize_ = 0;
  std::unique_ptr<char[]> buf_;
  std::size_t capacity_;
  std::size_t maxRecordBytes_;
  std::size_t begin_ = 0;  // first byte not yet consumed
  std::size_t end_ = 0;    // one past the last byte read
  bool eof_ = false;
  bool bomChecked_ = false;
  int nextLine_ = 1;  // physical line where the next record starts
  int line_ = 0;
  std::size_t recordBytes_ = 0;
  char delimiter_;
  std::array<bool, 256> unquotedStops_;  // the bytes that end an unquoted field (the delimiter's included)
  std::vector<RawField> raw_;
  std::vector<CsvField> fields_;
};

}  // namespace kgq
