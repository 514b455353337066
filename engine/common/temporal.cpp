#include "common/temporal.h"

#include "common/floor_div.h"

#include <date/date.h>
#include <date/iso_week.h>
#include <date/tz.h>

#include <cctype>
#include <cmath>
#include <deque>
#include <limits>
#include <mutex>

namespace kgq {

namespace {

constexpr double kDaysPerMonth = 30.436875;  // 365.2425 / 12, the Gregorian average


std::int64_t checkedAdd(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) throw TemporalError("temporal arithmetic overflow");
  return r;
}
std::int64_t checkedMul(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) throw TemporalError("temporal arithmetic overflow");
  return r;
}

// date::year holds -32767 .. 32767; kgq keeps years to -9999 .. 9999 beyond which ISO text needs
// an agreed expansion anyway.
void checkYear(std::int64_t year) {
  if (year < -9999 || year > 9999)
    throw TemporalError("year " + std::to_string(year) + " is out of range", "years run from -9999 to 9999");
}

const char* const kMonthNames[] = {"", "January", "February", "March", "April", "May", "June", "July",
                                   "August", "September", "October", "November", "December"};

}  // namespace

std::int64_t daysFromCivil(std::int64_t year, unsigned month, unsigned day) {
  checkYear(year);
  if (month < 1 || month > 12)
    throw TemporalError("invalid month " + std::to_string(month), "months run from 1 to 12");
  date::year_month_day ymd{date::year{static_cast<int>(year)}, date::month{month}, date::day{day}};
  if (!ymd.ok()) {
    unsigned last = static_cast<unsigned>(
        date::year_month_day_last{date::year{static_cast<int>(year)}, date::month_day_last{date::month{month}}}
            .day());
    throw TemporalError("invalid date: " + std::string(kMonthNames[month]) + " " + std::to_string(year) + " has " +
                            std::to_string(last) + " days, not " + std::to_string(day),
                        "days of this month run from 1 to " + std::to_string(last));
  }
  return date::sys_days(ymd).time_since_epoch().count();
}

bool validDays(std::int64_t days) {
  static const std::int64_t first = daysFromCivil(-9999, 1, 1), last = daysFromCivil(9999, 12, 31);
  return days >= first && days <= last;
}

void checkDays(std::int64_t days) {
  if (!validDays(days))
    throw TemporalError("the date is out of range", "years run from -9999 to 9999");
}

void civilFromDays(std::int64_t days, std::int64_t& year, unsigned& month, unsigned& day) {
  date::year_month_day ymd{date::sys_days{date::days{days}}};
  year = static_cast<int>(ymd.year());
  month = static_cast<unsigned>(ymd.month());
  day = static_cast<unsigned>(ymd.day());
}

// ---------------------------------------------------------------- zones

namespace {
struct ZoneTable {
  std::mutex mutex;
  std::deque<const date::time_zone*> zones{nullptr};  // id 0: no zone
};
ZoneTable& zoneTable() {
  static ZoneTable t;
  return t;
}
const date::time_zone* zoneOf(std::uint32_t id) {
  auto& t = zoneTable();
  std::lock_guard lock(t.mutex);
  return id < t.zones.size() ? t.zones[id] : nullptr;
}
}  // namespace

std::uint32_t zoneId(std::string_view name) {
  const date::time_zone* tz = nullptr;
  try {
    tz = date::locate_zone(name);
  } catch (const std::exception&) {
    throw TemporalError("unknown time zone '" + std::string(name) + "'",
                        "use an IANA name such as 'Europe/Minsk' or an offset such as '+05:00'");
  }
  auto& t = zoneTable();
  std::lock_guard lock(t.mutex);
  for (std::size_t i = 1; i < t.zones.size(); ++i)
    if (t.zones[i] == tz) return static_cast<std::uint32_t>(i);
  t.zones.push_back(tz);
  return static_cast<std::uint32_t>(t.zones.size() - 1);
}

std::string_view zoneName(std::uint32_t id) {
  const date::time_zone* tz = zoneOf(id);
  return tz ? std::string_view(tz->name()) : std::string_view();
}

