/**
 * The `hold` attribute (design-embed.md "Checkout flows"): the time the visitor picked is held for
 * them (design.md "Holds") while they fill the form, so nobody else can book it meanwhile; the
 * create names the hold and consumes it. One hold at a time per attempt: holding another time
 * releases the one before, and leaving releases it, unless it was handed to the partner's page
 * (confirm="external", checkout-handover.ts), whose server books it. A hold refused because the
 * time is taken or held by someone else takes the visitor back to the times at once, as a taken
 * time does on Confirm. It lives beside the attempt, like its answers, and comes with the form's
 * code in the lazy chunk: /widget.js holds none of it.
 */
import { batch, type Signal, signal } from "@preact/signals-core";
import type { HoldResponse } from "../worker/domain/contract";
import type { ApiFailure, Slot } from "./api";
import type { Attempt } from "./booking-attempt-model";
import type { CheckoutMode } from "./checkout-mode";
import { withCheckout } from "./checkout-strings";
import { bookoraEvent, errorEvent, type SlotHeldDetail } from "./events";
import { placeHold, releaseHoldRequest } from "./hold-requests";
import { stepsCode } from "./steps-code";

/** What the element's attributes ask of the checkout (read as the form first shows: `checkoutSettings`). */
export interface CheckoutSettings {
  /** `hold`, or confirm="external", which has nothing to hand over without one. */
  isHolding: boolean;
  /** confirm="external": the partner's page takes payment and its server books. */
  isExternal: boolean;
  /** `hold-seconds` when the API takes it (60–1,800); else the API's default, 600. */
  ttlSeconds?: number;
}

export type HoldState =
  | { kind: "none" }
  | { kind: "placing"; slot: Slot; placed: Promise<HoldResponse | null> }
  | { kind: "held"; slot: Slot; hold: HoldResponse }
  /** Its `expiresAt` passed: a create naming it still books the time if it is free (design.md). */
  | { kind: "ended"; slot: Slot; hold: HoldResponse }
  /** Not placed for a reason other than someone else's hold (no connection, the address's cap): booking still works without one. */
  | { kind: "unheld"; slot: Slot; failure: ApiFailure };

export interface SlotHold {
  settings: Signal<CheckoutSettings>;
  state: Signal<HoldState>;
  /** confirm="external": what `bookora:slot-held` gave the partner's page, until `complete()`. The hold is theirs then. */
  handedOver: Signal<SlotHeldDetail | null>;
  expiry?: ReturnType<typeof setTimeout>;
  /** The last release, until answered: the next hold waits for it (below). */
  releasing?: Promise<unknown>;
}

const NONE: HoldState = { kind: "none" };
const byAttempt = new WeakMap<Attempt, SlotHold>();

export function holdOf(attempt: Attempt): SlotHold {
  let hold = byAttempt.get(attempt);
  if (!hold) {
    hold = { settings: signal({ isHolding: false, isExternal: false }), state: signal(NONE), handedOver: signal(null) };
    byAttempt.set(attempt, hold);
  }
  return hold;
}

/** The element's checkout (checkout-mode.ts reads `hold` and `confirm`) and its `hold-seconds` attribute. */
export function checkoutSettings(mode: CheckoutMode, element: Element | null): CheckoutSettings {
  const ttl = Number(element?.getAttribute("hold-seconds"));
  return {
    isHolding: mode !== null,
    isExternal: mode === "external",
    ...(Number.isInteger(ttl) && ttl >= 60 && ttl <= 1800 ? { ttlSeconds: ttl } : {}),
  };
}

const isSameSlot = (a: Slot, b: Slot) => a.start === b.start && a.end === b.end;

/** The hold's own fields: the API's answer may grow others, which are not the page's to see. */
const heldDetail = ({ holdId, start, end, expiresAt }: HoldResponse): SlotHeldDetail => ({ holdId, start, end, expiresAt });

/**
 * Holds `slot` (with the `hold` attribute; else nothing): the hold already placed or on its way
 * for it, or a new one, releasing any other first. Resolves to the hold, or null when there is none
 * (refused, failed, released meanwhile).
 */
