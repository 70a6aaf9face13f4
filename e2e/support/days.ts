/**
 * Which calendar day each spec works on. All specs share one database and every booking removes a
 * slot, so each spec that books owns a weekday of its own (listed in BOOKING_DAY, one place, so two
 * specs never get the same day), starting a week ahead: past the 2-hour notice, and far enough that
 * the browser clock, frozen at the real time, and the server clock, which keeps running, agree on
 * which days are bookable. Specs that only look at slots use later days that nobody books.
 */
import { addDays, type CalendarDay, isoWeekday } from "../../worker/domain/calendar-days";
import { nextOffsetChange, todayIn } from "./dates";
import { HOST } from "./origins";

/** Each booking spec's own weekday, by index (0 = the first weekday at least a week ahead). */
export const BOOKING_DAY = {
  hostedBooking: 0,
  slotTaken: 1,
  retryRateLimited: 2,
  retryLostResponse: 3,
  retryRefused: 4,
  keyboard: 5,
  embed: 6,
  strictCsp: 7,
  a11yConfirmation: 8,
  longerDuration: 9,
  retryServerError: 10,
  bySlug: 11,
  manage: 12,
  manageKeyboard: 13,
  manageSlotTaken: 14,
  webhooksRetried: 16,
  webhooksDown: 17,
  webhooksMoved: 18,
  manageStarted: 19,
  lazyStepsFailed: 20,
  dialogKeyboard: 24,
  germanVisitor: 30,
  partnerData: 31,
  manageGerman: 32,
  mail: 33,
  checkoutRace: 40,
  checkoutLeave: 41,
  checkoutAbandon: 42,
  checkoutKeyboard: 43,
  arabicKeyboard: 44,
} as const;

const BOOKING_DAYS_FROM = 7;
const LOOK_ONLY_DAYS_FROM = 84;

/** Monday to Friday (ISO weekdays 1–5): the demo host's working days. */
function isWorkingDay(day: CalendarDay): boolean {
  return isoWeekday(day) <= 5;
}

/**
 * When this run began (playwright.config.ts sets it once; its worker processes inherit it). Every
 * spec counts its days from it, so a run that passes the host's midnight cannot move later specs'
 * days onto earlier specs' bookings.
 */
const RUN_STARTED_AT = Number(process.env.E2E_RUN_STARTED_AT ?? Date.now());

/** The host's today when the run began: the days above count from it. */
export function hostToday(): CalendarDay {
  return todayIn(HOST.zone, RUN_STARTED_AT);
}

/** New York's next DST change and the working days either side of it, which time-zones.spec reads: never booked. */
export function newYorkDstChange(): { changeDay: CalendarDay; weekdayBefore: CalendarDay; weekdayAfter: CalendarDay } {
  const changeDay = nextOffsetChange("America/New_York", addDays(hostToday(), BOOKING_DAYS_FROM));
  let weekdayBefore = addDays(changeDay, -1);
  while (!isWorkingDay(weekdayBefore)) weekdayBefore = addDays(weekdayBefore, -1);
  let weekdayAfter = addDays(changeDay, 1);
  while (!isWorkingDay(weekdayAfter)) weekdayAfter = addDays(weekdayAfter, 1);
  return { changeDay, weekdayBefore, weekdayAfter };
}

function nthWeekday(from: CalendarDay, index: number, skip: ReadonlySet<CalendarDay> = new Set()): CalendarDay {
  let day = from;
  let seen = -1;
  for (;;) {
    if (isWorkingDay(day) && !skip.has(day)) seen += 1;
    if (seen === index) return day;
    day = addDays(day, 1);
  }
}

/** The weekday (a host working day) that the booking spec `owner` alone books on. */
export function bookingDay(owner: keyof typeof BOOKING_DAY): CalendarDay {
  const dst = newYorkDstChange();
  const readElsewhere = new Set([dst.weekdayBefore, dst.weekdayAfter]);
  return nthWeekday(addDays(hostToday(), BOOKING_DAYS_FROM), BOOKING_DAY[owner], readElsewhere);
}

/** A weekday about twelve weeks ahead that no spec books on (index picks another one). */
export function lookOnlyWeekday(index = 0): CalendarDay {
  return nthWeekday(addDays(hostToday(), LOOK_ONLY_DAYS_FROM), index);
}

/** The first day with ISO weekday `isoDay` (1 = Monday … 7 = Sunday) among the days no spec books on. */
export function lookOnlyDayOfWeek(isoDay: number): CalendarDay {
  let day = addDays(hostToday(), LOOK_ONLY_DAYS_FROM);
  while (isoWeekday(day) !== isoDay) day = addDays(day, 1);
  return day;
}
