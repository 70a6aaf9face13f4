/**
 * confirm="external", once the form is sent: the time, its hold, and the wait while the partner's
 * page takes payment (checkout-handover.ts), until the page calls the element's `complete()`. The
 * heading takes the focus, so the step is announced; the partner's payment follows the widget in
 * the page's own tab order.
 */
import { createRef } from "preact";
import { withCheckout } from "../checkout-strings";
import type { BookingModel } from "../model";
import { holdOf } from "../slot-hold";
import { stepsCode } from "../steps-code";
import { Tracked } from "../tracked";
import { HoldNotice } from "./HoldNotice";

export class WaitingForPayment extends Tracked<{ model: BookingModel }> {
  readonly heading = createRef<HTMLHeadingElement>();

  override componentDidMount() {
    this.heading.current?.focus();
  }

  view({ model }: { model: BookingModel }) {
    const handed = holdOf(model.attempt).handedOver.value;
    if (!handed) return null;
    const t = withCheckout(model.strings.value);
    const { formatRange, currentZoneName } = stepsCode();
    return (
      <section class="waiting" aria-labelledby="waiting-heading">
        <h3 id="waiting-heading" ref={this.heading} tabIndex={-1}>
          {t.waitingForPayment}
        </h3>
        <p class="chosen">
          {formatRange(Date.parse(handed.start), Date.parse(handed.end), model.timeZone.value, model.locale.value)}
          <span class="zone-name"> ({currentZoneName(model.timeZone.value)})</span>
        </p>
        <HoldNotice model={model} />
        <p>{t.paymentHint}</p>
      </section>
    );
  }
}