std::int32_t zoneOffsetAt(std::uint32_t zone, std::int64_t utcSeconds) {
  const date::time_zone* tz = zoneOf(zone);
  if (!tz) return 0;
  auto info = tz->get_info(date::sys_seconds{std::chrono::seconds{utcSeconds}});
  return static_cast<std::int32_t>(info.offset.count());
}

std::int64_t zoneLocalToUtc(std::uint32_t zone, std::int64_t localSeconds) {
  const date::time_zone* tz = zoneOf(zone);
  if (!tz) return localSeconds;
  auto info = tz->get_info(date::local_seconds{std::chrono::seconds{localSeconds}});
  // Unique: the only offset. Gap: the offset before it, which moves the time forward by the
  // gap. Overlap: the earlier offset, the earlier instant.
  return localSeconds - info.first.offset.count();
}

DateTimeValue makeDateTime(std::int64_t localSeconds, std::int32_t nanos, std::int32_t offset, std::uint32_t zone) {
  DateTimeValue v;
  v.nanos = nanos;
  v.zone = zone;
  if (zone) {
    v.seconds = zoneLocalToUtc(zone, localSeconds);
    v.offset = zoneOffsetAt(zone, v.seconds);
  } else {
    v.seconds = localSeconds - offset;
    v.offset = offset;
  }
  return v;
}

// ---------------------------------------------------------------- parsing

namespace {

class Scanner {
 public:
  Scanner(std::string_view s, const char* what) : s_(s), what_(what) {}
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  bool accept(char c) {
    if (!done() && std::toupper(static_cast<unsigned char>(s_[i_])) == c) {
      ++i_;
      return true;
    }
    return false;
  }
  std::size_t digitsAhead() const {
    std::size_t n = 0;
    while (i_ + n < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_ + n]))) ++n;
    return n;
  }
  std::int64_t number(std::size_t n) {
    if (digitsAhead() < n) fail();
    std::int64_t v = 0;
    for (std::size_t k = 0; k < n; ++k) v = v * 10 + (s_[i_++] - '0');
    return v;
  }
  // A fraction after '.' or ',' as nanoseconds (at most 9 digits).
  std::int64_t fraction() {
    std::size_t n = digitsAhead();
    if (n == 0 || n > 9) fail();
    std::int64_t v = number(n);
    for (std::size_t k = n; k < 9; ++k) v *= 10;
    return v;
  }
  std::string_view rest() const { return s_.substr(std::min(i_, s_.size())); }
  void skip(std::size_t n) { i_ += n; }
  [[noreturn]] void fail() const {
    throw TemporalError("text cannot be parsed to a " + std::string(what_) + ": '" + std::string(s_) + "'",
                        "write ISO 8601, for instance " + std::string(example()));
  }

 private:
  std::string_view example() const {
    std::string_view w = what_;
    if (w == "date") return "'2015-07-21', '2015-W30-2', '2015-202' or '2015-07'";
    if (w == "duration") return "'P1Y2M10DT2H30M' or 'PT1.5S'";
    if (w == "local time") return "'21:40:32.142'";
    if (w == "time") return "'21:40:32.142+01:00'";
    if (w == "local datetime") return "'2015-07-21T21:40:32.142'";
    return "'2015-07-21T21:40:32.142+01:00' or '2015-07-21T21:40[Europe/Minsk]'";
  }
  std::string_view s_;
  const char* what_;
  std::size_t i_ = 0;
};

