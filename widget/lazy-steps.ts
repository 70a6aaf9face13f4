/**
 * The steps after a time is picked (the form, the confirmation and its extras) are a chunk of
 * their own (booking-steps.ts), outside what /widget.js needs to show the first free slot. It is
 * fetched once the widget has rendered and the browser is idle, or at once when a time is picked
 * first; a fetch that failed is tried again on the next ask. The chunk's URL is relative to
 * /widget.js (import.meta.url), so an embed fetches it from our origin, like /widget.js itself.
 */
import { type ReadonlySignal, signal } from "@preact/signals-core";

export type BookingSteps = typeof import("./booking-steps");

// Pure: the manage page imports define.ts for its styles, and must not keep this module for nothing.
const loaded = /* @__PURE__ */ signal<BookingSteps | null>(null);
let loading: Promise<BookingSteps> | null = null;

/** The steps' code once it is in; null before. Shared by every widget on the page. */
export const bookingSteps: ReadonlySignal<BookingSteps | null> = loaded;

export function loadBookingSteps(): Promise<BookingSteps> {
  loading ??= import("./booking-steps").then(
    (steps) => (loaded.value = steps),
    (error: unknown) => {
      // Chromium fetches a failed dynamic import again when asked again (e2e/lazy-steps.spec.ts),
      // so the next ask is the retry; a browser that remembers the failure needs a page reload.
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** After the first render, when the browser has nothing else to do (Safari has no requestIdleCallback: soon after). */
export function loadBookingStepsWhenIdle(): void {
  const whenIdle = globalThis.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 1));
  whenIdle(() => void loadBookingSteps().catch(() => undefined));
}
