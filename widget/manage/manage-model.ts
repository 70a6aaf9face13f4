/**
 * The manage page's state: the booking its link names (read with the token from the link's
 * fragment), the step the attendee is on (the booking, "cancel it?", a new time, "move it?"), and
 * the calendar they pick a new time in, which is the widget's own (settings and calendar models)
 * asked for the booking's host, type and length.
 */
import { batch, computed, type ReadonlySignal, signal } from "@preact/signals-core";
import type { CalendarDay } from "../../worker/domain/calendar-days";
import type { BookingResponse, Slot } from "../../worker/domain/contract";
import type { ManageMessages } from "../../worker/locales/messages";
import type { ApiFailure, ApiResult } from "../api";
import { createCalendarModel } from "../calendar-model";
import { failureText } from "../failure-text";
import { withRetries } from "../retry-policy";
import { retryText } from "../retry-text";
import { createSettingsModel } from "../settings-model";
import { createChangeSender } from "./change-sender";
import type { ManageApi } from "./manage-api";
import { manageStrings } from "./manage-strings";

export type Loaded =
  | { state: "loading" }
  /** No token, or the API knows no such booking for it: the page says only that the link does not work. */
  | { state: "invalid" }
  | { state: "failed"; failure: ApiFailure }
  | { state: "ready"; booking: BookingResponse };

export type ManageStep = "view" | "cancel" | "pick" | "move";

export type ManageModel = ReturnType<typeof createManageModel>;

const ignore = () => {};
/** The API's answers for a token that does not open this booking; one message for all, so nothing tells whether it exists. */
const isRefusal = (failure: ApiFailure) => failure.code === "BOOKING_NOT_FOUND" || failure.code === "UNAUTHORIZED";

