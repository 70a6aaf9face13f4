/**
 * A message's times, in the reader's zone and language with Intl, the zone named. The date and the
 * start–end are put together by the language's own templates rather than Intl's formatRange, whose
 * Japanese pattern in ICU 78 reads "2026/12/7月曜日 23時00分～23時30分".
 */

import { formatter } from "../locales/date-formatter";
import { fill } from "../locales/format";
import type { Language } from "../locales/languages";
import type { MailMessages } from "../locales/messages";

/** ICU puts U+202F before "PM" and U+00A0 in some dates; mail clients and screen readers expect a space. */
function format(instantMs: number, language: Language, options: Intl.DateTimeFormatOptions): string {
  return formatter(language, options)
    .format(instantMs)
    .replace(/[\u202f\u00a0]/g, " ");
}

/** "Monday, December 7, 2026, 2:00 PM – 2:30 PM (Europe/London)"; both dates in full when it spans midnight there. */
export function meetingTime(startMs: number, endMs: number, timeZone: string, language: Language, t: MailMessages): string {
  const date = (instantMs: number) => format(instantMs, language, { timeZone, dateStyle: "full" });
  const clock = (instantMs: number) => format(instantMs, language, { timeZone, timeStyle: "short" });
  const time =
    date(startMs) === date(endMs)
      ? fill(t.sameDayTimes, { date: date(startMs), start: clock(startMs), end: clock(endMs) })
      : fill(t.multiDayTimes, {
          start: format(startMs, language, { timeZone, dateStyle: "full", timeStyle: "short" }),
          end: format(endMs, language, { timeZone, dateStyle: "full", timeStyle: "short" }),
        });
  return fill(t.timeInZone, { time, zone: timeZone });
}

/** The start, short, for a subject line: "Mon, Dec 7, 2026, 2:00 PM" (the body names the zone). */
export function subjectTime(startMs: number, timeZone: string, language: Language): string {
  return format(startMs, language, { timeZone, weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
}
