/**
 * The widget's first two requests, started the moment an element the page already holds is
 * upgraded, before its model is built: the booking type and a first month, side by side, so an
 * embed waits for one round trip before its first slot (issue 21). The month needs no zone: it is
 * the UTC month with a day either side, and the visitor's own month is cut out of it once their
 * zone is known (page-data.ts), since the first Intl call that finds the zone takes 13 to 60 ms. On
 * a hosted page neither leaves: the element holds both answers. The model asks through the API
 * returned here, which hands it each early answer once, for the first thing it asks of that kind;
 * a month they do not cover, a retry or another length goes to the network.
 */
import { addDays, dayOfUtcMs, firstDayOf, lastDayOf, monthOf, utcMsOfDay } from "../worker/domain/calendar-days";
import type { AvailabilityResponse } from "../worker/domain/contract";
import type { ApiResult, AvailabilityQuery, BookingApi } from "./api";
import { answerFromFirstLoad, type HeldRange, monthIsHeld, readFirstLoad } from "./page-data";

/** A month asked for (or held by the page) over `range`, and what the API answered. */
interface HeldMonth {
  range: HeldRange;
  answer: ApiResult<AvailabilityResponse>;
}

/** An answer already in hand, as the API client gives one. */
const answered = <T>(value: T): Promise<ApiResult<T>> => Promise.resolve({ ok: true, value });

export function withFirstRequests(api: BookingApi, element: Pick<Element, "getAttribute"> & Partial<Pick<Element, "querySelector">>): BookingApi {
  const username = element.getAttribute("username");
  const bookingType = element.getAttribute("booking-type");
  // An element made by script gets its attributes after this: its model starts the requests itself.
  if (!username || !bookingType) return api;
  const held = readFirstLoad(element, username, bookingType);
  let firstType: ReturnType<BookingApi["bookingType"]> | null = held ? answered(held.type) : api.bookingType(username, bookingType);
  // A duration attribute names a length only the API can answer for: the model asks for that month.
  const byDefault = !element.getAttribute("duration");
  let firstMonth: Promise<HeldMonth> | null = held
    ? Promise.resolve({ range: held.range, answer: { ok: true, value: held.availability } })
    : byDefault
      ? askAroundUtcMonth(api, username, bookingType)
      : null;
  const isThisPage = (name: string, type: string) => name === username && type === bookingType;

  return {
    ...api,
    bookingType(name, type) {
      const early = firstType;
      firstType = null;
      return early && isThisPage(name, type) ? early : api.bookingType(name, type);
    },
    availability(query) {
      const early = firstMonth;
      firstMonth = null;
      if (!early || !isThisPage(query.username, query.bookingType)) return api.availability(query);
      return early.then(({ range, answer }) => {
        // A failure is the model's first attempt at its month, which it retries as it would its own.
        if (!monthIsHeld(range, query)) return api.availability(query);
        if (!answer.ok) return answer;
        return answered(answerFromFirstLoad({ range, availability: answer.value }, query) ?? answer.value);
      });
    },
  } satisfies BookingApi;
}

/** The UTC month around now, padded by a day each side: the same month in any zone is within it, but at its edges. */
function askAroundUtcMonth(api: BookingApi, username: string, bookingType: string): Promise<HeldMonth> {
  const month = monthOf(dayOfUtcMs(Date.now()));
  const startDate = addDays(firstDayOf(month), -1);
  const endDate = addDays(lastDayOf(month), 1);
  const query: AvailabilityQuery = { username, bookingType, startDate, endDate, timeZone: "UTC" };
  const range = { from: new Date(utcMsOfDay(startDate)).toISOString(), to: new Date(utcMsOfDay(addDays(endDate, 1))).toISOString() };
  return api.availability(query).then((answer) => ({ range, answer }));
}
