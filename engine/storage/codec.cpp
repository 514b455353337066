#include "storage/codec.h"

namespace kgq {

namespace {
enum Tag : std::uint8_t { kNull = 0, kFalse = 1, kTrue = 2, kInt = 3, kFloat = 4, kString = 5, kList = 6 };
}

void Encoder::value(const Value& v) {
  switch (v.type()) {
    case ValueType::Null: return u8(kNull);
    case ValueType::Bool: return u8(v.asBool() ? kTrue : kFalse);
    case ValueType::Int:
      u8(kInt);
      return svarint(v.asInt());
    case ValueType::Float: {
      u8(kFloat);
      double d = v.asFloat();
      return raw(&d, 8);
    }
    case ValueType::String:
      u8(kString);
      return str(v.asString());
    case ValueType::List:
      u8(kList);
      varint(v.asList().size());
      for (const auto& e : v.asList()) value(e);
      return;
    default:
      throw StorageError("a " + std::string(typeName(v.type())) + " cannot be stored as a property");
  }
}

Value Decoder::value() {
  switch (u8()) {
    case kNull: return Value();
    case kFalse: return Value(false);
    case kTrue: return Value(true);
    case kInt: return Value(svarint());
    case kFloat: {
      double d;
      raw(&d, 8);
      return Value(d);
    }
    case kString: return Value(str());
    case kList: {
      std::uint64_t n = varint();
      if (n > left()) fail("list longer than its record");
      ValueList list;
      list.reserve(n);
      for (std::uint64_t i = 0; i < n; ++i) list.push_back(value());
      return Value(std::move(list));
    }
    default: fail("unknown value tag");
  }
}

void Decoder::fail(const std::string& what) { throw StorageError(what); }

}  // namespace kgq
