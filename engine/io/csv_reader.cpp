#include "io/csv_reader.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "common/errors.h"
#include "common/utf8.h"

namespace kgq {

namespace fs = std::filesystem;

namespace {
std::string describeChar(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7F) return std::string("'") + c + "'";
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string("byte 0x") + kHex[u >> 4] + kHex[u & 0xF];
}

// The scans look up each byte in a table of the bytes they stop at: the ASCII ones
// given and every non-ASCII byte, so that UTF-8 is validated in the same pass that
// finds the end of a field (measured faster than word-at-a-time tests on typical
// short cells).
constexpr std::array<bool, 256> stopBytes(std::string_view ascii) {
  std::array<bool, 256> t{};
  for (char c : ascii) t[static_cast<unsigned char>(c)] = true;
  for (std::size_t c = 0x80; c < 0x100; ++c) t[c] = true;
  return t;
}
// An unquoted field ends at its delimiter or a line end (the reader adds the delimiter).
constexpr auto kLineEndStops = stopBytes("\n\r");
// A quoted field ends at its closing quote (unless doubled); its line ends are counted.
constexpr auto kQuotedStops = stopBytes("\"\n\r");

// The first byte at or after `p` that ends an unquoted field or is not ASCII; `e` if none.
// (A function of its own: GCC 12 then compiles the loop measurably faster.)
char* skipUnquoted(char* p, const char* e, const std::array<bool, 256>& stops) {
  while (p < e && !stops[static_cast<unsigned char>(*p)]) ++p;
  return p;
}
}  // namespace

CsvReader::CsvReader(const fs::path& file, CsvReaderOptions options)
    : source_(file.string()),
      capacity_(std::max<std::size_t>(options.blockSize, 1)),
      maxRecordBytes_(std::max(options.maxRecordBytes, capacity_)),
      delimiter_(options.delimiter),
      unquotedStops_(kLineEndStops) {
  unquotedStops_[static_cast<unsigned char>(delimiter_)] = true;
  std::error_code ec;
  auto status = fs::status(file, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) failAt(0, 0, "cannot access file: " + ec.message());
  if (!fs::exists(status)) failAt(0, 0, "no such file");
  if (fs::is_directory(status)) failAt(0, 0, "is a directory, expected a CSV file");
  file_.reset(std::fopen(file.c_str(), "rb"));
  if (!file_) failAt(0, 0, std::string("cannot open file: ") + std::strerror(errno));
  // We read in large blocks ourselves; stdio buffering would only copy twice.
  std::setvbuf(file_.get(), nullptr, _IONBF, 0);
  fileSize_ = fs::file_size(file, ec);
  if (ec) fileSize_ = 0;
  buf_ = std::make_unique_for_overwrite<char[]>(capacity_);
}

void CsvReader::failAt(int line, int column, std::string message, std::string hint) const {
  throw LoadError(std::move(message), SourcePos{source_, line, column, {}}, std::move(hint));
}

void CsvReader::failInvalidUtf8(const char* fieldBegin, const char* bad, int line, int column) const {
  std::string message = "invalid UTF-8 (" + describeChar(*bad) + ")";
  // The text before it on its line in the cell (at most about 30 bytes, cut at a
  // character boundary) helps to find the place in an editor.
  const char* from = bad - std::min<std::ptrdiff_t>(bad - fieldBegin, 30);
  for (const char* c = from; c < bad; ++c)
    if (*c == '\n' || *c == '\r') from = c + 1;
  while (from < bad && (static_cast<unsigned char>(*from) & 0xC0) == 0x80) ++from;
  if (from == bad) message += " at the start of the field";
  else message += " after '" + std::string(from, bad) + "'";
  std::string name = std::filesystem::path(source_).filename().string();
  throw LoadError(std::move(message), SourcePos{source_, line, column, {}},
                  "kgq reads CSV files as UTF-8; re-encode this one, e.g. `iconv -f latin1 -t utf-8 " + name +
                      " > tmp.csv && mv tmp.csv " + name + "` (Excel and older tools often write latin1 or cp1252)");
}

void CsvReader::fail(int column, std::string message, std::string hint) const {
  failAt(line_, column, std::move(message), std::move(hint));
}

bool CsvReader::next() {
  if (!bomChecked_) skipByteOrderMark();
  for (;;) {
    if (begin_ == end_ && (eof_ || !refill())) return false;
    if (scanRecord() == Scan::NeedMore) {
      refill();
      continue;
    }
    bool blank = raw_.size() == 1 && !raw_[0].quoted && raw_[0].begin == raw_[0].end;
    if (blank) continue;
    publishFields();
    return true;
  }
}

void CsvReader::skipByteOrderMark() {
  while (end_ - begin_ < 3 && !eof_) refill();
  if (end_ - begin_ >= 3 && std::memcmp(buf_.get() + begin_, "\xEF\xBB\xBF", 3) == 0) begin_ += 3;
  bomChecked_ = true;
}

// Keeps the unconsumed tail (a partial record), then fills the rest of the
// buffer. The buffer doubles only when one record fills it completely.
bool CsvReader::refill() {
  std::size_t pending = end_ - begin_;
  if (begin_ > 0) {
    std::memmove(buf_.get(), buf_.get() + begin_, pending);
    begin_ = 0;
    end_ = pending;
  }
  if (pending == capacity_) {
    if (capacity_ >= maxRecordBytes_)
      failAt(nextLine_, 1,
             "record is longer than " + std::to_string(maxRecordBytes_) +
                 " bytes; is a quoted field missing its closing quote?");
    std::size_t grown = std::min(capacity_ * 2, maxRecordBytes_);
    auto bigger = std::make_unique_for_overwrite<char[]>(grown);
    std::memcpy(bigger.get(), buf_.get(), pending);
    buf_ = std::move(bigger);
    capacity_ = grown;
  }
  std::size_t want = capacity_ - end_;
  std::size_t got = std::fread(buf_.get() + end_, 1, want, file_.get());
  if (got < want) {
    if (std::ferror(file_.get())) failAt(0, 0, std::string("cannot read file: ") + std::strerror(errno));
    eof_ = true;
  }
  end_ += got;
  return got > 0;
}

