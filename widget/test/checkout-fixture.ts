/**
 * What the checkout's tests share: an attempt on the intro call whose API is a fake that records
 * every call (path, method, body, Idempotency-Key, keepalive) and answers holds and bookings from
 * queues (answers can be held back, as a slow network would), the events it emits, and an element
 * and a window that record what the checkout gives them.
 */
import { signal } from "@preact/signals-core";
import { vi } from "vitest";
import type { BookingTypeDetails, HoldResponse } from "../../worker/domain/contract";
import { enCheckout } from "../../worker/locales/en/checkout";
import { enDialog } from "../../worker/locales/en/dialog";
import { enSteps } from "../../worker/locales/en/steps";
import { en } from "../../worker/locales/en/widget";
import type { WidgetMessages } from "../../worker/locales/messages";
import type { ApiCall, ApiResult, Slot } from "../api";
import { editField } from "../attempt-actions";
import { chooseSlot, createAttempt } from "../booking-attempt-model";
import { STEPS_FOR_CHECKOUT } from "../checkout-mode";
import { useSteps } from "../steps-code";
import { INTRO_CALL } from "./booking-type";

export const SLOT: Slot = { start: "2026-12-07T11:30:00Z", end: "2026-12-07T12:00:00Z" };
export const OTHER_SLOT: Slot = { start: "2026-12-07T12:00:00Z", end: "2026-12-07T12:30:00Z" };

export interface RecordedCall {
  path: string;
  method: string;
  body: unknown;
  key: string | null;
  keepalive: boolean;
}

/** The hold the fake API places for `slot`: a new id each time, held ten minutes. */
export function holdFor(slot: Slot, id: string): HoldResponse {
  return { holdId: id, start: slot.start, end: slot.end, expiresAt: "2026-12-01T10:10:00Z" };
}

export function checkoutAttempt(type: BookingTypeDetails = INTRO_CALL) {
  useSteps(STEPS_FOR_CHECKOUT);
  const calls: RecordedCall[] = [];
  const holdAnswers: (ApiResult<HoldResponse> | Promise<ApiResult<HoldResponse>>)[] = [];
  const events: { type: string; detail: unknown }[] = [];
  let slotsChanged = 0;
  let holds = 0;
  let isHoldingBackReleases = false;
  const heldBackReleases: (() => void)[] = [];
  const call = (async (path: string, init: RequestInit = {}) => {
    const method = init.method ?? "GET";
    calls.push({
      path,
      method,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      key: new Headers(init.headers).get("Idempotency-Key"),
      keepalive: init.keepalive === true,
    });
    if (path === "/api/holds") {
      const body = JSON.parse(String(init.body)) as Slot;
      holds += 1;
      return holdAnswers.shift() ?? { ok: true, value: holdFor(body, `hold_${holds}`) };
    }
    if (method === "DELETE") {
      // As apiCaller answers a 204: no body, so a failure value (nobody reads it).
      const answer: ApiResult<never> = { ok: false, failure: { code: "INTERNAL", status: 204, message: "" } };
      return isHoldingBackReleases ? new Promise((resolve) => heldBackReleases.push(() => resolve(answer))) : answer;
    }
    return { ok: true, value: { bookingId: "b-1", status: "confirmed", manageUrl: "https://bookora.test/manage/b-1#t" } };
  }) as ApiCall;
  const attempt = createAttempt({
    bookingType: signal(type),
    strings: signal<WidgetMessages>({ ...en, ...enSteps, ...enDialog, ...enCheckout }),
    locale: signal("en-GB"),
    call,
    emit: (event) => events.push({ type: event.type, detail: (event as CustomEvent).detail }),
    onSlotsChanged: () => (slotsChanged += 1),
  });
  editField(attempt, "name", "Ada Lovelace");
  editField(attempt, "email", "ada@example.com");
  chooseSlot(attempt, SLOT);
  return {
    attempt,
    calls,
    holdAnswers,
    events,
    slotsChanged: () => slotsChanged,
    /** Releases answer only when `answerReleases` is called, as on a slow network. */
    holdBackReleases: () => (isHoldingBackReleases = true),
    answerReleases: () => {
      for (const answer of heldBackReleases.splice(0)) answer();
    },
    /** The calls of one method and path prefix, in order. */
    sent: (method: string, path = "/api/") => calls.filter((c) => c.method === method && c.path.startsWith(path)),
    eventsOf: (type: string) => events.filter((event) => event.type === type).map((event) => event.detail),
  };
}

/** A <bookora-widget> as the checkout reads it: its attributes, and the `complete` it is given. */
export function fakeElement(attributes: Record<string, string>): Element & { complete?: (bookingId: string) => void } {
  return {
    getAttribute: (name: string) => attributes[name] ?? null,
    hasAttribute: (name: string) => name in attributes,
  } as unknown as Element;
}

/** The window's pagehide and pageshow, as the checkout listens to them (Node has no window). */
export function fakeWindow() {
  const listeners = new Map<string, Set<(event: Event) => void>>();
  vi.stubGlobal("addEventListener", (type: string, listener: (event: Event) => void) => {
    if (!listeners.has(type)) listeners.set(type, new Set());
    listeners.get(type)!.add(listener);
  });
  vi.stubGlobal("removeEventListener", (type: string, listener: (event: Event) => void) => listeners.get(type)?.delete(listener));
  return {
    dispatch: (type: string, init: { persisted?: boolean } = {}) => {
      for (const listener of listeners.get(type) ?? []) listener(Object.assign(new Event(type), init));
    },
    listening: (type: string) => listeners.get(type)?.size ?? 0,
  };
}

/** Lets every answer already given settle (the fake answers in microtasks). */
export const settled = () => new Promise((resolve) => setTimeout(resolve, 0));