std::int64_t scanDate(Scanner& sc) {
  bool negative = false;
  std::int64_t year;
  if (sc.peek() == '+' || sc.peek() == '-') {
    negative = sc.peek() == '-';
    sc.skip(1);
    std::size_t n = sc.digitsAhead();
    if (n < 4 || n > 9) sc.fail();
    year = sc.number(n);
  } else {
    year = sc.number(4);
  }
  if (negative) year = -year;
  checkYear(year);
  bool dashed = sc.accept('-');
  if (sc.accept('W')) {
    auto week = static_cast<unsigned>(sc.number(2));
    unsigned weekday = 1;
    if (dashed ? sc.accept('-') : sc.digitsAhead() == 1) weekday = static_cast<unsigned>(sc.number(1));
    iso_week::year_weeknum_weekday w{iso_week::year{static_cast<int>(year)}, iso_week::weeknum{week},
                                     iso_week::weekday{weekday}};
    if (!w.ok())
      throw TemporalError("invalid week date: week " + std::to_string(week) + " day " + std::to_string(weekday) +
                              " of " + std::to_string(year),
                          "weeks run from 1 to 52 or 53, days of the week from 1 (Monday) to 7");
    return date::sys_days(w).time_since_epoch().count();
  }
  std::size_t n = sc.digitsAhead();
  if (n == 0) {
    if (dashed) sc.fail();
    return daysFromCivil(year, 1, 1);
  }
  if (n == 3) {
    std::int64_t ordinal = sc.number(3);
    bool leap = date::year{static_cast<int>(year)}.is_leap();
    if (ordinal < 1 || ordinal > (leap ? 366 : 365))
      throw TemporalError("invalid ordinal day " + std::to_string(ordinal) + " of " + std::to_string(year),
                          std::string("days of this year run from 1 to ") + (leap ? "366" : "365"));
    return daysFromCivil(year, 1, 1) + ordinal - 1;
  }
  auto month = static_cast<unsigned>(sc.number(2));
  unsigned day = 1;
  if (dashed ? sc.accept('-') : sc.digitsAhead() > 0) day = static_cast<unsigned>(sc.number(2));
  return daysFromCivil(year, month, day);
}

std::int64_t scanTime(Scanner& sc) {
  std::int64_t hour = sc.number(2), minute = 0, second = 0, nanos = 0;
  bool colons = sc.accept(':');
  if (colons || sc.digitsAhead() >= 2) {
    minute = sc.number(2);
    if (colons ? sc.accept(':') : sc.digitsAhead() >= 2) {
      second = sc.number(2);
      if (sc.accept('.') || sc.accept(',')) nanos = sc.fraction();
    }
  }
  if (hour > 23) throw TemporalError("invalid hour " + std::to_string(hour), "hours run from 0 to 23");
  if (minute > 59) throw TemporalError("invalid minute " + std::to_string(minute), "minutes run from 0 to 59");
  if (second > 59) throw TemporalError("invalid second " + std::to_string(second), "seconds run from 0 to 59");
  return ((hour * 60 + minute) * 60 + second) * kNanosPerSecond + nanos;
}

struct ZonePart {
  bool present = false;
  std::int32_t offset = 0;
  std::uint32_t zone = 0;
};

// Z | +hh[:mm[:ss]] | -hh..., then an optional [Region/City].
ZonePart scanZone(Scanner& sc, bool allowNamed) {
  ZonePart z;
  if (sc.accept('Z')) {
    z.present = true;
  } else if (sc.peek() == '+' || sc.peek() == '-') {
    int sign = sc.peek() == '-' ? -1 : 1;
    sc.skip(1);
    std::int64_t h = sc.number(2), m = 0, s = 0;
    bool colon = sc.accept(':');
    if (colon || sc.digitsAhead() >= 2) {
      m = sc.number(2);
      if (colon ? sc.accept(':') : sc.digitsAhead() >= 2) s = sc.number(2);
    }
    if (h > 18 || m > 59 || s > 59 || h * 3600 + m * 60 + s > 18 * 3600)
      throw TemporalError("invalid offset", "offsets run from -18:00 to +18:00");
    z.present = true;
    z.offset = static_cast<std::int32_t>(sign * (h * 3600 + m * 60 + s));
  }
  if (sc.peek() == '[') {
    if (!allowNamed) sc.fail();
    auto rest = sc.rest();
    auto close = rest.find(']');
    if (close == std::string_view::npos || close + 1 != rest.size()) sc.fail();
    z.zone = zoneId(rest.substr(1, close - 1));
    z.present = true;
    sc.skip(close + 1);
  }
  return z;
}

}  // namespace

