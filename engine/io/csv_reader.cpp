#include "io/csv_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "common/errors.h"

namespace kgq {

namespace fs = std::filesystem;

namespace {
std::string describeChar(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7F) return std::string("'") + c + "'";
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string("byte 0x") + kHex[u >> 4] + kHex[u & 0xF];
}
}  // namespace

CsvReader::CsvReader(const fs::path& file, CsvReaderOptions options)
    : source_(file.string()),
      capacity_(std::max<std::size_t>(options.blockSize, 1)),
      maxRecordBytes_(std::max(options.maxRecordBytes, capacity_)) {
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

void CsvReader::failAt(int line, int column, std::string message) const {
  throw LoadError(std::move(message), SourcePos{source_, line, column, {}});
}

void CsvReader::fail(int column, std::string message, std::string hint) const {
  throw LoadError(std::move(message), SourcePos{source_, line_, column, {}}, std::move(hint));
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
      while (p < e && *p != ',' && *p != '\n') ++p;
      if (p == e && !eof_) return Scan::NeedMore;
      f.end = p;
      bool atLineEnd = p == e || *p == '\n';
      if (atLineEnd && f.end > f.begin && f.end[-1] == '\r') --f.end;
    }
    raw_.push_back(f);
    if (p == e) break;
    if (*p++ == '\n') break;  // otherwise it was the ',' before the next field
  }
  recordBytes_ = static_cast<std::size_t>(p - (buf_.get() + begin_));
  begin_ = static_cast<std::size_t>(p - buf_.get());
  line_ = nextLine_;
  nextLine_ += newlines + 1;
  return Scan::Record;
}

// Scans a quoted field starting at the opening quote at `p`, leaving `p` at the
// separator or line end after it (a CRLF's CR already skipped).
CsvReader::Scan CsvReader::scanQuoted(char*& p, RawField& f, int& newlines) {
  char* const e = buf_.get() + end_;
  const int column = static_cast<int>(raw_.size()) + 1;
  const int startLine = nextLine_ + newlines;
  char* q = p + 1;
  f.quoted = true;
  f.begin = q;
  for (;;) {
    auto* quote = static_cast<char*>(std::memchr(q, '"', static_cast<std::size_t>(e - q)));
    newlines += static_cast<int>(std::count(q, quote ? quote : e, '\n'));
    if (!quote) {
      if (!eof_) return Scan::NeedMore;
      failAt(startLine, column,
             "unterminated quoted field starting on line " + std::to_string(startLine) + ": expected a closing '\"'");
    }
    if (quote + 1 == e && !eof_) return Scan::NeedMore;  // a doubled quote may follow
    if (quote + 1 < e && quote[1] == '"') {
      f.hasDoubledQuotes = true;
      q = quote + 2;
      continue;
    }
    f.end = quote;
    p = quote + 1;
    break;
  }
  if (p < e && *p == '\r') {
    if (p + 1 == e && !eof_) return Scan::NeedMore;
    if (p + 1 == e || p[1] == '\n') ++p;
  }
  if (p < e && *p != ',' && *p != '\n')
    failAt(nextLine_ + newlines, column,
           "unexpected " + describeChar(*p) + " after a closing quote; expected ',' or a line end");
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
