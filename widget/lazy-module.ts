/**
 * A chunk fetched by dynamic import, once: its module as a signal (null until it is in), a fetch
 * to ask for it now, and one for when the browser is idle. A fetch that failed is tried again on
 * the next ask: Chromium fetches a failed dynamic import again when asked again
 * (e2e/lazy-steps.spec.ts); a browser that remembers the failure needs a page reload. Used for the
 * widget's later steps (lazy-steps.ts) and the manage page's (manage/steps-loader.ts).
 */
import { type ReadonlySignal, signal } from "@preact/signals-core";

/**
 * `[loaded, load, loadWhenIdle]`: the module once it is in (null before), a fetch of it now, and a
 * fetch when the browser is idle (a failure then waits for the next ask). A tuple rather than an
 * object: /widget.js would carry the three property names, and its budget is tight.
 */
export type LazyModule<T> = readonly [loaded: ReadonlySignal<T | null>, load: () => Promise<T>, loadWhenIdle: () => void];

export function lazyModule<T>(fetchModule: () => Promise<T>): LazyModule<T> {
  const loaded = signal<T | null>(null);
  let loading: Promise<T> | null = null;
  const load = () =>
    (loading ??= fetchModule().then(
      (module) => (loaded.value = module),
      (error: unknown) => {
        loading = null;
        throw error;
      },
    ));
  const loadWhenIdle = () => {
    const whenIdle = globalThis.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 1));
    whenIdle(() => void load().catch(() => undefined));
  };
  return [loaded, load, loadWhenIdle];
}
