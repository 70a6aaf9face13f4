/**
 * The alert and status lines screen readers announce. Always in the tree, even while empty, because
 * a live region announces changes to its text only once it exists.
 */

import type { ReadonlySignal } from "@preact/signals-core";
import { tracked } from "../tracked";

export const LiveRegions = tracked(function LiveRegions({ alert, status }: { alert: ReadonlySignal<string>; status: ReadonlySignal<string> }) {
  return (
    <>
      <p role="alert" class={alert.value ? "alert" : "visually-hidden"}>
        {alert.value}
      </p>
      <p role="status" class={status.value ? "status" : "visually-hidden"}>
        {status.value}
      </p>
    </>
  );
});
