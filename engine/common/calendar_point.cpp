#include "common/calendar_point.h"

#include <algorithm>
#include <cctype>

#include "common/value.h"

namespace kgq {

CalendarPoint calendarPoint(std::string_view text) {
  std::int64_t days = parseDate(text).days;
  CalendarPoint t;
  t.text = std::string(text);
  unsigned m, d;
  civilFromDays(days, t.year, m, d);
  bool yearOnly = text.find_first_not_of("0123456789+-") == std::string_view::npos && text.find('-', 1) == std::string_view::npos;
  bool monthOnly = !yearOnly && text.size() == 7 && text[4] == '-';
  if (!yearOnly) t.month = m;
  if (!yearOnly && !monthOnly) t.day = d;
  return t;
}

std::optional<CalendarPoint> calendarPointOf(const Value& v) {
  if (v.isInt()) return CalendarPoint{v.asInt(), 0, 0, std::to_string(v.asInt())};
  if (v.isString()) {
    // Only the plain shapes: other text in a time key is a remark, not a date.
    const std::string& s = v.asString();
    bool digits = std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '-'; });
    bool shape = digits && (s.size() == 4 || (s.size() == 7 && s[4] == '-') || (s.size() == 10 && s[4] == '-' && s[7] == '-'));
    if (!shape) return std::nullopt;
    try {
      return calendarPoint(s);
    } catch (const TemporalError&) {
      return std::nullopt;
    }
  }
  std::int64_t days = 0;
  switch (v.type()) {
    case ValueType::Date: days = v.asDate().days; break;
    case ValueType::LocalDateTime: days = v.asLocalDateTime().seconds; break;
    case ValueType::DateTime: days = localSecondsOf(v.asDateTime()); break;
    default: return std::nullopt;
  }
  if (v.type() != ValueType::Date) days = days / kSecondsPerDay - (days % kSecondsPerDay < 0 ? 1 : 0);
  CalendarPoint t;
  civilFromDays(days, t.year, t.month, t.day);
  t.text = toString(DateValue{days});
  return t;
}

int compareCalendarPoints(const CalendarPoint& a, const CalendarPoint& b) {
  if (a.year != b.year) return a.year < b.year ? -1 : 1;
  if (!a.month || !b.month) return 0;
  if (a.month != b.month) return a.month < b.month ? -1 : 1;
  if (!a.day || !b.day) return 0;
  return a.day == b.day ? 0 : (a.day < b.day ? -1 : 1);
}

}  // namespace kgq
