/**
 * Cancelling and moving the booking (in the steps' chunk): sent with one Idempotency-Key per attempt
 * (change-sender.ts), announced in the status region, and what each answer does to the page: the
 * booking read again after a change, the times again after a taken one, the reason for a refusal.
 */
import { batch } from "@preact/signals-core";
import type { ManageMessages } from "../../worker/locales/messages";
import type { ApiFailure } from "../api";
import type { CalendarModel } from "../calendar-model";
import { failureText } from "../failure-text";
import { createChangeSender } from "./change-sender";
import { isRefusal } from "./manage-api";
import type { ManageState } from "./manage-state";
import { retryStatus } from "./retry-status";

export function createChanges(page: ManageState, calendar: CalendarModel) {
  const send = createChangeSender();
  const { api, token, bookingId, step, slot, isSending, status, alert, hasChanged } = page;

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
    begin(page.strings().cancelling);
    const result = await send(JSON.stringify(["cancel", id]), (key) => api.cancel(id, token, key), retryStatus(page));
    isSending.value = false;
    if (result.ok) {
      batch(() => {
        hasChanged.value = true;
        step.value = "view";
        status.value = page.strings().cancelled;
      });
      await page.load(id);
      return;
    }
    await refused(result.failure, id);
  }

  async function confirmMove() {
    const id = bookingId.peek();
    const chosen = slot.peek();
    if (!token || !chosen || isSending.peek()) return;
    begin(page.strings().moving);
    const result = await send(JSON.stringify(["move", id, chosen.start, chosen.end]), (key) => api.reschedule(id, token, chosen, key), retryStatus(page));
    isSending.value = false;
    if (result.ok) {
      const moved = result.value.newBookingId;
      batch(() => {
        hasChanged.value = true;
        bookingId.value = moved;
        step.value = "view";
        slot.value = null;
        status.value = page.strings().moved;
        calendar.refresh();
      });
      page.onMoved(moved);
      await page.load(moved);
      return;
    }
    if (result.failure.code === "SLOT_NOT_AVAILABLE") {
      // As in the widget: say so, show the times again (refreshed), and let them pick another.
      batch(() => {
        alert.value = page.strings().slotTaken;
        status.value = "";
        slot.value = null;
        step.value = "pick";
        page.isFocusingTimes.value = true;
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
      alert.value = refusalText(page.strings(), failure);
    });
    if (isRefusal(failure)) {
      page.loaded.value = { state: "invalid" };
    } else if (failure.code === "BOOKING_STARTED") {
      // Nothing changed and nothing can: back to the booking, the alert saying why, without the buttons.
      batch(() => {
        page.hasStarted.value = true;
        hasChanged.value = true;
        step.value = "view";
        slot.value = null;
      });
    } else if (failure.code === "BOOKING_RESCHEDULED" || failure.code === "INVALID_REQUEST") {
      batch(() => {
        hasChanged.value = true;
        step.value = "view";
      });
      await page.load(id);
    }
  }

  return { confirmCancel, confirmMove };
}

/** Why a cancel or move was refused, in the attendee's language (the API's own message is for developers). */
function refusalText(t: ManageMessages, failure: ApiFailure): string {
  if (isRefusal(failure)) return t.invalidLinkHeading;
  if (failure.code === "BOOKING_STARTED") return t.alreadyStarted;
  if (failure.code === "BOOKING_RESCHEDULED" || failure.code === "INVALID_REQUEST") return t.changedMeanwhile;
  return failureText(t, failure);
}