export function holdSlot(attempt: Attempt, slot: Slot): Promise<HoldResponse | null> {
  const slotHold = holdOf(attempt);
  const settings = slotHold.settings.peek();
  const current = slotHold.state.peek();
  if (!settings.isHolding) return Promise.resolve(null);
  if (current.kind === "placing" && isSameSlot(current.slot, slot)) return current.placed;
  if (current.kind === "held" && isSameSlot(current.slot, slot)) return Promise.resolve(current.hold);
  releaseHold(attempt);
  const type = attempt.bookingType.peek();
  if (!type) return Promise.resolve(null);
  const body = { bookingType: type.id, start: slot.start, end: slot.end, ...(settings.ttlSeconds ? { ttlSeconds: settings.ttlSeconds } : {}) };
  const key = stepsCode().newIdempotencyKey();
  // After the release before it has answered: the two may travel apart, and a hold arriving first
  // would be refused for the visitor's own (Back, then the same time again at once).
  const placing: HoldState & { kind: "placing" } = {
    kind: "placing",
    slot,
    placed: Promise.resolve(slotHold.releasing)
      .then(() => placeHold(attempt.call, body, key))
      .then((result) => settle(attempt, placing, result)),
  };
  slotHold.state.value = placing;
  return placing.placed;
}

/** What a hold's answer does, if the visitor still wants that hold (else a hold that came anyway is released). */
function settle(attempt: Attempt, placing: HoldState, result: Awaited<ReturnType<typeof placeHold>>): HoldResponse | null {
  const slotHold = holdOf(attempt);
  if (slotHold.state.peek() !== placing) {
    if (result.ok) slotHold.releasing = releaseHoldRequest(attempt.call, result.value.holdId);
    return null;
  }
  const { slot } = placing as HoldState & { kind: "placing" };
  if (result.ok) {
    const hold = result.value;
    slotHold.state.value = { kind: "held", slot, hold };
    endOnExpiry(slotHold, hold);
    if (!slotHold.settings.peek().isExternal) attempt.emit(bookoraEvent("slot-held", heldDetail(hold)));
    return hold;
  }
  attempt.emit(errorEvent(result.failure));
  if (result.failure.code === "SLOT_NOT_AVAILABLE") {
    slotHold.state.value = NONE;
    heldElsewhere(attempt);
  } else {
    slotHold.state.value = { kind: "unheld", slot, failure: result.failure };
  }
  return null;
}

/**
 * Someone else holds the time (or has just booked it): said at once, and the times reload in the
 * same batch, so the focus never lands on a time that is about to go. What was typed stays.
 */
function heldElsewhere({ isFocusingTimes, alert, status, slot, step, strings, onSlotsChanged }: Attempt) {
  batch(() => {
    isFocusingTimes.value = true;
    alert.value = withCheckout(strings.peek()).slotHeld;
    status.value = "";
    slot.value = null;
    step.value = "pick";
    onSlotsChanged();
  });
}

/** The notice says the hold ended at its `expiresAt` (by this browser's clock; the server's alarm ends it there). */
function endOnExpiry(slotHold: SlotHold, hold: HoldResponse) {
  clearTimeout(slotHold.expiry);
  slotHold.expiry = setTimeout(
    () => {
      const state = slotHold.state.peek();
      if (state.kind === "held" && state.hold === hold) slotHold.state.value = { kind: "ended", slot: state.slot, hold };
    },
    Math.max(0, Date.parse(hold.expiresAt) - Date.now()),
  );
}

/**
 * The visitor no longer wants the time (another time, Back, the form gone, the page left): the slot
 * is free for others at once. A hold still on its way is released as it lands (`settle`). A hold
 * handed to the partner's page stays: its checkout may be on another page now (a redirect to the
 * payment provider unloads this one), and it expires on its own if nobody books it.
 */
export function releaseHold(attempt: Attempt) {
  const slotHold = holdOf(attempt);
  if (slotHold.handedOver.peek()) return;
  const state = slotHold.state.peek();
  // Once booked (the step is done), the hold went with the booking: nothing to release.
  if (state.kind === "held" && attempt.step.peek() !== "done") slotHold.releasing = releaseHoldRequest(attempt.call, state.hold.holdId);
  clearTimeout(slotHold.expiry);
  slotHold.state.value = NONE;
}

/** The partner's server booked the handed-over hold: it went with the booking, nothing to release. */
export function holdConsumed(attempt: Attempt) {
  const slotHold = holdOf(attempt);
  clearTimeout(slotHold.expiry);
  batch(() => {
    slotHold.state.value = NONE;
    slotHold.handedOver.value = null;
  });
}

/** The hold a create of `slot` names, once placed (an ended one too: it books the time if still free); none without. */
export async function holdIdFor(attempt: Attempt, slot: Slot): Promise<string | undefined> {
  const state = holdOf(attempt).state.peek();
  if (state.kind === "placing" && isSameSlot(state.slot, slot)) return (await state.placed)?.holdId;
  return (state.kind === "held" || state.kind === "ended") && isSameSlot(state.slot, slot) ? state.hold.holdId : undefined;
}
