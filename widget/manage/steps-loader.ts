/**
 * The steps' chunk (manage-steps.ts) is outside what the manage page needs to show the booking and
 * its buttons. It is fetched once the page has rendered and the browser is idle, or at once when
 * Cancel or Reschedule is pressed first; a fetch that failed is tried again on the next press.
 */
import { type ReadonlySignal, signal } from "@preact/signals-core";
import type { ManageStepsCode } from "./manage-state";

const loaded = signal<ManageStepsCode | null>(null);
let loading: Promise<ManageStepsCode> | null = null;

/** The chunk's code once it is in (Add to calendar shows from it); null before. */
export const manageStepsCode: ReadonlySignal<ManageStepsCode | null> = loaded;

export function loadManageSteps(): Promise<ManageStepsCode> {
  loading ??= import("./manage-steps")
    .then((code) => (loaded.value = code))
    .catch((error: unknown) => {
      // Chromium fetches a failed dynamic import again when asked again, so the next press is the retry.
      loading = null;
      throw error;
    });
  return loading;
}

/** After the first render, when the browser has nothing else to do (Safari has no requestIdleCallback: soon after). */
export function loadManageStepsWhenIdle(): void {
  const whenIdle = globalThis.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 1));
  whenIdle(() => void loadManageSteps().catch(() => undefined));
}
