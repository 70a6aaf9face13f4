/**
 * The manage page's steps after a press, a chunk of their own (`manage-chunks/manage-steps-<hash>.js`,
 * fetched by steps-loader.ts): the widget's calendar (its model, the month grid, the times, the
 * zone picker) for a new time, "cancel it?" and "move it?", and sending either, made once per page
 * (createManageSteps) from the page's state; and the booking's extra, Add to calendar.
 */
import { batch } from "@preact/signals-core";
import type { CalendarDay } from "../../worker/domain/calendar-days";
import type { Slot } from "../../worker/domain/contract";
import { createCalendarModel } from "../calendar-model";
import type { CalendarView } from "../model";

export { AddToCalendar } from "../components/AddToCalendar";
// The booking's load retried after a first failure (manage-model.ts).
export { withRetries } from "../retry-policy";
export { retryStatus } from "./retry-status";

import { CancelStep } from "./components/CancelStep";
import { MoveStep } from "./components/MoveStep";
import { PickStep } from "./components/PickStep";
import { createChanges } from "./manage-changes";
import type { ManageState, ManageSteps } from "./manage-state";

const ignore = () => {};

export function createManageSteps(page: ManageState): ManageSteps {
  const { settings, slot, step, alert, status, isFocusingTimes } = page;
  const calendar = createCalendarModel(page.api, settings, ignore);

  /** What the calendar components read (CalendarView), as the widget's model gives it, with this page's choice of time. */
  const view: CalendarView = {
    ...calendar,
    locale: settings.locale,
    strings: settings.strings,
    timeZone: settings.timeZone,
    selectedSlot: slot,
    isFocusingTimes,
    retrySlots: calendar.refresh,
    chooseTimeZone: settings.chooseTimeZone,

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

    timesFocused() {
      isFocusingTimes.value = false;
    },
  };

  return {
    calendar,
    view,
    ...createChanges(page, calendar),

    /** From "move it?" back to the times, which take the focus. */
    backToTimes() {
      batch(() => {
        step.value = "pick";
        isFocusingTimes.value = true;
      });
    },

    CancelStep,
    PickStep,
    MoveStep,
  };
}
