// The openCypher temporal values: date, localtime, time, localdatetime,
// datetime and duration. Calendars and time zones come from Howard Hinnant's
// date/tz library (the system zoneinfo in /usr/share/zoneinfo), so this file
// holds no calendar tables of its own; it only parses, prints and does the
// openCypher arithmetic on top.
//
// Representations are small and trivially copyable so that Value holds them
// inline. Times are nanoseconds; a datetime is an instant (UTC seconds) with the
// offset in force there and, for a named zone, the zone's id in a process-wide
// table (0 = a fixed offset only).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kgq {

struct DateValue {
  std::int64_t days = 0;  // since 1970-01-01
  bool operator==(const DateValue&) const = default;
};
struct LocalTimeValue {
  std::int64_t nanos = 0;  // of the day
  bool operator==(const LocalTimeValue&) const = default;
};
struct TimeValue {
  std::int64_t nanos = 0;  // local, of the day
  std::int32_t offset = 0;  // seconds east of UTC
  bool operator==(const TimeValue&) const = default;
};
struct LocalDateTimeValue {
  std::int64_t seconds = 0;  // local wall-clock seconds since 1970-01-01T00:00
  std::int32_t nanos = 0;
  bool operator==(const LocalDateTimeValue&) const = default;
};
struct DateTimeValue {
  std::int64_t seconds = 0;  // UTC seconds since the epoch
  std::int32_t nanos = 0;
  std::int32_t offset = 0;  // seconds east of UTC at this instant
  std::uint32_t zone = 0;   // zoneName(zone); 0 = fixed offset
  bool operator==(const DateTimeValue&) const = default;
};
// openCypher keeps a duration's months, days and seconds apart: a month is not a
// fixed number of days, nor a day a fixed number of seconds (DST).
struct DurationValue {
  std::int64_t months = 0;
  std::int64_t days = 0;
  std::int64_t seconds = 0;
  std::int32_t nanos = 0;  // 0 .. 999 999 999, the sign is the seconds'
  bool operator==(const DurationValue&) const = default;
};

// Bad temporal text, field or arithmetic; the caller adds the position.
class TemporalError : public std::runtime_error {
 public:
  TemporalError(const std::string& message, std::string hint = {})
      : std::runtime_error(message), hint_(std::move(hint)) {}
  const std::string& hint() const { return hint_; }

 private:
  std::string hint_;
};

inline constexpr std::int64_t kNanosPerSecond = 1'000'000'000;
inline constexpr std::int64_t kSecondsPerDay = 86'400;
inline constexpr std::int64_t kNanosPerDay = kSecondsPerDay * kNanosPerSecond;

// Civil calendar (proleptic Gregorian).
std::int64_t daysFromCivil(std::int64_t year, unsigned month, unsigned day);  // throws on an invalid date
void civilFromDays(std::int64_t days, std::int64_t& year, unsigned& month, unsigned& day);  // needs validDays
// Days since 1970-01-01 within the years -9999 .. 9999; checkDays throws TemporalError otherwise.
bool validDays(std::int64_t days);
void checkDays(std::int64_t days);

// Zones: an IANA name ("Europe/Stockholm") to a table id, and back.
std::uint32_t zoneId(std::string_view name);  // throws TemporalError for an unknown zone
std::string_view zoneName(std::uint32_t id);
// The offset of a zone at a UTC instant.
std::int32_t zoneOffsetAt(std::uint32_t zone, std::int64_t utcSeconds);
// The UTC instant of a local wall-clock time in a zone: in a gap the time moves
// forward by the gap's length, in an overlap the earlier offset wins (as Java).
std::int64_t zoneLocalToUtc(std::uint32_t zone, std::int64_t localSeconds);
// A datetime at a local time: in `zone` when non-zero, else at `offset`.
DateTimeValue makeDateTime(std::int64_t localSeconds, std::int32_t nanos, std::int32_t offset, std::uint32_t zone);
inline std::int64_t localSecondsOf(const DateTimeValue& d) { return d.seconds + d.offset; }

// ISO 8601 text, as openCypher reads it.
DateValue parseDate(std::string_view s);
LocalTimeValue parseLocalTime(std::string_view s);
TimeValue parseTime(std::string_view s);  // without an offset: UTC
LocalDateTimeValue parseLocalDateTime(std::string_view s);
DateTimeValue parseDateTime(std::string_view s);  // without an offset: UTC
DurationValue parseDuration(std::string_view s);

// ISO 8601 text as Neo4j prints it (seconds and fractions only when non-zero).
std::string toString(const DateValue& v);
std::string toString(const LocalTimeValue& v);
std::string toString(const TimeValue& v);
std::string toString(const LocalDateTimeValue& v);
std::string toString(const DateTimeValue& v);
std::string toString(const DurationValue& v);
std::string offsetString(std::int32_t offsetSeconds);  // "Z", "+01:00"

// Duration arithmetic; throws TemporalError on overflow.
DurationValue makeDuration(std::int64_t months, std::int64_t days, std::int64_t seconds, std::int64_t nanos);
// Fractional parts spill down: months into days (30.436875 a month), days into seconds.
DurationValue makeDurationApprox(double months, double days, double seconds, double nanos);
DurationValue addDurations(const DurationValue& a, const DurationValue& b);
DurationValue negate(const DurationValue& d);
DurationValue scaleDuration(const DurationValue& d, double factor);

// Moving a date (time) by a duration: months first (the day clamped to the
// month's end), then days, then seconds.
DateValue plus(const DateValue& v, const DurationValue& d);
LocalTimeValue plus(const LocalTimeValue& v, const DurationValue& d);
TimeValue plus(const TimeValue& v, const DurationValue& d);
LocalDateTimeValue plus(const LocalDateTimeValue& v, const DurationValue& d);
DateTimeValue plus(const DateTimeValue& v, const DurationValue& d);

// Average length in seconds (a month 30.436875 days), to order durations.
long double durationLength(const DurationValue& d);

}  // namespace kgq
