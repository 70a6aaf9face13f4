/**
 * The state of one <bookora-widget>, composed of three models made for it alone (two widgets on a
 * page never share a selection): its settings (attributes, zone, length, the type's details), its
 * calendar (months, days, slots) and its booking attempt (time, form, step, key). This file holds
 * what spans them: picking a day or a length drops the chosen time, a booking or a taken slot
 * reloads the times, another host or type starts the visitor over, and the live regions say one
 * thing at a time. Components read the signals and call the actions here; every signal they get
 * is read-only.
 */
import { batch, computed, effect, untracked } from "@preact/signals-core";
import type { CalendarDay } from "../worker/domain/calendar-days";
import type { BookingApi, Slot } from "./api";
import { createBookingAttemptModel, type Submission } from "./booking-attempt-model";
import { createCalendarModel } from "./calendar-model";
import { type AttributeName, createSettingsModel } from "./settings-model";

export type { Step } from "./booking-attempt-model";
export { ATTRIBUTES, type AttributeName } from "./settings-model";

export type BookingModel = ReturnType<typeof createBookingModel>;

/** What the calendar's components (month grid, times, zone picker) read and call: the widget's model, or the manage page's. */
export type CalendarView = Pick<
  BookingModel,
  | "locale"
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
 * `loadSteps` fetches the code of the steps after a time is picked (lazy-steps.ts), the code that
 * sends a booking among it: it is asked for when a time is picked, and its failure takes the
 * visitor back to the times with an alert. Without it (tests of the first load), nothing is sent.
 */
export function createBookingModel(
  api: Pick<BookingApi, "bookingType" | "availability" | "createBooking">,
  emit: (event: Event) => void,
  loadSteps: () => Promise<Submission> = () => Promise.reject(new Error("no code to send a booking")),
) {
  const settings = createSettingsModel(api, emit);
  const calendar = createCalendarModel(api, settings, emit);
  const attempt = createBookingAttemptModel(api, emit, calendar.refresh, loadSteps);

  // Another host or type is another booking page: the visitor starts over (the settings load its details).
  effect(() => {
    void settings.bookingPage.value;
    untracked(() =>
      batch(() => {
        calendar.startOver();
        attempt.startOver();
      }),
    );
  });

  /** One alert at a time: a failed setup's, else the attempt's (a taken time, a refusal), else the visible month's. */
  const alert = computed(() => settings.setupMessage.value ?? (attempt.alert.value || calendar.monthFailure.value?.message || ""));

  return {
    attributes: settings.attributes,
    locale: settings.locale,
    timeZone: settings.timeZone,
    setup: settings.setup,
    bookingType: settings.bookingType,
    setupFailure: settings.setupFailure,
    duration: settings.duration,
    today: calendar.today,
    visibleMonth: calendar.visibleMonth,
    visibleSlots: calendar.visibleSlots,
    focusedDay: calendar.focusedDay,
    selectedDay: calendar.selectedDay,
    shownDay: calendar.shownDay,
    daySlots: calendar.daySlots,
    step: attempt.step,
    selectedSlot: attempt.slot,
    form: attempt.form,
    isSubmitting: attempt.isSubmitting,
    confirmation: attempt.confirmation,
    isFocusingTimes: attempt.isFocusingTimes,
    status: attempt.status,
    alert,

    /** The element is connected: by now an upgraded element has all its attributes, so slots may load. */
    start: calendar.start,

    setAttribute(name: AttributeName, value: string | null) {
      const previous = settings.attributes[name].peek();
      settings.setAttribute(name, value);
      if (name === "name" || name === "email") attempt.prefill(name, previous, value);
    },

    showMonth: calendar.showMonth,
    focusDay: calendar.focusDay,

    selectDay(day: CalendarDay) {
      batch(() => {
        calendar.selectDay(day);
        attempt.dropSlot();
        attempt.dismissAlert();
      });
    },

    chooseTimeZone: settings.chooseTimeZone,

    chooseDuration(minutes: number) {
      batch(() => {
        settings.chooseDuration(minutes);
        attempt.dropSlot();
      });
    },

    selectSlot(slot: Slot) {
      attempt.chooseSlot(slot);
      loadSteps().catch(() => attempt.stepUnavailable(slot));
    },

    editField: attempt.editField,
    backToTimes: attempt.backToTimes,
    bookAnother: attempt.bookAnother,
    announce: attempt.announce,
    timesFocused: attempt.timesFocused,
    // The type's id, not the attribute: a slug ("intro") names a type only together with its host.
    confirmBooking: () => attempt.confirm(settings.bookingType.peek()?.id ?? null),
    retrySlots: calendar.refresh,

    /** Try again after the type's details failed; once they are in, focus goes to the times. */
    retrySetup() {
      batch(() => {
        if (settings.retrySetup()) attempt.focusTimesOnceShown();
      });
    },
  };
}
