/**
 * The state of one <bookora-widget>: its attributes, the visitor's choices and what the API said.
 * One model per element, so two widgets on a page never share a selection.
 */
import { batch, computed, effect, signal, type Signal } from "@preact/signals";
import type { BookingTypeDetails } from "../worker/contract";
import type { ApiFailure, BookingApi, Slot } from "./api";
import { addMonths, firstDayOf, monthOf, type CalendarDay, type CalendarMonth } from "../worker/domain/calendar-days";
import { BookingCreatedEvent, BookoraErrorEvent, type BookingCreatedDetail } from "./events";
import { createMonthCache } from "./month-cache";
import { monthRequestKey, type MonthRequest, type MonthSlots } from "./month-availability";
import { keyFor, unfinishedAfter, type UnfinishedAttempt } from "./attempt-key";
import { withRetries } from "./retry-policy";
import { submitBooking } from "./submit-booking";
import { currentZoneName, detectedTimeZone, isTimeZone } from "./time-zones";
import { dayInZone } from "./zoned-format";

export const ATTRIBUTES = ["username", "booking-type", "time-zone", "locale", "duration", "name", "email"] as const;
export type AttributeName = (typeof ATTRIBUTES)[number];

export type Step = "pick" | "details" | "done";

/** How many empty months the first load skips to find a free day. */
const MONTHS_TO_SEARCH = 3;