DateValue parseDate(std::string_view s) {
  Scanner sc(s, "date");
  DateValue v{scanDate(sc)};
  if (!sc.done()) sc.fail();
  return v;
}

LocalTimeValue parseLocalTime(std::string_view s) {
  Scanner sc(s, "local time");
  if (sc.peek() == 'T' || sc.peek() == 't') sc.skip(1);
  LocalTimeValue v{scanTime(sc)};
  if (!sc.done()) sc.fail();
  return v;
}

TimeValue parseTime(std::string_view s) {
  Scanner sc(s, "time");
  if (sc.peek() == 'T' || sc.peek() == 't') sc.skip(1);
  TimeValue v;
  v.nanos = scanTime(sc);
  ZonePart z = scanZone(sc, true);
  if (!sc.done()) sc.fail();
  // A zone without a date has no offset of its own; use the one in force now.
  v.offset = z.zone ? zoneOffsetAt(z.zone, std::chrono::duration_cast<std::chrono::seconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count())
                    : z.offset;
  return v;
}

LocalDateTimeValue parseLocalDateTime(std::string_view s) {
  Scanner sc(s, "local datetime");
  std::int64_t days = scanDate(sc);
  std::int64_t nanos = 0;
  if (sc.accept('T')) nanos = scanTime(sc);
  if (!sc.done()) sc.fail();
  return LocalDateTimeValue{days * kSecondsPerDay + nanos / kNanosPerSecond,
                            static_cast<std::int32_t>(nanos % kNanosPerSecond)};
}

DateTimeValue parseDateTime(std::string_view s) {
  Scanner sc(s, "datetime");
  std::int64_t days = scanDate(sc);
  std::int64_t nanos = 0;
  ZonePart z;
  if (sc.accept('T')) {
    nanos = scanTime(sc);
    z = scanZone(sc, true);
  }
  if (!sc.done()) sc.fail();
  return makeDateTime(days * kSecondsPerDay + nanos / kNanosPerSecond,
                      static_cast<std::int32_t>(nanos % kNanosPerSecond), z.offset, z.zone);
}

DurationValue parseDuration(std::string_view s) {
  Scanner sc(s, "duration");
  bool negativeAll = false;
  if (sc.peek() == '-' || sc.peek() == '+') {
    negativeAll = sc.peek() == '-';
    sc.skip(1);
  }
  if (!sc.accept('P')) sc.fail();
  DurationValue out;
  // The alternative form: P2012-02-02T14:37:21.545
  if (sc.digitsAhead() == 4 && sc.rest().size() > 4 && sc.rest()[4] == '-') {
    std::int64_t years = sc.number(4);
    if (!sc.accept('-')) sc.fail();
    std::int64_t months = sc.number(2);
    if (!sc.accept('-')) sc.fail();
    std::int64_t days = sc.number(2);
    std::int64_t secs = 0, nanos = 0;
    if (sc.accept('T')) {
      std::int64_t h = sc.number(2);
      if (!sc.accept(':')) sc.fail();
      std::int64_t m = sc.number(2);
      if (!sc.accept(':')) sc.fail();
      std::int64_t sec = sc.number(2);
      if (sc.accept('.') || sc.accept(',')) nanos = sc.fraction();
      secs = h * 3600 + m * 60 + sec;
    }
    if (!sc.done()) sc.fail();
    out = makeDuration(years * 12 + months, days, secs, nanos);
    return negativeAll ? negate(out) : out;
  }
  bool inTime = false, any = false;
  double fracMonths = 0, fracDays = 0, fracSeconds = 0;
  std::int64_t months = 0, days = 0, seconds = 0, nanos = 0;
  static constexpr char kDateUnits[] = "YMWD", kTimeUnits[] = "HMS";
  std::size_t unitPos = 0;  // units must come in order
  while (!sc.done()) {
    if (!inTime && sc.accept('T')) {
      inTime = true;
      unitPos = 0;
      if (sc.done()) sc.fail();
      continue;
    }
    bool neg = false;
    if (sc.peek() == '-' || sc.peek() == '+') {
      neg = sc.peek() == '-';
      sc.skip(1);
    }
    std::size_t n = sc.digitsAhead();
    if (n == 0 || n > 18) sc.fail();
    std::int64_t whole = sc.number(n);
    std::int64_t frac = 0;  // nanos of one unit
    bool hasFrac = sc.accept('.') || sc.accept(',');
    if (hasFrac) frac = sc.fraction();
    char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(sc.peek())));
    std::string_view units = inTime ? kTimeUnits : kDateUnits;
    auto at = units.find(unit);
    if (unit == '\0' || at == std::string_view::npos || at < unitPos) sc.fail();
    sc.skip(1);
    unitPos = at + 1;
    any = true;
    int sign = neg ? -1 : 1;
    double f = sign * static_cast<double>(frac) / kNanosPerSecond;
    whole *= sign;
    if (!inTime) {
      switch (unit) {
        case 'Y': months = checkedAdd(months, checkedMul(whole, 12)); fracMonths += f * 12; break;
        case 'M': months = checkedAdd(months, whole); fracMonths += f; break;
        case 'W': days = checkedAdd(days, checkedMul(whole, 7)); fracDays += f * 7; break;
        default: days = checkedAdd(days, whole); fracDays += f; break;
      }
    } else {
      switch (unit) {
        case 'H': seconds = checkedAdd(seconds, checkedMul(whole, 3600)); fracSeconds += f * 3600; break;
        case 'M': seconds = checkedAdd(seconds, checkedMul(whole, 60)); fracSeconds += f * 60; break;
        default:
          seconds = checkedAdd(seconds, whole);
          nanos += sign * frac;  // exact: a fraction of a second is nanoseconds already
          break;
      }
    }
  }
  if (!any) sc.fail();
  out = addDurations(makeDuration(months, days, seconds, nanos), makeDurationApprox(fracMonths, fracDays, fracSeconds, 0));
  return negativeAll ? negate(out) : out;
}

