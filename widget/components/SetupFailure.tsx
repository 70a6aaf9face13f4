/**
 * What a visitor can do when the booking type's details could not be loaded: ask again. The alert
 * above it says what failed; nothing is offered where asking again cannot help (no such booking
 * page, or the element lacks its attributes).
 */

import type { BookingModel } from "../model";
import { tracked } from "../tracked";

export const SetupFailure = tracked(function SetupFailure({ model }: { model: BookingModel }) {
  const setup = model.setup.value;
  if (setup.state === "failed" && !setup.canRetry) return null;
  // aria-disabled, not disabled, while the retry runs: a disabled button would drop the focus onto the page.
  const isRetrying = setup.state === "loading";
  return (
    <div class="actions">
      <button type="button" class="secondary" aria-disabled={isRetrying ? "true" : undefined} onClick={model.retrySetup}>
        {model.strings.value!.tryAgain}
      </button>
    </div>
  );
});