export function createBookingModel(api: Pick<BookingApi, "bookingType" | "availability" | "createBooking">, emit: (event: Event) => void) {
  const attributes = Object.fromEntries(ATTRIBUTES.map((name) => [name, signal<string | null>(null)])) as Record<AttributeName, Signal<string | null>>;

  const locale = computed(() => validLocale(attributes.locale.value) ?? validLocale(navigator.language) ?? "en-US");
  const chosenTimeZone = signal<string | null>(null);
  const timeZone = computed(() => chosenTimeZone.value ?? validZone(attributes["time-zone"].value) ?? detectedTimeZone());

  const bookingType = signal<BookingTypeDetails | null>(null);
  const setupFailure = signal<ApiFailure | null>(null);
  const chosenDuration = signal<number | null>(null);
  /**
   * The length asked of the API; null means the type's default. It does not wait for the type's
   * details, so slots and details load side by side; a length the type turns out not to offer
   * falls back to the default.
   */
  const requestedDuration = computed(() => {
    const wanted = chosenDuration.value ?? (Number(attributes.duration.value) || null);
    const type = bookingType.value;
    return !type || (wanted !== null && type.durations.includes(wanted)) ? wanted : null;
  });
  /** The length shown, once the type's details are in. */
  const duration = computed(() => requestedDuration.value ?? bookingType.value?.duration ?? null);

  const today = computed(() => dayInZone(Date.now(), timeZone.value));
  const visibleMonth = signal<CalendarMonth>(monthOf(today.value));
  const focusedDay = signal<CalendarDay>(today.value);
  const selectedDay = signal<CalendarDay | null>(null);
  const selectedSlot = signal<Slot | null>(null);
  const step = signal<Step>("pick");

  const form = { name: signal(""), email: signal(""), notes: signal("") };
  const submitting = signal(false);
  const status = signal("");
  const alert = signal("");
  const confirmation = signal<BookingCreatedDetail | null>(null);

  /** Set when the visitor comes back to the times (Back, a taken slot), so focus lands on them, not on <body>. */
  const focusRequest = { times: false };

  const months = createMonthCache(api);
  /**
   * False until the element is connected: an upgraded element receives its attributes one by one,
   * and loading slots before the last one (say, time-zone) would ask for the wrong ones first.
   */
  const started = signal(false);
  /** Until the visitor moves or picks a day themselves, open the first day with free times. */
  let searchingForFirstFreeDay = true;
  /** The failure of the visible month, while it is the alert shown. */
  let monthAlert: string | null = null;
  /** A booking the server has not answered for good (retries ran out, a 500): Confirm again continues it, same key. */
  let unfinishedAttempt: UnfinishedAttempt | null = null;

  function monthRequest(month: CalendarMonth): MonthRequest | null {
    const username = attributes.username.value;
    const type = attributes["booking-type"].value;
    if (!username || !type || setupFailure.value) return null;
    return { username, bookingType: type, timeZone: timeZone.value, duration: requestedDuration.value, month };
  }

  const visibleSlots = computed<MonthSlots>(() => months.get(monthRequest(visibleMonth.value)));

  /** The selected day while its month is the one shown (paging away shows "pick a day", not "no times"). */
  const shownDay = computed(() => (selectedDay.value && monthOf(selectedDay.value) === visibleMonth.value ? selectedDay.value : null));

  const daySlots = computed(() => {
    const month = visibleSlots.value;
    return shownDay.value && month.state === "ready" ? month.byDay.get(shownDay.value) ?? [] : [];
  });

  const refreshSlots = () => months.refresh();

  /** On first load, open the first day with free times, moving ahead a few months if need be. */
  function openFirstFreeDay(loaded: MonthSlots, month: CalendarMonth) {
    if (!searchingForFirstFreeDay || loaded.state !== "ready") return;
    const firstFree = [...loaded.byDay.keys()].sort()[0];
    if (firstFree) {
      searchingForFirstFreeDay = false;
      batch(() => {
        selectedDay.value = firstFree;
        focusedDay.value = firstFree;
      });
    } else if (month < monthOf(addMonths(firstDayOf(monthOf(today.peek())), MONTHS_TO_SEARCH))) {
      visibleMonth.value = monthOf(addMonths(firstDayOf(month), 1));
    } else {
      searchingForFirstFreeDay = false;
      visibleMonth.value = monthOf(today.peek());
    }
  }

  /** The visitor pages the calendar: from now on they choose where it is. */
  function showMonth(month: CalendarMonth) {
    searchingForFirstFreeDay = false;
    visibleMonth.value = month;
  }

  // These effects live as long as the element: moving it in the page (disconnect, reconnect) keeps its state.

  // The type's details (title, durations, host zone) whenever the host or type changes; another
  // host or type (a page may change the attributes) starts the visitor over.
  effect(() => {
    const username = attributes.username.value;
    const type = attributes["booking-type"].value;
    searchingForFirstFreeDay = true;
    unfinishedAttempt = null;
    batch(() => {
      bookingType.value = null;
      setupFailure.value = null;
      chosenDuration.value = null;
      selectedDay.value = null;
      selectedSlot.value = null;
      confirmation.value = null;
      step.value = "pick";
      alert.value = "";
    });
    if (!username || !type) {
      setupFailure.value = { code: "INVALID_REQUEST", status: 0, message: "This widget needs username and booking-type attributes." };
      return;
    }
    const stillWanted = () => attributes.username.peek() === username && attributes["booking-type"].peek() === type;
    void loadBookingType(username, type, stillWanted);
  });

  /** The type's details, retried like a booking when the network or the rate limit is in the way. */
  async function loadBookingType(username: string, type: string, stillWanted: () => boolean) {
    const result = await withRetries(() => api.bookingType(username, type));
    if (!stillWanted()) return;
    if (result.ok) bookingType.value = result.value;
    else {
      setupFailure.value = result.failure;
      emit(new BookoraErrorEvent(result.failure));
    }
  }

  // A zone changes what "today" is; with nothing chosen yet, follow it.
  effect(() => {
    const day = today.value;
    if (selectedDay.peek() !== null) return;
    batch(() => {
      focusedDay.value = day;
      visibleMonth.value = monthOf(day);
    });
  });

  // The visible month's slots, then the next month's in the background so paging feels instant.
  effect(() => {
    const month = visibleMonth.value;
    const request = monthRequest(month);
    if (!started.value || !request) return;
    void months.version.value;
    const key = monthRequestKey(request);
    void months.ensure(request).then((loaded) => {
      // Only the answer for what is shown now counts: the zone, length or month may have changed meanwhile.
      const current = monthRequest(visibleMonth.peek());
      if (!loaded || !current || monthRequestKey(current) !== key) return;
      showMonthOutcome(loaded);
      openFirstFreeDay(loaded, month);
      const next = monthRequest(monthOf(addMonths(firstDayOf(month), 1)));
      if (loaded.state === "ready" && next) void months.ensure(next);
    });
  });

  function showMonthOutcome(loaded: MonthSlots) {
    if (loaded.state === "ready") {
      if (monthAlert !== null && alert.peek() === monthAlert) alert.value = "";
      monthAlert = null;
    } else if (loaded.state === "failed" && loaded.failure.code !== "NOT_FOUND") {
      // An unknown host or type is the setup failure's to explain, not the month's.
      alert.value = monthAlert = loaded.failure.message;
      emit(new BookoraErrorEvent(loaded.failure));
    }
  }

  function setAttribute(name: AttributeName, value: string | null) {
    const previous = attributes[name].peek();
    attributes[name].value = value;
    // Prefill only what the visitor has not typed over.
    if ((name === "name" || name === "email") && form[name].peek() === (previous ?? "")) form[name].value = value ?? "";
  }

  function focusDay(day: CalendarDay) {
    searchingForFirstFreeDay = false;
    batch(() => {
      focusedDay.value = day;
      if (monthOf(day) !== visibleMonth.peek()) visibleMonth.value = monthOf(day);
    });
  }

  function selectDay(day: CalendarDay) {
    batch(() => {
      focusDay(day);
      selectedDay.value = day;
      selectedSlot.value = null;
      alert.value = "";
    });
  }

  function selectSlot(slot: Slot) {
    batch(() => {
      selectedSlot.value = slot;
      step.value = "details";
      alert.value = "";
      status.value = "";
    });
  }

  function chooseTimeZone(zone: string) {
    if (isTimeZone(zone)) chosenTimeZone.value = currentZoneName(zone);
  }

  function chooseDuration(minutes: number) {
    batch(() => {
      chosenDuration.value = minutes;
      selectedSlot.value = null;
    });
  }

  function backToTimes() {
    focusRequest.times = true;
    step.value = "pick";
  }

  function bookAnother() {
    focusRequest.times = true;
    batch(() => {
      step.value = "pick";
      selectedSlot.value = null;
      confirmation.value = null;
      form.notes.value = "";
      status.value = "";
    });
  }

  async function confirmBooking() {
    const slot = selectedSlot.peek();
    const bookingTypeRef = attributes["booking-type"].peek();
    if (!slot || !bookingTypeRef || submitting.peek()) return;
    const notes = form.notes.peek().trim();
    const body = { bookingType: bookingTypeRef, start: slot.start, end: slot.end, name: form.name.peek().trim(), email: form.email.peek().trim(), ...(notes ? { notes } : {}) };
    const fingerprint = JSON.stringify(body);
    const idempotencyKey = keyFor(fingerprint, unfinishedAttempt);
    batch(() => {
      submitting.value = true;
      alert.value = "";
      status.value = "Booking…";
    });
    const result = await submitBooking(api, body, idempotencyKey, {
      onRetry: (failure, delayMs) => {
        status.value = `${failure.code === "NETWORK" ? "Connection problem" : "The booking service is busy"}; trying again in ${Math.ceil(delayMs / 1000)} s…`;
      },
    });
    unfinishedAttempt = unfinishedAfter(result, { fingerprint, idempotencyKey });
    submitting.value = false;
    if (result.ok) {
      const booked = { bookingId: result.value.bookingId, start: slot.start, end: slot.end };
      batch(() => {
        confirmation.value = booked;
        step.value = "done";
        status.value = "Booking confirmed.";
        refreshSlots();
      });
      emit(new BookingCreatedEvent(booked));
      return;
    }
    emit(new BookoraErrorEvent(result.failure));
    if (result.failure.code === "SLOT_NOT_AVAILABLE") {
      // Keep the form: the visitor picks another time and their details are still there.
      focusRequest.times = true;
      batch(() => {
        alert.value = "Sorry, that time was just taken. Please pick another time.";
        status.value = "";
        selectedSlot.value = null;
        step.value = "pick";
        refreshSlots();
      });
      return;
    }
    batch(() => {
      alert.value = result.failure.message;
      status.value = "";
    });
  }

  return {
    attributes,
    locale,
    timeZone,
    bookingType,
    setupFailure,
    duration,
    today,
    visibleMonth,
    visibleSlots,
    focusedDay,
    selectedDay,
    selectedSlot,
    shownDay,
    daySlots,
    step,
    form,
    submitting,
    status,
    alert,
    confirmation,
    focusRequest,
    start: () => (started.value = true),
    setAttribute,
    showMonth,
    focusDay,
    selectDay,
    selectSlot,
    chooseTimeZone,
    chooseDuration,
    backToTimes,
    bookAnother,
    retrySlots: refreshSlots,
    confirmBooking,
  };
}

export type BookingModel = ReturnType<typeof createBookingModel>;

function validZone(zone: string | null): string | null {
  return zone && isTimeZone(zone) ? currentZoneName(zone) : null;
}

function validLocale(locale: string | null | undefined): string | null {
  if (!locale) return null;
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? null;
  } catch {
    return null;
  }
}