// ---------------------------------------------------------------- printing

namespace {

std::string pad(std::int64_t v, int width) {
  std::string s = std::to_string(v < 0 ? -v : v);
  if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
  return s;
}

// Java's LocalTime.toString: seconds only when a second or a fraction is set, the fraction in
// groups of three digits.
std::string timeText(std::int64_t nanosOfDay) {
  std::int64_t secs = nanosOfDay / kNanosPerSecond, nanos = nanosOfDay % kNanosPerSecond;
  std::string out = pad(secs / 3600, 2) + ":" + pad(secs / 60 % 60, 2);
  if (secs % 60 || nanos) {
    out += ":" + pad(secs % 60, 2);
    if (nanos) {
      if (nanos % 1'000'000 == 0) out += "." + pad(nanos / 1'000'000, 3);
      else if (nanos % 1000 == 0) out += "." + pad(nanos / 1000, 6);
      else out += "." + pad(nanos, 9);
    }
  }
  return out;
}

std::string dateText(std::int64_t days) {
  std::int64_t y;
  unsigned m, d;
  civilFromDays(days, y, m, d);
  std::string year = y < 0 ? "-" + pad(y, 4) : (y > 9999 ? "+" + pad(y, 4) : pad(y, 4));
  return year + "-" + pad(m, 2) + "-" + pad(d, 2);
}

}  // namespace

std::string offsetString(std::int32_t offset) {
  if (offset == 0) return "Z";
  std::int32_t a = offset < 0 ? -offset : offset;
  std::string out = std::string(offset < 0 ? "-" : "+") + pad(a / 3600, 2) + ":" + pad(a / 60 % 60, 2);
  if (a % 60) out += ":" + pad(a % 60, 2);
  return out;
}

std::string toString(const DateValue& v) { return dateText(v.days); }
std::string toString(const LocalTimeValue& v) { return timeText(v.nanos); }
std::string toString(const TimeValue& v) { return timeText(v.nanos) + offsetString(v.offset); }
std::string toString(const LocalDateTimeValue& v) {
  return dateText(floorDiv(v.seconds, kSecondsPerDay)) + "T" +
         timeText(floorMod(v.seconds, kSecondsPerDay) * kNanosPerSecond + v.nanos);
}
std::string toString(const DateTimeValue& v) {
  std::string out = toString(LocalDateTimeValue{localSecondsOf(v), v.nanos}) + offsetString(v.offset);
  if (v.zone) out += "[" + std::string(zoneName(v.zone)) + "]";
  return out;
}

