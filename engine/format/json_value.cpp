#include "format/json_value.h"

namespace kgq {

namespace {

// Values nest deeper than this only by accident or malice; freeing (and printing) one recurses per level.
constexpr std::size_t kMaxJsonDepth = 1000;

[[noreturn]] void tooDeep() {
  throw nlohmann::json::other_error::create(
      501, "values nest deeper than " + std::to_string(kMaxJsonDepth) + " lists or maps", nullptr);
}

Value fromTree(const nlohmann::json& j, std::size_t depth) {
  if (j.is_null()) return Value();
  if (j.is_boolean()) return Value(j.get<bool>());
  if (j.is_number_integer()) return Value(j.get<std::int64_t>());
  if (j.is_number_unsigned()) return Value(static_cast<std::int64_t>(j.get<std::uint64_t>()));
  if (j.is_number_float()) return Value(j.get<double>());
  if (j.is_string()) return Value(j.get<std::string>());
  if (depth >= kMaxJsonDepth) tooDeep();
  if (j.is_array()) {
    ValueList l;
    for (const auto& e : j) l.push_back(fromTree(e, depth + 1));
    return Value(std::move(l));
  }
  ValueMap m;
  for (const auto& [k, v] : j.items()) m[k] = fromTree(v, depth + 1);
  return Value(std::move(m));
}

}  // namespace

Value valueFromJson(const nlohmann::json& j) { return fromTree(j, 0); }

namespace {

// Builds the value as nlohmann reads the text: containers under construction on a stack.
class ValueSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  Value result;

  bool null() override { return put(Value()); }
  bool boolean(bool b) override { return put(Value(b)); }
  bool number_integer(number_integer_t i) override { return put(Value(static_cast<std::int64_t>(i))); }
  bool number_unsigned(number_unsigned_t u) override { return put(Value(static_cast<std::int64_t>(u))); }
  bool number_float(number_float_t d, const string_t&) override { return put(Value(static_cast<double>(d))); }
  bool string(string_t& s) override { return put(Value(std::move(s))); }
  bool binary(binary_t&) override { return put(Value()); }  // JSON text holds none
  bool start_object(std::size_t) override { return open(Value(ValueMap{})); }
  bool key(string_t& k) override {
    keys_.back() = std::move(k);
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(Value(ValueList{})); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    if (const auto* p = dynamic_cast<const nlohmann::json::parse_error*>(&e)) throw *p;
    throw nlohmann::json::other_error::create(501, e.what(), nullptr);
  }

 private:
  bool put(Value v) {
    if (open_.empty()) result = std::move(v);
    else if (open_.back().isList()) open_.back().asList().push_back(std::move(v));
    else open_.back().asMap()[keys_.back()] = std::move(v);  // a repeated key keeps the last, as json does
    return true;
  }
  bool open(Value container) {
    if (open_.size() >= kMaxJsonDepth) tooDeep();
    open_.push_back(std::move(container));
    keys_.emplace_back();
    return true;
  }
  bool close() {
    Value done = std::move(open_.back());
    open_.pop_back();
    keys_.pop_back();
    return put(std::move(done));
  }

  std::vector<Value> open_;
  std::vector<std::string> keys_;
};

}  // namespace

Value valueFromJsonText(const std::string& text) {
  ValueSax sax;
  nlohmann::json::sax_parse(text, &sax);
  return std::move(sax.result);
}

}  // namespace kgq
