/**
 * The state of one <bookora-widget>, composed of three models made for it alone (two widgets on a
 * page never share a selection): its settings (attributes, zone, length, the type's details), its
 * calendar (months, days, slots) and its booking attempt (time, form, step, key). This file holds
 * what spans them: picking a day or a length drops the chosen time, a booking or a taken slot
 * reloads the times, another host or type starts the visitor over, and the live regions say one
 * thing at a time. Components read the signals and call the actions here; every signal they get
 * is read-only, but for `attempt`: the later steps' code (lazy) changes the attempt through it.
 */
import { batch, computed, effect, type ReadonlySignal, untracked } from "@preact/signals-core";
import type { CalendarDay } from "../worker/domain/calendar-days";
import type { BookingApi, Slot } from "./api";
import { chooseSlot, createAttempt, dropSlot, prefill, type Step, startOver, stepUnavailable } from "./booking-attempt-model";
import { type CalendarModel, createCalendarModel } from "./calendar-model";
import { bookoraEvent } from "./events";
import { failureText } from "./failure-text";
import { widgetStrings } from "./locale-tables";
import { type AttributeName, createSettingsModel, type SettingsModel } from "./settings-model";

export type { Step } from "./booking-attempt-model";
export { ATTRIBUTES, type AttributeName } from "./settings-model";

export type BookingModel = ReturnType<typeof createBookingModel>;

/** What the calendar's components (month grid, times, zone picker) read and call: the widget's model, or the manage page's. */
export type CalendarView = Pick<
  BookingModel,
  | "locale"
  | "strings"
  | "timeZone"
  | "today"
  | "visibleMonth"
  | "visibleSlots"
  | "focusedDay"
  | "selectedDay"
  | "shownDay"
  | "daySlots"
  | "selectedSlot"
  | "isFocusingTimes"
  | "showMonth"
  | "focusDay"
  | "selectDay"
  | "selectSlot"
  | "timesFocused"
  | "retrySlots"
  | "chooseTimeZone"
>;

/**
 * `loadSteps` fetches the code of the steps after a time is picked (lazy-steps.ts): it is asked for
 * when a time is picked, and its failure takes the visitor back to the times with an alert.
 * Without it (tests of the first load), that code never loads.
 */
export function createBookingModel(
  api: Pick<BookingApi, "bookingType" | "availability" | "call">,
  emit: (event: Event) => void,
  loadSteps: () => Promise<unknown> = () => Promise.reject(),
) {
  const settings = createSettingsModel(api, emit, (language) => widgetStrings(language).value);
  const calendar = createCalendarModel(api, settings, emit);
  const attempt = createAttempt({
    bookingType: settings.bookingType,
    strings: settings.strings,
    locale: settings.locale,
    call: api.call,
    emit,
    onSlotsChanged: calendar.refresh,
  });

  // Another host or type is another booking page: the visitor starts over (the settings load its details).
  effect(() => {
    void settings.bookingPage.value;
    untracked(() =>
      batch(() => {
        calendar.startOver();
        startOver(attempt);
      }),
    );
  });

  // bookora:ready, once: the type's title and the first month's days are on screen (the render
  // follows this effect, so the event waits a task for it).
  effect(function announceReady() {
    const type = settings.bookingType.value;
    if (!type || !settings.strings.value || calendar.visibleSlots.value.state !== "ready") return;
    this.dispose();
    const detail = { bookingType: type.stringId, host: type.host.username, timeZone: settings.timeZone.peek(), locale: settings.locale.peek() };
    setTimeout(() => emit(bookoraEvent("ready", detail)));
  });

  /** One alert at a time: a failed setup's, else the attempt's (a taken time, a refusal), else the visible month's. */
  const alert = computed(() => {
    const monthFailure = calendar.monthFailure.value;
    return (
      settings.setupMessage.value ?? (attempt.alert.value || (monthFailure && settings.strings.value ? failureText(settings.strings.value, monthFailure) : ""))
    );
  });

  // Their signals and actions as they are, but for what only this model calls (typed away, not removed:
  // naming each one costs /widget.js bytes).
  return {
    ...(settings as Omit<SettingsModel, "bookingPage" | "slotQuery" | "setupMessage" | "setAttribute" | "chooseDuration" | "retrySetup">),
    ...(calendar as Omit<CalendarModel, "monthFailure" | "selectDay" | "refresh" | "startOver">),
    step: attempt.step as ReadonlySignal<Step>,
    selectedSlot: attempt.slot as ReadonlySignal<Slot | null>,
    isFocusingTimes: attempt.isFocusingTimes as ReadonlySignal<boolean>,
    status: attempt.status as ReadonlySignal<string>,
    alert,
    attempt,

    setAttribute(name: AttributeName, value: string | null) {
      const previous = settings.attributes[name].peek();
      settings.setAttribute(name, value);
      if (name === "name" || name === "email") prefill(attempt, name, previous, value);
    },

    selectDay(day: CalendarDay) {
      batch(() => {
        calendar.selectDay(day);
        dropSlot(attempt);
        attempt.alert.value = "";
      });
      emit(bookoraEvent("date-selected", { date: day }));
    },

    chooseDuration(minutes: number) {
      batch(() => {
        settings.chooseDuration(minutes);
        dropSlot(attempt);
      });
    },

    selectSlot(slot: Slot) {
      chooseSlot(attempt, slot);
      emit(bookoraEvent("slot-selected", { start: slot.start, end: slot.end }));
      loadSteps().catch(() => stepUnavailable(attempt, slot));
    },

    /** The times have taken the focus. */
    timesFocused() {
      attempt.isFocusingTimes.value = false;
    },
    retrySlots: calendar.refresh,

    /** Try again after the type's details failed; once they are in, focus goes to the times. */
    retrySetup() {
      batch(() => {
        if (settings.retrySetup()) attempt.isFocusingTimes.value = true;
      });
    },
  };
}
