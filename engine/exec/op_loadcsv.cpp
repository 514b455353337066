// LOAD CSV: per input row, the records of a CSV file, read as they are asked for (never the whole file
// at once) with io/'s reader, which validates UTF-8, reads quotes as RFC 4180 and any line ending.
#include <filesystem>
#include <optional>

#include "exec/evaluator.h"
#include "exec/operators.h"
#include "io/csv_reader.h"

namespace kgq {

namespace fs = std::filesystem;

namespace {

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class LoadCsvOp : public Operator {
 public:
  LoadCsvOp(ExecContext& ctx, std::unique_ptr<Operator> input, const bound::Expr* url, int slot,
            const ast::LoadCsvSpec& spec)
      : Operator(ctx), url_(url), slot_(slot), spec_(spec) {
    addChild(std::move(input));
  }
  ~LoadCsvOp() override {
    if (ctx_.csvRow == &source_) ctx_.csvRow = nullptr;
  }

  bool next(Row& row) override {
    for (;;) {
      if (!reader_) {
        if (!input().next(row)) return false;
        open(evaluate(*url_, row, ctx_));
        if (spec_.headers && !readRecord()) {
          close();  // an empty file (or one with headers only) gives no rows
          continue;
        }
        if (spec_.headers) takeHeaders();
      }
      if (!readRecord()) {
        close();
        continue;
      }
      ctx_.tick();
      row[static_cast<std::size_t>(slot_)] = rowValue();
      source_.line = reader_->line();
      ctx_.csvRow = &source_;
      return true;
    }
  }

  void reset() override {
    Operator::reset();
    close();
  }

  std::string describe() const override {
    std::string s = spec_.headers ? "LoadCsv WITH HEADERS FROM " : "LoadCsv FROM ";
    s += url_->text();
    if (spec_.fieldTerminator != ',') {
      s += " FIELDTERMINATOR '";
      s += spec_.fieldTerminator == '\t' ? std::string("\\t") : std::string(1, spec_.fieldTerminator);
      s += "'";
    }
    return s;
  }

 private:
  // A plain path (relative ones against the working directory) or a file:/// URL, as an absolute path.
  fs::path pathOf(const Value& url) const {
    if (!url.isString())
      fail("LOAD CSV expects the file as a string (a path or a file:/// URL), not " +
               std::string(url.isNull() ? "null" : typeName(url.type())),
           "write LOAD CSV FROM 'people.csv' AS row, or pass the path as a parameter");
    const std::string& text = url.asString();
    if (text.empty()) fail("LOAD CSV needs a file name, not an empty string");
    std::string path = text;
    auto scheme = text.find("://");
    if (scheme != std::string::npos && text.find_first_of("/\\") > scheme) {
      std::string name = text.substr(0, scheme);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (name != "file")
        fail("LOAD CSV reads local files only, not " + name + ":// URLs",
             "download the file first (e.g. curl -o data.csv '" + text + "') and load it by its path");
      std::string rest = text.substr(scheme + 3);
      if (rest.starts_with("localhost/")) rest = rest.substr(9);
      if (!rest.starts_with("/"))
        fail("a file URL names an absolute path: file:///abs/path.csv, not " + text,
             "write three slashes, or a plain path (relative to the working directory)");
      // %XX escapes, as a URL writes spaces and other bytes.
      path.clear();
      for (std::size_t i = 0; i < rest.size(); ++i) {
        int hi = 0, lo = 0;
        if (rest[i] == '%' && i + 2 < rest.size() && (hi = hexDigit(rest[i + 1])) >= 0 &&
            (lo = hexDigit(rest[i + 2])) >= 0) {
          path += static_cast<char>(hi * 16 + lo);
          i += 2;
        } else {
          path += rest[i];
        }
      }
    }
    std::error_code ec;
    fs::path abs = fs::absolute(path, ec);
    return ec ? fs::path(path) : abs.lexically_normal();
  }

  void open(const Value& url) {
    fs::path path = pathOf(url);
    source_.file = path.string();
    CsvReaderOptions options;
    options.delimiter = spec_.fieldTerminator;
    guarded([&] { reader_.emplace(path, options); });
    headers_.clear();
  }

  void close() {
    reader_.reset();
    if (ctx_.csvRow == &source_) ctx_.csvRow = nullptr;
  }

  bool readRecord() {
    bool more = false;
    guarded([&] { more = reader_->next(); });
    return more;
  }

  void takeHeaders() {
    for (const auto& f : reader_->fields()) headers_.emplace_back(f.text);
  }

  // An unquoted empty field is null (as in Neo4j); a quoted one ("") the empty string.
  static Value cell(const CsvField& f) { return f.text.empty() && !f.quoted ? Value() : Value(f.text); }

  Value rowValue() const {
    auto fields = reader_->fields();
    if (!spec_.headers) {
      ValueList list;
      list.reserve(fields.size());
      for (const auto& f : fields) list.push_back(cell(f));
      return Value(std::move(list));
    }
    // A short row leaves its last headers null; fields beyond the headers have no name and are dropped.
    ValueMap map;
    for (std::size_t i = 0; i < headers_.size(); ++i)
      map.insert_or_assign(headers_[i], i < fields.size() ? cell(fields[i]) : Value());
    return Value(std::move(map));
  }

  // The reader's errors name the file and line; the statement's LOAD CSV is where they point.
  template <typename F>
  void guarded(F&& f) {
    try {
      f();
    } catch (const LoadError& e) {
      std::string where = e.pos().source;
      if (e.pos().line > 0) where += ":" + std::to_string(e.pos().line);
      if (e.pos().column > 0) where += " (field " + std::to_string(e.pos().column) + ")";
      std::string hint = e.hint();
      std::error_code ec;
      if (hint.empty() && e.pos().line <= 0)
        hint = "LOAD CSV resolves a relative path against the working directory (" +
               fs::current_path(ec).string() + "); a file:/// URL names an absolute path";
      throw LoadError(where + ": " + e.message(), SourcePos{{}, spec_.pos.line, spec_.pos.column, {}}, hint);
    }
  }

  [[noreturn]] void fail(const std::string& message, const std::string& hint = {}) const {
    throw LoadError(message, SourcePos{{}, spec_.pos.line, spec_.pos.column, {}}, hint);
  }

  const bound::Expr* url_;
  int slot_;
  ast::LoadCsvSpec spec_;
  std::optional<CsvReader> reader_;
  std::vector<std::string> headers_;
  FunctionContext::CsvRowSource source_;
};

}  // namespace

std::unique_ptr<Operator> makeLoadCsvOp(ExecContext& ctx, std::unique_ptr<Operator> input, const bound::Expr* url,
                                        int slot, const ast::LoadCsvSpec& spec) {
  return std::make_unique<LoadCsvOp>(ctx, std::move(input), url, slot, spec);
}

}  // namespace kgq