// Scans one record starting at begin_. Returns NeedMore (consuming nothing)
// when the buffer ends before the record does and more input may follow; the
// record is then rescanned from its start after a refill.
CsvReader::Scan CsvReader::scanRecord() {
  raw_.clear();
  char* p = buf_.get() + begin_;
  char* const e = buf_.get() + end_;
  int newlines = 0;  // inside quoted fields, to keep physical line numbers
  for (;;) {
    RawField f{p, p, false, false};
    if (p < e && *p == '"') {
      if (scanQuoted(p, f, newlines) == Scan::NeedMore) return Scan::NeedMore;
    } else {
      if (scanUnquoted(p, newlines) == Scan::NeedMore) return Scan::NeedMore;
      f.end = p;
    }
    raw_.push_back(f);
    if (p == e) break;  // the last record, without a line end
    char c = *p++;
    if (c == delimiter_) continue;
    // A line end: LF, CRLF, or a lone CR (old Mac files), as Python's csv and sqlite3 read them.
    if (c == '\r') {
      if (p == e && !eof_) return Scan::NeedMore;  // an LF may follow
      if (p < e && *p == '\n') ++p;
    }
    break;
  }
  recordBytes_ = static_cast<std::size_t>(p - (buf_.get() + begin_));
  begin_ = static_cast<std::size_t>(p - buf_.get());
  line_ = nextLine_;
  nextLine_ += newlines + 1;
  return Scan::Record;
}

// Scans an unquoted field starting at `p`, leaving `p` at the ',' or line end
// after it (or the end of the input), and checks that it is UTF-8.
CsvReader::Scan CsvReader::scanUnquoted(char*& p, int newlines) {
  char* const e = buf_.get() + end_;
  char* const begin = p;
  for (;;) {
    p = skipUnquoted(p, e, unquotedStops_);
    if (p == e) return eof_ ? Scan::Record : Scan::NeedMore;
    if (static_cast<unsigned char>(*p) < 0x80) return Scan::Record;
    // A character may be cut by the end of the buffer: read on before judging it.
    if (e - p < 4 && !eof_) return Scan::NeedMore;
    std::size_t n = utf8SequenceLength(std::string_view(p, static_cast<std::size_t>(e - p)));
    if (n == 0) failInvalidUtf8(begin, p, nextLine_ + newlines, static_cast<int>(raw_.size()) + 1);
    p += n;
  }
}

// Scans a quoted field starting at the opening quote at `p`, leaving `p` at the
// ',' or line end after the closing quote (or the end of the input).
CsvReader::Scan CsvReader::scanQuoted(char*& p, RawField& f, int& newlines) {
  char* const e = buf_.get() + end_;
  const int column = static_cast<int>(raw_.size()) + 1;
  const int startLine = nextLine_ + newlines;
  char* q = p + 1;
  f.quoted = true;
  f.begin = q;
  for (;;) {
    while (q < e && !kQuotedStops[static_cast<unsigned char>(*q)]) ++q;
    if (q == e) {
      if (!eof_) return Scan::NeedMore;
      failAt(startLine, column,
             "unterminated quoted field starting on line " + std::to_string(startLine) + ": expected a closing '\"'");
    }
    auto c = static_cast<unsigned char>(*q);
    if (c >= 0x80) {
      if (e - q < 4 && !eof_) return Scan::NeedMore;  // the character may be cut by the end of the buffer
      std::size_t n = utf8SequenceLength(std::string_view(q, static_cast<std::size_t>(e - q)));
      if (n == 0) failInvalidUtf8(f.begin, q, nextLine_ + newlines, column);
      q += n;
      continue;
    }
    if (c != '\n' && q + 1 == e && !eof_) return Scan::NeedMore;  // a doubled quote or a CRLF's LF may follow
    if (c == '"') {
      if (q + 1 < e && q[1] == '"') {
        f.hasDoubledQuotes = true;
        q += 2;
        continue;
      }
      break;
    }
    // A line end inside the field is data, but it starts a new physical line.
    if (c == '\n' || q + 1 == e || q[1] != '\n') ++newlines;
    ++q;
  }
  f.end = q;
  p = q + 1;
  if (p < e && *p != delimiter_ && *p != '\n' && *p != '\r')
    failAt(nextLine_ + newlines, column,
           "unexpected " + describeChar(*p) + " after a closing quote; expected " + describeChar(delimiter_) +
               " or a line end");
  return Scan::Record;
}

void CsvReader::publishFields() {
  fields_.resize(raw_.size());
  for (std::size_t i = 0; i < raw_.size(); ++i) {
    auto& f = raw_[i];
    if (f.hasDoubledQuotes) {
      // The record is consumed, so its bytes can be rewritten; unescaping only shrinks.
      char* out = f.begin;
      for (const char* in = f.begin; in < f.end; ++in) {
        *out++ = *in;
        if (*in == '"') ++in;
      }
      f.end = out;
    }
    fields_[i] = CsvField{std::string_view(f.begin, static_cast<std::size_t>(f.end - f.begin)), f.quoted};
  }
}

}  // namespace kgq
