// date(), localtime(), time(), localdatetime(), datetime(), duration() and their
// namespaced companions (date.truncate, duration.between, ...), with openCypher
// semantics; Neo4j's behaviour decides where the standard is silent.
#include "functions/temporal_functions.h"

#include "common/floor_div.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <string>

#include "common/errors.h"

namespace kgq {

namespace {

using Args = std::vector<Value>;
using Ctx = FunctionContext;
using C = FunctionCategory;


[[noreturn]] void fail(const FunctionCall& call, const std::string& message, const std::string& hint = {}) {
  throw RuntimeError(message + " in `" + std::string(call.text) + "`", SourcePos{{}, call.line, call.column, {}},
                     hint);
}

// The kinds a constructor builds, in ValueType order.
enum class Kind { Date, LocalTime, Time, LocalDateTime, DateTime };

const char* kindName(Kind k) {
  switch (k) {
    case Kind::Date: return "date";
    case Kind::LocalTime: return "localtime";
    case Kind::Time: return "time";
    case Kind::LocalDateTime: return "localdatetime";
    case Kind::DateTime: return "datetime";
  }
  return "?";
}
bool hasDate(Kind k) { return k == Kind::Date || k == Kind::LocalDateTime || k == Kind::DateTime; }
bool hasTime(Kind k) { return k != Kind::Date; }
bool hasZone(Kind k) { return k == Kind::Time || k == Kind::DateTime; }

// A temporal value taken apart: what each kind has of a date, a time of day and a zone.
struct Parts {
  std::optional<std::int64_t> days;
  std::optional<std::int64_t> nanosOfDay;
  bool zoned = false;
  std::int32_t offset = 0;
  std::uint32_t zone = 0;
};

Parts partsOf(const Value& v) {
  Parts p;
  auto local = [&](std::int64_t seconds, std::int32_t nanos) {
    p.days = floorDiv(seconds, kSecondsPerDay);
    p.nanosOfDay = floorMod(seconds, kSecondsPerDay) * kNanosPerSecond + nanos;
  };
  switch (v.type()) {
    case ValueType::Date: p.days = v.asDate().days; break;
    case ValueType::LocalTime: p.nanosOfDay = v.asLocalTime().nanos; break;
    case ValueType::Time:
      p.nanosOfDay = v.asTime().nanos;
      p.zoned = true;
      p.offset = v.asTime().offset;
      break;
    case ValueType::LocalDateTime: local(v.asLocalDateTime().seconds, v.asLocalDateTime().nanos); break;
    case ValueType::DateTime:
      local(localSecondsOf(v.asDateTime()), v.asDateTime().nanos);
      p.zoned = true;
      p.offset = v.asDateTime().offset;
      p.zone = v.asDateTime().zone;
      break;
    default: break;
  }
  return p;
}

// The zone of a `timezone` value: an offset ("+01:00", "Z") or an IANA name.
void parseZone(std::string_view text, Parts& p) {
  p.zoned = true;
  if (text == "Z" || text == "z" || (!text.empty() && (text[0] == '+' || text[0] == '-'))) {
    p.zone = 0;
    p.offset = parseTime("00:00" + std::string(text)).offset;
  } else {
    p.zone = zoneId(text);
  }
}

Value build(Kind k, const Parts& p, std::int64_t nowUtc) {
  std::int64_t nanos = p.nanosOfDay.value_or(0);
  switch (k) {
    case Kind::Date: return Value(DateValue{*p.days});
    case Kind::LocalTime: return Value(LocalTimeValue{nanos});
    case Kind::Time: {
      std::int32_t offset = p.zone ? zoneOffsetAt(p.zone, nowUtc) : p.offset;
      return Value(TimeValue{nanos, offset});
    }
    case Kind::LocalDateTime:
      return Value(LocalDateTimeValue{*p.days * kSecondsPerDay + nanos / kNanosPerSecond,
                                      static_cast<std::int32_t>(nanos % kNanosPerSecond)});
    case Kind::DateTime:
      return Value(makeDateTime(*p.days * kSecondsPerDay + nanos / kNanosPerSecond,
                                static_cast<std::int32_t>(nanos % kNanosPerSecond), p.offset, p.zone));
  }
  return Value();
}

// The statement's clock in a zone, as parts.
Parts instantParts(std::int64_t utcSeconds, std::int32_t nanos, const Parts& zone) {
  std::int32_t offset = zone.zone ? zoneOffsetAt(zone.zone, utcSeconds) : zone.offset;
  DateTimeValue dt{utcSeconds, nanos, offset, zone.zone};
  Parts p = partsOf(Value(dt));
  if (!zone.zoned) p.zoned = false;
  return p;
}
Parts nowParts(std::int64_t utcNanos, const Parts& zone) {
  return instantParts(floorDiv(utcNanos, kNanosPerSecond), static_cast<std::int32_t>(floorMod(utcNanos, kNanosPerSecond)),
                      zone);
}

std::int64_t intField(const FunctionCall& call, const std::string& key, const Value& v) {
  if (v.isInt()) return v.asInt();
  if (v.isFloat() && std::trunc(v.asFloat()) == v.asFloat() && std::fabs(v.asFloat()) < 1e15)
    return static_cast<std::int64_t>(v.asFloat());
  call.typeError("expected an INTEGER for `" + key + "`", v);
}

void checkRange(const FunctionCall& call, const std::string& key, std::int64_t v, std::int64_t lo, std::int64_t hi) {
  if (v < lo || v > hi)
    fail(call, "invalid value for " + key + ": " + std::to_string(v),
         key + " runs from " + std::to_string(lo) + " to " + std::to_string(hi));
}

// The UTC datetime `seconds` and `nanos` after the epoch, refused beyond the years -9999 .. 9999.
DateTimeValue utcDateTime(const FunctionCall& call, std::int64_t seconds, std::int64_t nanos) {
  std::int64_t total = 0;
  if (__builtin_add_overflow(seconds, floorDiv(nanos, kNanosPerSecond), &total) ||
      !validDays(floorDiv(total, kSecondsPerDay)))
    fail(call, "the datetime is out of range", "years run from -9999 to 9999");
  return DateTimeValue{total, static_cast<std::int32_t>(floorMod(nanos, kNanosPerSecond)), 0, 0};
}

std::int64_t monthLength(std::int64_t year, unsigned month) {
  static const unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return month == 2 && leap ? 29 : lengths[month - 1];
}

// The ISO week of a day: the week holds the Thursday of its Monday-to-Sunday run.
void isoWeekOf(std::int64_t days, std::int64_t& weekYear, std::int64_t& week) {
  std::int64_t thursday = days - floorMod(days + 3, 7) + 3;  // 1970-01-01 was a Thursday
  std::int64_t y;
  unsigned m, d;
  civilFromDays(thursday, y, m, d);
  weekYear = y;
  week = (thursday - daysFromCivil(y, 1, 1)) / 7 + 1;
}

std::int64_t weeksIn(std::int64_t weekYear) {
  std::int64_t wy, w;
  isoWeekOf(daysFromCivil(weekYear, 12, 28), wy, w);  // 28 December is always in the last week
  return w;
}

// The fields of a map set on a selected date as java.time's `with` sets them (Neo4j), one after
// the other in the order year, quarter, month, week, ordinalDay, dayOfQuarter, dayOfWeek, day:
// each keeps what it can of the rest (a year keeps month and day, or with week fields week and
// day of the week; a week keeps the day of the week and the week-based year; a day of the week
// stays in its Monday-to-Sunday week).
template <class Get>
std::int64_t withDateFields(std::int64_t days, Get get, const FunctionCall& call) {
  std::int64_t y;
  unsigned m, d;
  auto civil = [&] { civilFromDays(days, y, m, d); };
  auto setCivil = [&](std::int64_t year, unsigned month, unsigned day) {
    days = daysFromCivil(year, month, static_cast<unsigned>(std::min<std::int64_t>(day, monthLength(year, month))));
  };
  civil();
  if (const Value* v = get("year")) {
    std::int64_t year = intField(call, "year", *v);
    checkRange(call, "year", year, -9999, 9999);
    if (get("week") || get("dayOfWeek")) {
      // With week fields the year is the week-based year (as Neo4j); the week and day stay.
      std::int64_t wy, w;
      isoWeekOf(days, wy, w);
      std::int64_t jan4 = daysFromCivil(year, 1, 4);
      days = jan4 - floorMod(jan4 + 3, 7) + (std::min(w, weeksIn(year)) - 1) * 7 + floorMod(days + 3, 7);
    } else {
      setCivil(year, m, d);
    }
    civil();
  }
  if (const Value* v = get("quarter")) {
    std::int64_t q = intField(call, "quarter", *v);
    checkRange(call, "quarter", q, 1, 4);
    setCivil(y, static_cast<unsigned>(static_cast<std::int64_t>(m) + (q - ((m - 1) / 3 + 1)) * 3), d), civil();
  }
  if (const Value* v = get("month")) {
    std::int64_t mo = intField(call, "month", *v);
    checkRange(call, "month", mo, 1, 12);
    setCivil(y, static_cast<unsigned>(mo), d), civil();
  }
  if (const Value* v = get("week")) {
    std::int64_t wy, w, week = intField(call, "week", *v);
    isoWeekOf(days, wy, w);
    checkRange(call, "week", week, 1, weeksIn(wy));
    days += (week - w) * 7, civil();
  }
  if (const Value* v = get("ordinalDay")) {
    std::int64_t o = intField(call, "ordinalDay", *v);
    checkRange(call, "ordinalDay", o, 1, monthLength(y, 2) == 29 ? 366 : 365);
    days = daysFromCivil(y, 1, 1) + o - 1, civil();
  }
  if (const Value* v = get("dayOfQuarter")) {
    std::int64_t dq = intField(call, "dayOfQuarter", *v);
    unsigned first = (m - 1) / 3 * 3 + 1;
    std::int64_t start = daysFromCivil(y, first, 1);
    checkRange(call, "dayOfQuarter", dq, 1,
               monthLength(y, first) + monthLength(y, first + 1) + monthLength(y, first + 2));
    days = start + dq - 1, civil();
  }
  if (const Value* v = get("dayOfWeek")) {
    std::int64_t dow = intField(call, "dayOfWeek", *v);
    checkRange(call, "dayOfWeek", dow, 1, 7);
    days += dow - (floorMod(days + 3, 7) + 1), civil();
  }
  if (const Value* v = get("day")) {
    std::int64_t day = intField(call, "day", *v);
    checkRange(call, "day", day, 1, monthLength(y, m));
    days = daysFromCivil(y, m, static_cast<unsigned>(day));
  }
  checkDays(days);
  return days;
}

const std::array kDateKeys = {"year", "month", "day", "week", "dayOfWeek", "quarter", "dayOfQuarter", "ordinalDay"};
const std::array kTimeKeys = {"hour", "minute", "second", "millisecond", "microsecond", "nanosecond"};

// date({year: 2015, month: 7}), datetime({date: d, hour: 12, timezone: 'Europe/Minsk'}), ...
Parts fromMap(Kind k, const ValueMap& m, const FunctionCall& call, std::int64_t nowUtcNanos) {
  auto get = [&](std::string_view key) -> const Value* {
    auto it = m.find(key);
    return it == m.end() || it->second.isNull() ? nullptr : &it->second;
  };
  // Every key must mean something for this kind.
  for (const auto& [key, _] : m) {
    bool known = key == "timezone" || key == "date" || key == "time" || key == "datetime" || key == "localtime" ||
                 key == "localdatetime" || key == "epochSeconds" || key == "epochMillis";
    known = known || (hasDate(k) && std::find(kDateKeys.begin(), kDateKeys.end(), key) != kDateKeys.end());
    known = known || (hasTime(k) && std::find(kTimeKeys.begin(), kTimeKeys.end(), key) != kTimeKeys.end());
    if (!known)
      fail(call, "unknown field `" + key + "` for " + kindName(k) + "()",
           std::string("a ") + kindName(k) + " map takes " +
               (hasDate(k) ? "year, month, day, week, dayOfWeek, quarter, dayOfQuarter, ordinalDay" : "") +
               (hasDate(k) && hasTime(k) ? ", " : "") +
               (hasTime(k) ? "hour, minute, second, millisecond, microsecond, nanosecond" : "") +
               (hasZone(k) ? ", timezone" : "") + " or date/time to copy from");
  }
  Parts p;
  Parts zoneWanted;
  if (const Value* tz = get("timezone")) {
    if (!tz->isString()) call.typeError("expected a STRING for `timezone`", *tz);
    parseZone(tz->asString(), zoneWanted);
  }
  auto baseFrom = [&](const char* key) -> std::optional<Parts> {
    const Value* v = get(key);
    if (!v) return std::nullopt;
    if (!v->isTemporal()) call.typeError(std::string("expected a temporal value for `") + key + "`", *v);
    return partsOf(*v);
  };
  // As Neo4j: the fields of the map are set on the selected value in its own zone first; a
  // timezone then moves a selected zoned time or datetime to the same instant there, and
  // anything else keeps its local time.
  bool anyBase = false, selectedZoned = false;
  for (const char* key : {"datetime", "localdatetime", "date"}) {
    if (auto b = baseFrom(key)) {
      anyBase = true;
      if (b->days) p.days = b->days;
      if (std::string_view(key) != "date") {
        p.nanosOfDay = b->nanosOfDay;
        if (b->zoned) p.zoned = true, p.offset = b->offset, p.zone = b->zone, selectedZoned = true;
      }
    }
  }
  for (const char* key : {"time", "localtime"}) {
    if (auto b = baseFrom(key)) {
      anyBase = true;
      if (b->nanosOfDay) p.nanosOfDay = b->nanosOfDay;
      if (b->zoned) p.zoned = true, p.offset = b->offset, p.zone = b->zone, selectedZoned = true;
    }
  }
  const Value* epochS = get("epochSeconds");
  const Value* epochMs = get("epochMillis");
  if (epochS || epochMs) {
    if (k != Kind::DateTime) fail(call, "epochSeconds and epochMillis make only a datetime");
    std::int64_t seconds = 0, nanos = 0;
    if (epochS) seconds = intField(call, "epochSeconds", *epochS);
    if (epochMs) {
      std::int64_t ms = intField(call, "epochMillis", *epochMs);
      if (__builtin_add_overflow(seconds, floorDiv(ms, 1000), &seconds))
        fail(call, "the datetime is out of range", "years run from -9999 to 9999");
      nanos = floorMod(ms, 1000) * 1'000'000;
    }
    if (const Value* ns = get("nanosecond")) nanos += intField(call, "nanosecond", *ns) % (100 * kNanosPerSecond);
    DateTimeValue utc = utcDateTime(call, seconds, nanos);
    Parts z = zoneWanted.zoned ? zoneWanted : Parts{};
    Parts out = instantParts(utc.seconds, utc.nanos, z);
    out.zoned = z.zoned;
    out.offset = z.offset;
    out.zone = z.zone;
    return out;
  }
  // Only a timezone: the statement's clock there.
  bool anyDateKey = false, anyTimeKey = false;
  for (auto key : kDateKeys) anyDateKey = anyDateKey || get(key);
  for (auto key : kTimeKeys) anyTimeKey = anyTimeKey || get(key);
  if (!anyBase && !anyDateKey && !anyTimeKey) {
    return nowParts(nowUtcNanos, zoneWanted);
  }

  if (hasDate(k) && p.days && anyDateKey) {
    try {
      p.days = withDateFields(*p.days, get, call);
    } catch (const TemporalError& e) {
      fail(call, e.what(), e.hint());
    }
  } else if (hasDate(k) && (anyDateKey || !p.days)) {
    std::int64_t year = 0;
    unsigned month = 1, day = 1;
    if (p.days) civilFromDays(*p.days, year, month, day);
    if (const Value* y = get("year")) year = intField(call, "year", *y);
    else if (!p.days) fail(call, std::string(kindName(k)) + "() needs a year", "add year: to the map");
    checkRange(call, "year", year, -9999, 9999);
    try {
      if (get("week") || get("dayOfWeek")) {
        std::int64_t week = 1, dow = 1;
        if (const Value* w = get("week")) week = intField(call, "week", *w);
        else if (!p.days) fail(call, "dayOfWeek without week", "add week: to the map");
        if (const Value* d = get("dayOfWeek")) dow = intField(call, "dayOfWeek", *d);
        checkRange(call, "week", week, 1, 53);
        checkRange(call, "dayOfWeek", dow, 1, 7);
        char text[32];
        std::snprintf(text, sizeof text, "%s%04lld-W%02lld-%lld", year < 0 ? "-" : "",
                      static_cast<long long>(year < 0 ? -year : year), static_cast<long long>(week),
                      static_cast<long long>(dow));
        p.days = parseDate(text).days;
      } else if (get("quarter") || get("dayOfQuarter")) {
        std::int64_t q = 1, dq = 1;
        if (const Value* v = get("quarter")) q = intField(call, "quarter", *v);
        if (const Value* v = get("dayOfQuarter")) dq = intField(call, "dayOfQuarter", *v);
        checkRange(call, "quarter", q, 1, 4);
        std::int64_t first = daysFromCivil(year, static_cast<unsigned>((q - 1) * 3 + 1), 1);
        std::int64_t next = q == 4 ? daysFromCivil(year + 1 > 9999 ? 9999 : year + 1, 1, 1) : daysFromCivil(year, static_cast<unsigned>(q * 3 + 1), 1);
        if (q == 4 && year == 9999) next = first + 92;
        checkRange(call, "dayOfQuarter", dq, 1, next - first);
        p.days = first + dq - 1;
      } else if (const Value* od = get("ordinalDay")) {
        std::int64_t o = intField(call, "ordinalDay", *od);
        std::int64_t first = daysFromCivil(year, 1, 1);
        std::int64_t length = year == 9999 ? 365 : daysFromCivil(year + 1, 1, 1) - first;
        checkRange(call, "ordinalDay", o, 1, length);
        p.days = first + o - 1;
      } else {
        if (const Value* v = get("month")) {
          std::int64_t mo = intField(call, "month", *v);
          checkRange(call, "month", mo, 1, 12);
          month = static_cast<unsigned>(mo);
        }
        if (const Value* v = get("day")) {
          std::int64_t d = intField(call, "day", *v);
          checkRange(call, "day", d, 1, 31);
          day = static_cast<unsigned>(d);
        }
        p.days = daysFromCivil(year, month, day);
      }
    } catch (const TemporalError& e) {
      fail(call, e.what(), e.hint());
    }
  }
  if (hasTime(k)) {
    std::int64_t base = p.nanosOfDay.value_or(0);
    std::int64_t hour = base / 3'600'000'000'000, minute = base / 60'000'000'000 % 60,
                 second = base / kNanosPerSecond % 60, sub = base % kNanosPerSecond;
    if (const Value* v = get("hour")) hour = intField(call, "hour", *v), checkRange(call, "hour", hour, 0, 23);
    if (const Value* v = get("minute")) minute = intField(call, "minute", *v), checkRange(call, "minute", minute, 0, 59);
    if (const Value* v = get("second")) second = intField(call, "second", *v), checkRange(call, "second", second, 0, 59);
    const Value* ms = get("millisecond");
    const Value* us = get("microsecond");
    const Value* ns = get("nanosecond");
    if (ms || us || ns) {
      // Each finer field adds to the coarser ones: {millisecond: 645, microsecond: 876}.
      std::int64_t msv = ms ? intField(call, "millisecond", *ms) : 0;
      std::int64_t usv = us ? intField(call, "microsecond", *us) : 0;
      std::int64_t nsv = ns ? intField(call, "nanosecond", *ns) : 0;
      checkRange(call, "millisecond", msv, 0, 999);
      checkRange(call, "microsecond", usv, 0, ms ? 999 : 999'999);
      checkRange(call, "nanosecond", nsv, 0, (ms || us) ? 999 : 999'999'999);
      sub = msv * 1'000'000 + usv * 1000 + nsv;
    }
    p.nanosOfDay = ((hour * 60 + minute) * 60 + second) * kNanosPerSecond + sub;
  }
  if (zoneWanted.zoned) {
    if (!selectedZoned) {
      p.zoned = true, p.offset = zoneWanted.offset, p.zone = zoneWanted.zone;
    } else if (hasDate(k) && p.days) {
      std::int64_t local = *p.days * kSecondsPerDay + p.nanosOfDay.value_or(0) / kNanosPerSecond;
      std::int64_t utc = p.zone ? zoneLocalToUtc(p.zone, local) : local - p.offset;
      std::int32_t off = zoneWanted.zone ? zoneOffsetAt(zoneWanted.zone, utc) : zoneWanted.offset;
      p.days = floorDiv(utc + off, kSecondsPerDay);
      p.nanosOfDay = floorMod(utc + off, kSecondsPerDay) * kNanosPerSecond + p.nanosOfDay.value_or(0) % kNanosPerSecond;
      p.offset = off, p.zone = zoneWanted.zone;
    } else {
      // A time of day has no date to find a named zone's offset on: the offset in force now.
      std::int32_t off = zoneWanted.zone ? zoneOffsetAt(zoneWanted.zone, floorDiv(nowUtcNanos, kNanosPerSecond))
                                         : zoneWanted.offset;
      p.nanosOfDay = floorMod(p.nanosOfDay.value_or(0) + (off - p.offset) * kNanosPerSecond, kNanosPerDay);
      p.offset = off, p.zone = zoneWanted.zone;
    }
  }
  return p;
}

std::int64_t statementNanos(Ctx& ctx) { return ctx.statementTimeNanos(); }

std::int64_t realtimeNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

template <Kind K>
Value construct(const FunctionCall& call, Args& args, Ctx& ctx) {
  try {
    std::int64_t now = statementNanos(ctx);
    if (args.empty()) return build(K, nowParts(now, hasZone(K) ? Parts{{}, {}, true, 0, 0} : Parts{}),
                                   floorDiv(now, kNanosPerSecond));
    const Value& a = args[0];
    if (a.isNull()) return Value();
    if (a.isString()) {
      switch (K) {
        case Kind::Date: return Value(parseDate(a.asString()));
        case Kind::LocalTime: return Value(parseLocalTime(a.asString()));
        case Kind::Time: return Value(parseTime(a.asString()));
        case Kind::LocalDateTime: return Value(parseLocalDateTime(a.asString()));
        case Kind::DateTime: return Value(parseDateTime(a.asString()));
      }
    }
    if (a.isTemporal()) {
      Parts p = partsOf(a);
      if (hasDate(K) && !p.days) fail(call, std::string("a ") + std::string(typeName(a.type())) + " has no date to make a " + kindName(K) + " of");
      return build(K, p, floorDiv(now, kNanosPerSecond));
    }
    if (a.isMap()) return build(K, fromMap(K, a.asMap(), call, now), floorDiv(now, kNanosPerSecond));
    call.typeError("expected a STRING, MAP or temporal value", a);
  } catch (const TemporalError& e) {
    fail(call, e.what(), e.hint());
  }
}

// date.statement(), date.transaction() (one statement is one transaction's clock
// here, too) and date.realtime(), with an optional zone.
template <Kind K, bool Realtime>
Value clockNow(const FunctionCall& call, Args& args, Ctx& ctx) {
  try {
    Parts zone;
    if (hasZone(K)) zone.zoned = true;
    if (!args.empty()) {
      if (args[0].isNull()) return Value();
      if (!args[0].isString()) call.typeError("expected a time zone STRING", args[0]);
      parseZone(args[0].asString(), zone);
    }
    std::int64_t now = Realtime ? realtimeNanos() : statementNanos(ctx);
    Parts p = nowParts(now, zone);
    p.zoned = zone.zoned;
    p.offset = zone.zone ? p.offset : zone.offset;
    p.zone = zone.zone;
    return build(K, p, floorDiv(now, kNanosPerSecond));
  } catch (const TemporalError& e) {
    fail(call, e.what(), e.hint());
  }
}

// ---------------------------------------------------------------- truncate

template <Kind K>
Value truncate(const FunctionCall& call, Args& args, Ctx& ctx) {
  if (args[0].isNull() || args[1].isNull()) return Value();
  if (!args[0].isString()) call.typeError("expected a unit STRING", args[0]);
  if (!args[1].isTemporal()) call.typeError("expected a temporal value to truncate", args[1]);
  std::string unit = args[0].asString();
  Parts p = partsOf(args[1]);
  static const std::array dateUnits = {"millennium", "century", "decade", "year", "weekYear", "quarter", "month",
                                       "week", "day"};
  static const std::array timeUnits = {"hour", "minute", "second", "millisecond", "microsecond"};
  bool dateUnit = std::find(dateUnits.begin(), dateUnits.end(), unit) != dateUnits.end();
  bool timeUnit = std::find(timeUnits.begin(), timeUnits.end(), unit) != timeUnits.end();
  if (!dateUnit && !timeUnit)
    fail(call, "unknown unit '" + unit + "'",
         "units are millennium, century, decade, year, weekYear, quarter, month, week, day, hour, minute, second, "
         "millisecond, microsecond");
  if (hasDate(K) && !p.days) fail(call, std::string("cannot truncate a ") + std::string(typeName(args[1].type())) + " to a " + kindName(K));
  if (!hasDate(K) && dateUnit && unit != "day") fail(call, "unit '" + unit + "' needs a date", "truncate times to day, hour, minute, second, millisecond or microsecond");
  if (K == Kind::Date && timeUnit) fail(call, "unit '" + unit + "' is finer than a date", "truncate dates to day or coarser");
  try {
    if (dateUnit && p.days) {
      std::int64_t y;
      unsigned m, d;
      civilFromDays(*p.days, y, m, d);
      auto yearFloor = [&](std::int64_t step) { return floorDiv(y, step) * step; };
      if (unit == "millennium") p.days = daysFromCivil(yearFloor(1000), 1, 1);
      else if (unit == "century") p.days = daysFromCivil(yearFloor(100), 1, 1);
      else if (unit == "decade") p.days = daysFromCivil(yearFloor(10), 1, 1);
      else if (unit == "year") p.days = daysFromCivil(y, 1, 1);
      else if (unit == "quarter") p.days = daysFromCivil(y, (m - 1) / 3 * 3 + 1, 1);
      else if (unit == "month") p.days = daysFromCivil(y, m, 1);
      else if (unit == "week" || unit == "weekYear") {
        std::int64_t monday = *p.days - floorMod(*p.days + 3, 7);  // 1970-01-01 was a Thursday
        if (unit == "week") p.days = monday;
        else {
          Value date(DateValue{*p.days});
          auto weekYear = temporalProperty(date, "weekYear")->asInt();
          char text[16];
          std::snprintf(text, sizeof text, "%04lld-W01-1", static_cast<long long>(weekYear));
          p.days = parseDate(text).days;
        }
      }
    }
    if (p.nanosOfDay || hasTime(K)) {
      std::int64_t n = p.nanosOfDay.value_or(0);
      std::int64_t step = dateUnit ? kNanosPerDay
                          : unit == "hour"        ? 3'600'000'000'000
                          : unit == "minute"      ? 60'000'000'000
                          : unit == "second"      ? kNanosPerSecond
                          : unit == "millisecond" ? 1'000'000
                                                  : 1000;
      p.nanosOfDay = n / step * step;
    }
    if (hasZone(K) && !p.zoned) p.zoned = true;  // a local value truncated to a zoned kind: UTC
    std::int64_t now = statementNanos(ctx);
    if (args.size() > 2 && !args[2].isNull()) {
      if (!args[2].isMap()) call.typeError("expected a MAP of fields to set", args[2]);
      ValueMap m = args[2].asMap();
      // A timezone in the map keeps the truncated local time (Neo4j): only then are the fields set.
      auto tz = m.find("timezone");
      if (tz != m.end() && !tz->second.isNull()) {
        if (!tz->second.isString()) call.typeError("expected a STRING for `timezone`", tz->second);
        Parts z;
        parseZone(tz->second.asString(), z);
        p.zoned = true, p.offset = z.offset, p.zone = z.zone;
        if (!hasDate(K) && z.zone) p.offset = zoneOffsetAt(z.zone, floorDiv(now, kNanosPerSecond)), p.zone = 0;
      }
      // Sub-second fields finer than the unit replace only what the unit cut off:
      // truncating 14.645876 to milliseconds with {nanosecond: 2} gives 14.645000002.
      auto field = [&](const char* key) -> const Value* {
        auto it = m.find(key);
        return it == m.end() || it->second.isNull() ? nullptr : &it->second;
      };
      const Value* us = field("microsecond");
      const Value* ns = field("nanosecond");
      if (p.nanosOfDay && ((unit == "millisecond" && (us || ns)) || (unit == "microsecond" && ns))) {
        std::int64_t n = *p.nanosOfDay, sub = n % kNanosPerSecond;
        std::int64_t usv = us ? intField(call, "microsecond", *us) : 0;
        std::int64_t nsv = ns ? intField(call, "nanosecond", *ns) : 0;
        if (unit == "millisecond") {
          checkRange(call, "microsecond", usv, 0, 999);
          checkRange(call, "nanosecond", nsv, 0, 999);
          sub = sub / 1'000'000 * 1'000'000 + usv * 1000 + nsv;
          m.erase("microsecond");
        } else {
          checkRange(call, "nanosecond", nsv, 0, 999);
          sub = sub / 1000 * 1000 + nsv;
        }
        m.erase("nanosecond");
        p.nanosOfDay = n - n % kNanosPerSecond + sub;
      }
      Parts base = p;
      Value baseValue = build(hasDate(K) ? Kind::DateTime : Kind::Time,
                              Parts{base.days ? base.days : std::optional<std::int64_t>(0), base.nanosOfDay, true,
                                    base.offset, base.zone},
                              floorDiv(now, kNanosPerSecond));
      m.emplace(hasDate(K) ? "datetime" : "time", baseValue);
      if (!hasDate(K)) m.erase("datetime");
      p = fromMap(K, m, call, now);
      if (!base.zoned && !m.count("timezone")) p.zoned = false, p.zone = 0, p.offset = 0;
    }
    return build(K, p, floorDiv(now, kNanosPerSecond));
  } catch (const TemporalError& e) {
    fail(call, e.what(), e.hint());
  }
}

// ---------------------------------------------------------------- durations

Value durationOf(const FunctionCall& call, Args& args, Ctx&) {
  const Value& a = args[0];
  try {
    if (a.isString()) return Value(parseDuration(a.asString()));
    if (a.isDuration()) return a;
    if (!a.isMap()) call.typeError("expected a STRING or MAP", a);
    double months = 0, days = 0, seconds = 0, nanos = 0;
    std::int64_t wholeMonths = 0, wholeDays = 0, wholeSeconds = 0, wholeNanos = 0;
    for (const auto& [key, v] : a.asMap()) {
      if (v.isNull()) continue;
      if (!v.isNumber()) call.typeError("expected a number for `" + key + "`", v);
      struct Unit {
        const char* name;
        int slot;  // 0 months, 1 days, 2 seconds, 3 nanos
        std::int64_t factor;
      };
      static const Unit units[] = {{"years", 0, 12},          {"quarters", 0, 3},      {"months", 0, 1},
                                   {"weeks", 1, 7},           {"days", 1, 1},          {"hours", 2, 3600},
                                   {"minutes", 2, 60},        {"seconds", 2, 1},       {"milliseconds", 3, 1'000'000},
                                   {"microseconds", 3, 1000}, {"nanoseconds", 3, 1}};
      const Unit* u = nullptr;
      for (const auto& c : units)
        if (key == c.name) u = &c;
      if (!u)
        fail(call, "unknown field `" + key + "` for duration()",
             "a duration map takes years, quarters, months, weeks, days, hours, minutes, seconds, milliseconds, "
             "microseconds, nanoseconds");
      std::int64_t* whole[] = {&wholeMonths, &wholeDays, &wholeSeconds, &wholeNanos};
      double* frac[] = {&months, &days, &seconds, &nanos};
      if (v.isInt()) {
        std::int64_t r = 0;
        if (__builtin_mul_overflow(v.asInt(), u->factor, &r) || __builtin_add_overflow(*whole[u->slot], r, &r))
          fail(call, "duration out of range");
        *whole[u->slot] = r;
      } else {
        *frac[u->slot] += v.asFloat() * static_cast<double>(u->factor);
      }
    }
    return Value(addDurations(makeDuration(wholeMonths, wholeDays, wholeSeconds, wholeNanos),
                              makeDurationApprox(months, days, seconds, nanos)));
  } catch (const TemporalError& e) {
    fail(call, e.what(), e.hint());
  }
}

enum class Between { All, Months, Days, Seconds };

// As Neo4j (java.time's until): b is first read in a's zone; months and days count on the
// local calendar there, what is left (and inSeconds) is the difference of the instants, so a
// day across a daylight-saving change is P1D but PT23H in seconds.
template <Between B>
Value between(const FunctionCall& call, Args& args, Ctx&) {
  if (args[0].isNull() || args[1].isNull()) return Value();
  for (const auto& a : args)
    if (!a.isTemporal()) call.typeError("expected a temporal value", a);
  Parts a = partsOf(args[0]), b = partsOf(args[1]);
  // A local value against a zoned datetime is read in that datetime's zone (on its day when it
  // has no date), so a span across a daylight-saving change counts the hours it really has.
  auto attach = [](Parts& local, const Parts& zoned) {
    if (local.zoned || !zoned.zoned || !zoned.days) return;
    if (!local.days) local.days = zoned.days;
    if (!local.nanosOfDay) local.nanosOfDay = 0;
    local.zoned = true, local.zone = zoned.zone;
    local.offset = zoned.zone ? zoneOffsetAt(zoned.zone, zoneLocalToUtc(zoned.zone, *local.days * kSecondsPerDay +
                                                                                          *local.nanosOfDay / kNanosPerSecond))
                              : zoned.offset;
  };
  try {
    attach(a, b), attach(b, a);
  } catch (const TemporalError& e) {
    fail(call, e.what(), e.hint());
  }
  bool instants = a.zoned && b.zoned && a.days && b.days;
  try {
    if (instants) {
      std::int64_t utcB = *b.days * kSecondsPerDay + *b.nanosOfDay / kNanosPerSecond - b.offset;
      std::int32_t off = a.zone ? zoneOffsetAt(a.zone, utcB) : a.offset;
      std::int64_t local = utcB + off;
      b.days = floorDiv(local, kSecondsPerDay);
      b.nanosOfDay = floorMod(local, kSecondsPerDay) * kNanosPerSecond + *b.nanosOfDay % kNanosPerSecond;
      b.offset = off;
    } else if (a.zoned && b.zoned && b.offset != a.offset) {
      // Times of day with offsets: b moved to a's offset.
      std::int64_t t = b.nanosOfDay.value_or(0) + static_cast<std::int64_t>(a.offset - b.offset) * kNanosPerSecond;
      b.nanosOfDay = floorMod(t, kNanosPerDay);
    }
    std::int64_t ta = a.nanosOfDay.value_or(0), tb = b.nanosOfDay.value_or(0);
    if (!a.days || !b.days) {
      // One side has no date: only the times of day count.
      if (B == Between::Months || B == Between::Days) return Value(DurationValue{});
      return Value(makeDuration(0, 0, 0, tb - ta));
    }
    // From a moved to the local day `startDays` (in a's zone) to b, as seconds and nanoseconds
    // (nanoseconds alone overflow across the calendar's 20 000 years).
    auto restFrom = [&](std::int64_t startDays) {
      if (!instants)
        return makeDuration(0, 0, (*b.days - startDays) * kSecondsPerDay + tb / kNanosPerSecond - ta / kNanosPerSecond,
                            tb % kNanosPerSecond - ta % kNanosPerSecond);
      std::int64_t fromLocal = startDays * kSecondsPerDay + ta / kNanosPerSecond;
      DateTimeValue from = makeDateTime(fromLocal, static_cast<std::int32_t>(ta % kNanosPerSecond), a.offset, a.zone);
      std::int64_t utcB = *b.days * kSecondsPerDay + tb / kNanosPerSecond - b.offset;
      return makeDuration(0, 0, utcB - from.seconds, tb % kNanosPerSecond - from.nanos);
    };
    if (B == Between::Seconds) return Value(restFrom(*a.days));
    std::int64_t months = 0;
    if (B == Between::All || B == Between::Months) {
      std::int64_t ya, yb;
      unsigned ma, mb, da, db;
      civilFromDays(*a.days, ya, ma, da);
      civilFromDays(*b.days, yb, mb, db);
      months = (yb * 12 + mb) - (ya * 12 + ma);
      auto later = [](unsigned d1, std::int64_t t1, unsigned d2, std::int64_t t2) {
        return d1 != d2 ? d1 > d2 : t1 > t2;
      };
      if (months > 0 && later(da, ta, db, tb)) --months;
      if (months < 0 && later(db, tb, da, ta)) ++months;
      if (B == Between::Months) return Value(makeDuration(months, 0, 0, 0));
    }
    std::int64_t startDays = plus(DateValue{*a.days}, DurationValue{months, 0, 0, 0}).days;
    // Whole days toward zero: the rest keeps the sign of the whole.
    std::int64_t days = *b.days - startDays, rest = tb - ta;
    if (days > 0 && rest < 0) --days;
    if (days < 0 && rest > 0) ++days;
    if (B == Between::Days) return Value(makeDuration(0, days, 0, 0));
    DurationValue out = restFrom(startDays + days);
    out.months = months;
    out.days = days;
    return Value(out);
  } catch (const TemporalError& e) {
    fail(call, e.what(), e.hint());
  }
}

Value fromEpoch(const FunctionCall& call, Args& args, Ctx&) {
  if (args[0].isNull() || args[1].isNull()) return Value();
  std::int64_t s = intField(call, "seconds", args[0]), n = intField(call, "nanoseconds", args[1]);
  return Value(utcDateTime(call, s, n));
}

Value fromEpochMillis(const FunctionCall& call, Args& args, Ctx&) {
  if (args[0].isNull()) return Value();
  std::int64_t ms = intField(call, "milliseconds", args[0]);
  return Value(utcDateTime(call, floorDiv(ms, 1000), floorMod(ms, 1000) * 1'000'000));
}

constexpr bool lenient = false;

#define KGQ_TEMPORAL_KIND(NAME, K, T, WHAT)                                                                             \
  FunctionEntry{NAME, 0, 1, false, NAME "([x])",                                                                    \
                "a " WHAT " from ISO 8601 text, a map of fields or another temporal value; now without x", C::Temporal, \
                construct<K>, lenient, ValueType::T},                                                                             \
      FunctionEntry{NAME ".statement", 0, 1, false, NAME ".statement([zone])",                                      \
                    "the statement's clock as a " WHAT " (the same all through one statement)", C::Temporal,        \
                    clockNow<K, false>, lenient, ValueType::T},                                                                   \
      FunctionEntry{NAME ".transaction", 0, 1, false, NAME ".transaction([zone])",                                  \
                    "the statement's clock as a " WHAT " (as " NAME ".statement)", C::Temporal,                     \
                    clockNow<K, false>, lenient, ValueType::T},                                                                   \
      FunctionEntry{NAME ".realtime", 0, 1, false, NAME ".realtime([zone])",                                        \
                    "the real clock as a " WHAT " (changes within a statement)", C::Temporal, clockNow<K, true>,    \
                    lenient, ValueType::T},                                                                                       \
      FunctionEntry{NAME ".truncate", 2, 3, false, NAME ".truncate(unit, t[, fields])",                             \
                    "a temporal value cut down to a unit ('month', 'hour', ...) as a " WHAT, C::Temporal,           \
                    truncate<K>, lenient, ValueType::T}

const std::array kTemporal = {
    KGQ_TEMPORAL_KIND("date", Kind::Date, Date, "date"),
    KGQ_TEMPORAL_KIND("localtime", Kind::LocalTime, LocalTime, "local time"),
    KGQ_TEMPORAL_KIND("time", Kind::Time, Time, "time with an offset"),
    KGQ_TEMPORAL_KIND("localdatetime", Kind::LocalDateTime, LocalDateTime, "local datetime"),
    KGQ_TEMPORAL_KIND("datetime", Kind::DateTime, DateTime, "datetime with a zone"),
    FunctionEntry{"datetime.fromepoch", 2, 2, false, "datetime.fromepoch(seconds, nanoseconds)",
                  "the UTC datetime that many seconds and nanoseconds after 1970-01-01", C::Temporal, fromEpoch,
                  lenient, ValueType::DateTime},
    FunctionEntry{"datetime.fromepochmillis", 1, 1, false, "datetime.fromepochmillis(ms)",
                  "the UTC datetime that many milliseconds after 1970-01-01", C::Temporal, fromEpochMillis, lenient, ValueType::DateTime},
    FunctionEntry{"duration", 1, 1, false, "duration(x)",
                  "a duration from ISO 8601 text ('P1Y2M', 'PT1.5S') or a map of units", C::Temporal, durationOf,
                  true, ValueType::Duration},
    FunctionEntry{"duration.between", 2, 2, false, "duration.between(a, b)",
                  "the duration from a to b in months, days and seconds", C::Temporal, between<Between::All>,
                  lenient, ValueType::Duration},
    FunctionEntry{"duration.inMonths", 2, 2, false, "duration.inMonths(a, b)",
                  "the whole months from a to b", C::Temporal, between<Between::Months>, lenient, ValueType::Duration},
    FunctionEntry{"duration.inDays", 2, 2, false, "duration.inDays(a, b)", "the whole days from a to b",
                  C::Temporal, between<Between::Days>, lenient, ValueType::Duration},
    FunctionEntry{"duration.inSeconds", 2, 2, false, "duration.inSeconds(a, b)",
                  "the seconds (and nanoseconds) from a to b", C::Temporal, between<Between::Seconds>, lenient, ValueType::Duration},
};

#undef KGQ_TEMPORAL_KIND

// ---------------------------------------------------------------- properties

std::optional<Value> durationProperty(const DurationValue& d, std::string_view key) {
  std::int64_t subNanos = d.nanos;
  std::int64_t s = d.seconds;
  if (key == "years") return Value(d.months / 12);
  if (key == "quarters") return Value(d.months / 3);
  if (key == "months") return Value(d.months);
  if (key == "weeks") return Value(d.days / 7);
  if (key == "days") return Value(d.days);
  if (key == "hours") return Value(s / 3600);
  if (key == "minutes") return Value(s / 60);
  if (key == "seconds") return Value(s);
  auto scaled = [&](std::int64_t perSecond) {
    std::int64_t r = 0;
    if (__builtin_mul_overflow(s, perSecond, &r) || __builtin_add_overflow(r, subNanos / (kNanosPerSecond / perSecond), &r))
      throw TemporalError("the duration is too long to count in " + std::string(key),
                          "use .seconds, or a coarser unit");
    return Value(r);
  };
  if (key == "milliseconds") return scaled(1000);
  if (key == "microseconds") return scaled(1'000'000);
  if (key == "nanoseconds") return scaled(kNanosPerSecond);
  if (key == "quartersOfYear") return Value(d.months / 3 % 4);
  if (key == "monthsOfQuarter") return Value(d.months % 3);
  if (key == "monthsOfYear") return Value(d.months % 12);
  if (key == "daysOfWeek") return Value(d.days % 7);
  if (key == "minutesOfHour") return Value(s / 60 % 60);
  if (key == "secondsOfMinute") return Value(s % 60);
  if (key == "millisecondsOfSecond") return Value(subNanos / 1'000'000);
  if (key == "microsecondsOfSecond") return Value(subNanos / 1000);
  if (key == "nanosecondsOfSecond") return Value(subNanos);
  return std::nullopt;
}

}  // namespace

std::span<const FunctionEntry> temporalFunctions() { return kTemporal; }

std::optional<Value> temporalProperty(const Value& v, std::string_view key) {
  if (v.isDuration()) return durationProperty(v.asDuration(), key);
  if (!v.isTemporal()) return std::nullopt;
  Parts p = partsOf(v);
  if (p.days) {
    std::int64_t y;
    unsigned m, d;
    civilFromDays(*p.days, y, m, d);
    std::int64_t dow = floorMod(*p.days + 3, 7) + 1;  // ISO: Monday 1; 1970-01-01 was a Thursday
    if (key == "year") return Value(y);
    if (key == "quarter") return Value(static_cast<std::int64_t>((m - 1) / 3 + 1));
    if (key == "month") return Value(static_cast<std::int64_t>(m));
    if (key == "day") return Value(static_cast<std::int64_t>(d));
    if (key == "dayOfWeek" || key == "weekDay") return Value(dow);
    if (key == "ordinalDay") return Value(*p.days - daysFromCivil(y, 1, 1) + 1);
    if (key == "dayOfQuarter") return Value(*p.days - daysFromCivil(y, (m - 1) / 3 * 3 + 1, 1) + 1);
    if (key == "week" || key == "weekYear") {
      // The ISO week holds the Thursday of its Monday-to-Sunday run.
      std::int64_t thursday = *p.days - dow + 4;
      std::int64_t ty;
      unsigned tm, td;
      civilFromDays(thursday, ty, tm, td);
      if (key == "weekYear") return Value(ty);
      return Value((thursday - daysFromCivil(ty, 1, 1)) / 7 + 1);
    }
  }
  if (p.nanosOfDay) {
    std::int64_t n = *p.nanosOfDay;
    if (key == "hour") return Value(n / 3'600'000'000'000);
    if (key == "minute") return Value(n / 60'000'000'000 % 60);
    if (key == "second") return Value(n / kNanosPerSecond % 60);
    if (key == "millisecond") return Value(n % kNanosPerSecond / 1'000'000);
    if (key == "microsecond") return Value(n % kNanosPerSecond / 1000);
    if (key == "nanosecond") return Value(n % kNanosPerSecond);
  }
  if (p.zoned) {
    if (key == "timezone") return Value(p.zone ? std::string(zoneName(p.zone)) : offsetString(p.offset));
    if (key == "offset") return Value(offsetString(p.offset));
    if (key == "offsetMinutes") return Value(static_cast<std::int64_t>(p.offset / 60));
    if (key == "offsetSeconds") return Value(static_cast<std::int64_t>(p.offset));
  }
  if (v.type() == ValueType::DateTime) {
    const auto& dt = v.asDateTime();
    if (key == "epochSeconds") return Value(dt.seconds);
    if (key == "epochMillis") return Value(dt.seconds * 1000 + dt.nanos / 1'000'000);
  }
  return std::nullopt;
}

std::optional<Value> temporalArithmetic(TemporalOp op, const Value& a, const Value& b) {
  auto shift = [](const Value& t, const DurationValue& d) -> Value {
    switch (t.type()) {
      case ValueType::Date: return Value(plus(t.asDate(), d));
      case ValueType::LocalTime: return Value(plus(t.asLocalTime(), d));
      case ValueType::Time: return Value(plus(t.asTime(), d));
      case ValueType::LocalDateTime: return Value(plus(t.asLocalDateTime(), d));
      case ValueType::DateTime: return Value(plus(t.asDateTime(), d));
      default: return Value();
    }
  };
  switch (op) {
    case TemporalOp::Add:
      if (a.isDuration() && b.isDuration()) return Value(addDurations(a.asDuration(), b.asDuration()));
      if (a.isTemporal() && b.isDuration()) return shift(a, b.asDuration());
      if (a.isDuration() && b.isTemporal()) return shift(b, a.asDuration());
      return std::nullopt;
    case TemporalOp::Sub:
      if (a.isDuration() && b.isDuration()) return Value(addDurations(a.asDuration(), negate(b.asDuration())));
      if (a.isTemporal() && b.isDuration()) return shift(a, negate(b.asDuration()));
      return std::nullopt;
    case TemporalOp::Mul:
      if (a.isDuration() && b.isNumber()) return Value(scaleDuration(a.asDuration(), b.asNumber()));
      if (a.isNumber() && b.isDuration()) return Value(scaleDuration(b.asDuration(), a.asNumber()));
      return std::nullopt;
    case TemporalOp::Div:
      if (a.isDuration() && b.isNumber()) {
        if (b.asNumber() == 0) throw TemporalError("division of a duration by zero");
        const DurationValue& d = a.asDuration();
        double f = b.asNumber();
        return Value(makeDurationApprox(static_cast<double>(d.months) / f, static_cast<double>(d.days) / f,
                                        static_cast<double>(d.seconds) / f, static_cast<double>(d.nanos) / f));
      }
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace kgq
