// Years, months and days as AS OF and the time keys of relationships give them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kgq {

class Value;

// A point of the calendar at its precision: a year, a month or a day. AS OF and the time keys of
// relationships (metadata `time`) are compared at the coarser precision of the two.
struct CalendarPoint {
  std::int64_t year = 0;
  unsigned month = 0;  // 0: a year
  unsigned day = 0;    // 0: a year or a month
  std::string text;    // as answers say it: "2015", "2015-06", "2015-06-01"
};
// '2015', '2015-06', '2015-06-01' or another ISO date ('2015-W30-2': a day); throws TemporalError.
CalendarPoint calendarPoint(std::string_view text);
// A time key's value: an integer (a year), a date or a datetime (its local date), or a text
// '2015', '2015-06', '2015-06-01'; nullopt for anything else.
std::optional<CalendarPoint> calendarPointOf(const Value& v);
// a <=> b at the coarser precision of the two: 2015-06 equals 2015, 2015-06 < 2015-07-01.
int compareCalendarPoints(const CalendarPoint& a, const CalendarPoint& b);

}  // namespace kgq