std::string toString(const DurationValue& v) {
  if (v == DurationValue{}) return "PT0S";
  std::string out = "P";
  auto part = [&](std::int64_t n, char unit) {
    if (n) out += std::to_string(n) + unit;
  };
  part(v.months / 12, 'Y');
  part(v.months % 12, 'M');
  part(v.days, 'D');
  if (v.seconds || v.nanos) {
    out += 'T';
    // Print the magnitude with one sign: -1.5 s is seconds -2, nanos 500 000 000.
    bool negative = v.seconds < 0;
    std::int64_t s = v.seconds, n = v.nanos;
    if (negative && n) {
      s += 1;
      n = kNanosPerSecond - n;
    }
    part(s / 3600, 'H');
    part(s / 60 % 60, 'M');
    std::int64_t sec = s % 60;
    if (sec || n) {
      if (negative && sec == 0) out += '-';
      out += std::to_string(sec);
      if (n) {
        std::string f = pad(n, 9);
        while (f.back() == '0') f.pop_back();
        out += "." + f;
      }
      out += 'S';
    }
  }
  return out;
}

// ---------------------------------------------------------------- arithmetic

DurationValue makeDuration(std::int64_t months, std::int64_t days, std::int64_t seconds, std::int64_t nanos) {
  DurationValue d;
  d.months = months;
  d.days = days;
  d.seconds = checkedAdd(seconds, floorDiv(nanos, kNanosPerSecond));
  d.nanos = static_cast<std::int32_t>(floorMod(nanos, kNanosPerSecond));
  return d;
}

DurationValue makeDurationApprox(double months, double days, double seconds, double nanos) {
  auto whole = [](double x) {
    if (!std::isfinite(x) || std::fabs(x) >= 9.2e18) throw TemporalError("duration out of range");
    return static_cast<std::int64_t>(std::trunc(x));
  };
  std::int64_t m = whole(months);
  days += (months - static_cast<double>(m)) * kDaysPerMonth;
  std::int64_t d = whole(days);
  seconds += (days - static_cast<double>(d)) * kSecondsPerDay;
  std::int64_t s = whole(seconds);
  nanos += (seconds - static_cast<double>(s)) * kNanosPerSecond;
  return makeDuration(m, d, s, whole(std::round(nanos)));
}

DurationValue addDurations(const DurationValue& a, const DurationValue& b) {
  return makeDuration(checkedAdd(a.months, b.months), checkedAdd(a.days, b.days), checkedAdd(a.seconds, b.seconds),
                      static_cast<std::int64_t>(a.nanos) + b.nanos);
}

DurationValue negate(const DurationValue& d) {
  return makeDuration(checkedMul(d.months, -1), checkedMul(d.days, -1), checkedMul(d.seconds, -1),
                      -static_cast<std::int64_t>(d.nanos));
}

DurationValue scaleDuration(const DurationValue& d, double f) {
  double whole = std::trunc(f);
  if (whole == f && std::fabs(f) < 9.2e18) {
    auto k = static_cast<std::int64_t>(f);
    return makeDuration(checkedMul(d.months, k), checkedMul(d.days, k), checkedMul(d.seconds, k),
                        checkedMul(d.nanos, k));
  }
  return makeDurationApprox(static_cast<double>(d.months) * f, static_cast<double>(d.days) * f,
                            static_cast<double>(d.seconds) * f, static_cast<double>(d.nanos) * f);
}

long double durationLength(const DurationValue& d) {
  return static_cast<long double>(d.months) * kDaysPerMonth * kSecondsPerDay +
         static_cast<long double>(d.days) * kSecondsPerDay + static_cast<long double>(d.seconds) +
         static_cast<long double>(d.nanos) / kNanosPerSecond;
}