export function createManageModel(api: ManageApi, link: { origin: string; bookingId: string; token: string | null }, onMoved: (bookingId: string) => void) {
  const settings = createSettingsModel(api, ignore, manageStrings);
  const calendar = createCalendarModel(api, settings, ignore);
  const send = createChangeSender();
  const token = link.token;
  /** The page's strings, in the language the widget's settings chose (the browser's). */
  const strings = computed(() => manageStrings(settings.language.value));

  const bookingId = signal(link.bookingId);
  const loaded = signal<Loaded>({ state: "loading" });
  const booking = computed(() => (loaded.value.state === "ready" ? loaded.value.booking : null));
  const step = signal<ManageStep>("view");
  const slot = signal<Slot | null>(null);
  const isSending = signal(false);
  const status = signal("");
  const alert = signal("");
  const isFocusingTimes = signal(false);
  /** True once the attendee has changed something here: the booking's heading then takes the focus when shown again. */
  const hasChanged = signal(false);
  /** True once the API said the meeting has begun: the attendee can no longer change it, so the page stops offering to. */
  const hasStarted = signal(false);
  const manageUrl = computed(() => `${link.origin}/manage/${bookingId.value}#${token ?? ""}`);

  async function load(id: string) {
    if (!token) {
      loaded.value = { state: "invalid" };
      return;
    }
    // A reload after a change keeps showing the booking until the answer is in.
    if (loaded.peek().state !== "ready") loaded.value = { state: "loading" };
    const result = await withStatus(() => api.booking(id, token));
    if (bookingId.peek() !== id) return;
    if (!result.ok) {
      loaded.value = isRefusal(result.failure) ? { state: "invalid" } : { state: "failed", failure: result.failure };
      return;
    }
    const found = result.value;
    batch(() => {
      loaded.value = { state: "ready", booking: found };
      // The widget's settings, as if its attributes named this booking's host, type and length.
      settings.setAttribute("username", found.userId);
      settings.setAttribute("booking-type", found.bookingType.id);
      settings.setAttribute("duration", String((Date.parse(found.endUtc) - Date.parse(found.startUtc)) / 60_000));
    });
  }

  /** A call retried like the widget's, saying so in the status region while it waits. */
  function withStatus<T>(call: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
    return withRetries(call, { onRetry: retryStatus });
  }

  function retryStatus(failure: ApiFailure, delayMs: number) {
    status.value = retryText(strings.peek(), failure, delayMs, settings.locale.peek());
  }

  function begin(message: string) {
    batch(() => {
      isSending.value = true;
      alert.value = "";
      status.value = message;
    });
  }

  async function confirmCancel() {
    const id = bookingId.peek();
    if (!token || isSending.peek()) return;
    begin(strings.peek().cancelling);
    const result = await send(JSON.stringify(["cancel", id]), (key) => api.cancel(id, token, key), { onRetry: retryStatus });
    isSending.value = false;
    if (result.ok) {
      batch(() => {
        hasChanged.value = true;
        step.value = "view";
        status.value = strings.peek().cancelled;
      });
      await load(id);
      return;
    }
    await refused(result.failure, id);
  }

  async function confirmMove() {
    const id = bookingId.peek();
    const chosen = slot.peek();
    if (!token || !chosen || isSending.peek()) return;
    begin(strings.peek().moving);
    const result = await send(JSON.stringify(["move", id, chosen.start, chosen.end]), (key) => api.reschedule(id, token, chosen, key), {
      onRetry: retryStatus,
    });
    isSending.value = false;
    if (result.ok) {
      const moved = result.value.newBookingId;
      batch(() => {
        hasChanged.value = true;
        bookingId.value = moved;
        step.value = "view";
        slot.value = null;
        status.value = strings.peek().moved;
        calendar.refresh();
      });
      onMoved(moved);
      await load(moved);
      return;
    }
    if (result.failure.code === "SLOT_NOT_AVAILABLE") {
      // As in the widget: say so, show the times again (refreshed), and let them pick another.
      batch(() => {
        alert.value = strings.peek().slotTaken;
        status.value = "";
        slot.value = null;
        step.value = "pick";
        isFocusingTimes.value = true;
        calendar.refresh();
      });
      return;
    }
    await refused(result.failure, id);
  }

  /** A change refused: say why; if the booking itself changed meanwhile (moved, cancelled), show it as it is now. */
  async function refused(failure: ApiFailure, id: string) {
    batch(() => {
      status.value = "";
      alert.value = refusalText(strings.peek(), failure);
    });
    if (isRefusal(failure)) {
      loaded.value = { state: "invalid" };
    } else if (failure.code === "BOOKING_STARTED") {
      // Nothing changed and nothing can: back to the booking, the alert saying why, without the buttons.
      batch(() => {
        hasStarted.value = true;
        hasChanged.value = true;
        step.value = "view";
        slot.value = null;
      });
    } else if (failure.code === "BOOKING_RESCHEDULED" || failure.code === "INVALID_REQUEST") {
      batch(() => {
        hasChanged.value = true;
        step.value = "view";
      });
      await load(id);
    }
  }

  return {
    // The calendar components' view (CalendarView), as the widget's model gives it.
    locale: settings.locale,
    language: settings.language,
    strings,
    timeZone: settings.timeZone,
    today: calendar.today,
    visibleMonth: calendar.visibleMonth,
    visibleSlots: calendar.visibleSlots,
    focusedDay: calendar.focusedDay,
    selectedDay: calendar.selectedDay,
    shownDay: calendar.shownDay,
    daySlots: calendar.daySlots,
    selectedSlot: slot as ReadonlySignal<Slot | null>,
    isFocusingTimes: isFocusingTimes as ReadonlySignal<boolean>,
    showMonth: calendar.showMonth,
    focusDay: calendar.focusDay,
    retrySlots: calendar.refresh,
    chooseTimeZone: settings.chooseTimeZone,

    loaded: loaded as ReadonlySignal<Loaded>,
    booking,
    /** The type's details (the host's name and zone); null if they cannot be had (the type was archived). */
    bookingType: settings.bookingType,
    step: step as ReadonlySignal<ManageStep>,
    isSending: isSending as ReadonlySignal<boolean>,
    status: status as ReadonlySignal<string>,
    alert: alert as ReadonlySignal<string>,
    hasChanged: hasChanged as ReadonlySignal<boolean>,
    hasStarted: hasStarted as ReadonlySignal<boolean>,
    manageUrl,
    /** The manage link of another booking of the chain (the one this one was moved to). */
    manageUrlOf: (id: string) => `${link.origin}/manage/${id}#${token ?? ""}`,

    start() {
      void load(bookingId.peek());
    },

    retry() {
      void load(bookingId.peek());
    },

    askCancel() {
      batch(() => {
        step.value = "cancel";
        alert.value = "";
        status.value = "";
      });
    },

    startReschedule() {
      batch(() => {
        step.value = "pick";
        alert.value = "";
        status.value = "";
        calendar.start();
      });
    },

    /** Back to the booking from any step. */
    keep() {
      batch(() => {
        step.value = "view";
        slot.value = null;
        alert.value = "";
      });
    },

    selectDay(day: CalendarDay) {
      batch(() => {
        calendar.selectDay(day);
        slot.value = null;
        alert.value = "";
      });
    },

    selectSlot(chosen: Slot) {
      batch(() => {
        slot.value = chosen;
        step.value = "move";
        alert.value = "";
        status.value = "";
      });
    },

    backToTimes() {
      batch(() => {
        step.value = "pick";
        isFocusingTimes.value = true;
      });
    },

    timesFocused() {
      isFocusingTimes.value = false;
    },

    confirmCancel,
    confirmMove,
  };
}

/** Why a cancel or move was refused, in the attendee's language (the API's own message is for developers). */
function refusalText(t: ManageMessages, failure: ApiFailure): string {
  if (isRefusal(failure)) return t.invalidLinkHeading;
  if (failure.code === "BOOKING_STARTED") return t.alreadyStarted;
  if (failure.code === "BOOKING_RESCHEDULED" || failure.code === "INVALID_REQUEST") return t.changedMeanwhile;
  return failureText(t, failure);
}
