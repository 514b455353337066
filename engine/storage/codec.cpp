#include "storage/codec.h"

namespace kgq {

namespace {
enum Tag : std::uint8_t {
  kNull = 0, kFalse = 1, kTrue = 2, kInt = 3, kFloat = 4, kString = 5, kList = 6,
  // Temporal values (snapshot version 3, log KGQWAL02); a datetime's zone is kept by name.
  kDate = 7, kLocalTime = 8, kTime = 9, kLocalDateTime = 10, kDateTime = 11, kDuration = 12
};
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
    case ValueType::Date:
      u8(kDate);
      return svarint(v.asDate().days);
    case ValueType::LocalTime:
      u8(kLocalTime);
      return svarint(v.asLocalTime().nanos);
    case ValueType::Time:
      u8(kTime);
      svarint(v.asTime().nanos);
      return svarint(v.asTime().offset);
    case ValueType::LocalDateTime:
      u8(kLocalDateTime);
      svarint(v.asLocalDateTime().seconds);
      return varint(static_cast<std::uint32_t>(v.asLocalDateTime().nanos));
    case ValueType::DateTime: {
      const auto& d = v.asDateTime();
      u8(kDateTime);
      svarint(d.seconds);
      varint(static_cast<std::uint32_t>(d.nanos));
      svarint(d.offset);
      return str(zoneName(d.zone));
    }
    case ValueType::Duration: {
      const auto& d = v.asDuration();
      u8(kDuration);
      svarint(d.months);
      svarint(d.days);
      svarint(d.seconds);
      return varint(static_cast<std::uint32_t>(d.nanos));
    }
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
    case kDate: {
      std::int64_t days = svarint();
      if (!validDays(days)) fail("date out of range");
      return Value(DateValue{days});
    }
    case kLocalTime: return Value(LocalTimeValue{nanosOfDay()});
    case kTime: {
      std::int64_t nanos = nanosOfDay();
      return Value(TimeValue{nanos, offset()});
    }
    case kLocalDateTime: {
      std::int64_t seconds = svarint();
      if (!validDays(seconds / kSecondsPerDay)) fail("datetime out of range");
      return Value(LocalDateTimeValue{seconds, subSecond()});
    }
    case kDateTime: {
      DateTimeValue d;
      d.seconds = svarint();
      if (!validDays(d.seconds / kSecondsPerDay)) fail("datetime out of range");
      d.nanos = subSecond();
      d.offset = offset();
      std::string_view zone = str();
      if (!zone.empty()) {
        try {
          d.zone = zoneId(zone);
        } catch (const TemporalError&) {
          fail("unknown time zone '" + std::string(zone) + "' (is tzdata installed?)");
        }
      }
      return Value(d);
    }
    case kDuration: {
      DurationValue d;
      d.months = svarint();
      d.days = svarint();
      d.seconds = svarint();
      d.nanos = subSecond();
      return Value(d);
    }
    default: fail("unknown value tag");
  }
}

std::int64_t Decoder::nanosOfDay() {
  std::int64_t n = svarint();
  if (n < 0 || n >= kNanosPerDay) fail("time of day out of range");
  return n;
}

std::int32_t Decoder::subSecond() {
  std::uint64_t n = varint();
  if (n >= static_cast<std::uint64_t>(kNanosPerSecond)) fail("nanoseconds out of range");
  return static_cast<std::int32_t>(n);
}

std::int32_t Decoder::offset() {
  std::int64_t o = svarint();
  if (o < -18 * 3600 || o > 18 * 3600) fail("offset out of range");
  return static_cast<std::int32_t>(o);
}

void Decoder::fail(const std::string& what) { throw StorageError(what); }

}  // namespace kgq
