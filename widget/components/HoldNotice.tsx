/**
 * With the `hold` attribute: how long the chosen time is held for the visitor, as "held until 14:32"
 * in their zone and language rather than a countdown. A time of day needs no timer and says the
 * same to a screen reader as on screen, once (a ticking countdown would either change every second
 * in a live region or go stale), and "until 14:32" stays right if the visitor's clock is off by a
 * few minutes, where a countdown from their clock would not. A live region from the start, so the
 * hold being placed, then ending, is announced.
 */
import { fill } from "../../worker/locales/format";
import { withCheckout } from "../checkout-strings";
import type { BookingModel } from "../model";
import { holdOf } from "../slot-hold";
import { Tracked } from "../tracked";
import { formatter, plainSpaces } from "../zoned-format";

/** "14:32" or "2:32 PM" in the visitor's zone, as zoned-format.ts formats the times (its formatTime is not exported by /widget.js). */
function timeOfDay(instant: string, timeZone: string, locale: string): string {
  return plainSpaces(formatter(locale, { timeZone, hour: "numeric", minute: "2-digit" }).format(Date.parse(instant)));
}

export class HoldNotice extends Tracked<{ model: BookingModel }> {
  view({ model }: { model: BookingModel }) {
    const { settings, state } = holdOf(model.attempt);
    if (!settings.value.isHolding) return null;
    const t = withCheckout(model.strings.value);
    const hold = state.value;
    const text =
      hold.kind === "placing"
        ? t.holding
        : hold.kind === "held"
          ? fill(t.heldUntil, { time: timeOfDay(hold.hold.expiresAt, model.timeZone.value, model.locale.value) })
          : hold.kind === "ended"
            ? t.holdEnded
            : "";
    return (
      <p role="status" class="hold-notice">
        {text}
      </p>
    );
  }
}