namespace {

std::int64_t plusMonthsDays(std::int64_t days, const DurationValue& d) {
  if (d.months) {
    std::int64_t y;
    unsigned m, day;
    civilFromDays(days, y, m, day);
    std::int64_t total = checkedAdd(y * 12 + (m - 1), d.months);
    std::int64_t ny = floorDiv(total, 12);
    auto nm = static_cast<unsigned>(floorMod(total, 12) + 1);
    checkYear(ny);
    unsigned last = static_cast<unsigned>(
        date::year_month_day_last{date::year{static_cast<int>(ny)}, date::month_day_last{date::month{nm}}}.day());
    days = daysFromCivil(ny, nm, std::min(day, last));
  }
  days = checkedAdd(days, d.days);
  checkDays(days);
  return days;
}

std::int64_t plusNanosOfDay(std::int64_t nanos, const DurationValue& d) {
  std::int64_t add = floorMod(d.seconds, kSecondsPerDay) * kNanosPerSecond + d.nanos;
  return floorMod(nanos + add, kNanosPerDay);
}

// Local seconds + nanos moved by a duration's months and days (on the date) and seconds.
void plusLocal(std::int64_t& seconds, std::int32_t& nanos, const DurationValue& d, bool withSeconds) {
  std::int64_t days = plusMonthsDays(floorDiv(seconds, kSecondsPerDay), d);
  seconds = checkedAdd(checkedMul(days, kSecondsPerDay), floorMod(seconds, kSecondsPerDay));
  if (!withSeconds) return;
  std::int64_t n = static_cast<std::int64_t>(nanos) + d.nanos;
  seconds = checkedAdd(checkedAdd(seconds, d.seconds), floorDiv(n, kNanosPerSecond));
  nanos = static_cast<std::int32_t>(floorMod(n, kNanosPerSecond));
  checkDays(floorDiv(seconds, kSecondsPerDay));
}

}  // namespace

DateValue plus(const DateValue& v, const DurationValue& d) {
  // A date also moves by the whole days in the seconds, toward zero (java.time, as Neo4j):
  // PT33H is one day on a date, PT-33H minus one.
  DurationValue withDays = d;
  std::int64_t seconds = d.seconds < 0 && d.nanos > 0 ? d.seconds + 1 : d.seconds;
  withDays.days = checkedAdd(d.days, seconds / kSecondsPerDay);
  return DateValue{plusMonthsDays(v.days, withDays)};
}
LocalTimeValue plus(const LocalTimeValue& v, const DurationValue& d) {
  return LocalTimeValue{plusNanosOfDay(v.nanos, d)};
}
TimeValue plus(const TimeValue& v, const DurationValue& d) { return TimeValue{plusNanosOfDay(v.nanos, d), v.offset}; }
LocalDateTimeValue plus(const LocalDateTimeValue& v, const DurationValue& d) {
  LocalDateTimeValue out = v;
  plusLocal(out.seconds, out.nanos, d, true);
  return out;
}
DateTimeValue plus(const DateTimeValue& v, const DurationValue& d) {
  // Months and days move the wall clock (a day across a DST change is 23 or 25 hours);
  // seconds move the instant.
  std::int64_t local = localSecondsOf(v);
  std::int32_t nanos = v.nanos;
  plusLocal(local, nanos, d, false);
  DateTimeValue out = makeDateTime(local, nanos, v.offset, v.zone);
  std::int64_t n = static_cast<std::int64_t>(out.nanos) + d.nanos;
  out.seconds = checkedAdd(checkedAdd(out.seconds, d.seconds), floorDiv(n, kNanosPerSecond));
  out.nanos = static_cast<std::int32_t>(floorMod(n, kNanosPerSecond));
  checkDays(floorDiv(out.seconds, kSecondsPerDay));  // before the zone is asked about the instant
  if (out.zone) out.offset = zoneOffsetAt(out.zone, out.seconds);
  checkDays(floorDiv(localSecondsOf(out), kSecondsPerDay));
  return out;
}

}  // namespace kgq
