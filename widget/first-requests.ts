/**
 * The widget's first two requests, started the moment an element the page already holds is
 * upgraded, before its model is built: the booking type and the visitor's first month, side by
 * side, so an embed waits for one round trip before its first slot (issue 21). On a hosted page
 * neither leaves: the element holds both answers (page-data.ts), unless the visitor's month reaches
 * past what the page holds, and only that one is asked. The model asks through the API returned
 * here, which hands it each early answer when it first asks exactly the same thing; anything else
 * (a retry, another month, attributes changed meanwhile) goes to the network.
 */
import { monthOf } from "../worker/domain/calendar-days";
import { type ApiResult, availabilityPath, type BookingApi, bookingTypePath } from "./api";
import { monthQuery } from "./month-availability";
import { answerFromFirstLoad, readFirstLoad } from "./page-data";
import { durationFromAttribute, zoneFromAttribute } from "./settings-model";
import { dayInZone } from "./zoned-format";

/** An answer already in hand, as the API client gives one. */
const answered = <T>(value: T): Promise<ApiResult<T>> => Promise.resolve({ ok: true, value });

export function withFirstRequests(api: BookingApi, element: Pick<Element, "getAttribute"> & Partial<Pick<Element, "querySelector">>): BookingApi {
  const username = element.getAttribute("username");
  const bookingType = element.getAttribute("booking-type");
  // An element made by script gets its attributes after this: its model starts the requests itself.
  if (!username || !bookingType) return api;
  const held = readFirstLoad(element, username, bookingType);
  const early = new Map<string, Promise<ApiResult<unknown>>>([
    [bookingTypePath(username, bookingType), held ? answered(held.type) : api.bookingType(username, bookingType)],
  ]);
  // The type first: the month waits for the visitor's zone, and the first Intl call that finds it
  // took 13 to 60 ms on the bench machine (the model would pay it too; it was most of its making).
  const timeZone = zoneFromAttribute(element.getAttribute("time-zone"));
  const month = monthOf(dayInZone(Date.now(), timeZone));
  // No duration attribute: the API answers for the type's default length, which nobody knows yet.
  const duration = durationFromAttribute(element.getAttribute("duration"));
  // Built as the model builds it, so the model's first ask matches this one.
  const firstMonth = monthQuery({ username, bookingType, timeZone, duration, month });
  const heldMonth = held && answerFromFirstLoad(held, firstMonth);
  early.set(availabilityPath(firstMonth), heldMonth ? answered(heldMonth) : api.availability(firstMonth));

  /** The early answer to this request, handed out once; asked again (a retry), it is the network's. */
  function answer<T>(path: string, ask: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
    const started = early.get(path) as Promise<ApiResult<T>> | undefined;
    early.delete(path);
    return started ?? ask();
  }

  return {
    ...api,
    bookingType: (name, type) => answer(bookingTypePath(name, type), () => api.bookingType(name, type)),
    availability: (query) => answer(availabilityPath(query), () => api.availability(query)),
  };
}
