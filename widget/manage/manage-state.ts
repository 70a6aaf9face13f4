/**
 * The shapes the manage page's two parts share: the page's state (manage-model.ts, in /manage.js)
 * and what the steps' chunk (manage-steps.ts) makes of it. Types only, so that neither part imports
 * the other's code: the chunk is fetched by steps-loader.ts, never imported by the model.
 */

import type { Signal } from "@preact/signals-core";
import type { ComponentType } from "preact";
import type { BookingResponse, Slot } from "../../worker/domain/contract";
import type { ManageMessages } from "../../worker/locales/messages";
import type { ApiFailure } from "../api";
import type { CalendarModel } from "../calendar-model";
import type { AddToCalendar } from "../components/AddToCalendar";
import type { CalendarView } from "../model";
import type { RetryHooks, withRetries } from "../retry-policy";
import type { SettingsModel } from "../settings-model";
import type { ManageApi } from "./manage-api";
import type { ManageModel } from "./manage-model";

export type Loaded =
  | { state: "loading" }
  /** No token, or the API knows no such booking for it: the page says only that the link does not work. */
  | { state: "invalid" }
  | { state: "failed"; failure: ApiFailure }
  | { state: "ready"; booking: BookingResponse };

export type ManageStep = "view" | "cancel" | "pick" | "move";

/** What the steps' code reads and changes of one page. */
export interface ManageState {
  api: ManageApi;
  settings: SettingsModel;
  token: string | null;
  /** The strings, in once a step is shown. */
  strings: () => ManageMessages;
  bookingId: Signal<string>;
  loaded: Signal<Loaded>;
  step: Signal<ManageStep>;
  slot: Signal<Slot | null>;
  isSending: Signal<boolean>;
  status: Signal<string>;
  alert: Signal<string>;
  isFocusingTimes: Signal<boolean>;
  hasChanged: Signal<boolean>;
  hasStarted: Signal<boolean>;
  /** Reads the booking `id` again and shows it. */
  load(id: string): Promise<void>;
  onMoved(bookingId: string): void;
}

/** The props of a step the chunk renders. */
export interface StepProps {
  model: ManageModel;
  steps: ManageSteps;
  t: ManageMessages;
}

/** The steps' code made for one page (createManageSteps). */
export interface ManageSteps {
  calendar: CalendarModel;
  /** What the calendar components read. */
  view: CalendarView;
  confirmCancel(): Promise<void>;
  confirmMove(): Promise<void>;
  /** From "move it?" back to the times, which take the focus. */
  backToTimes(): void;
  CancelStep: ComponentType<StepProps>;
  PickStep: ComponentType<StepProps>;
  MoveStep: ComponentType<StepProps>;
}

/** The steps' chunk (manage-steps.ts). */
export interface ManageStepsCode {
  createManageSteps(page: ManageState): ManageSteps;
  withRetries: typeof withRetries;
  retryStatus(page: Pick<ManageState, "settings" | "status">): RetryHooks;
  AddToCalendar: typeof AddToCalendar;
}
