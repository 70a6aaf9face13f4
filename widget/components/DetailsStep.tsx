/**
 * The step after a time is picked: the form, then, with confirm="external", the wait for the
 * partner's payment. With `hold` or confirm="external" (checkout-mode.ts) it fetches the checkout's
 * chunk as it first shows and starts the checkout (checkout-step.ts: the time held), and stops it as
 * it goes (the hold released): Back, a time taken meanwhile, another booking page, the element
 * removed from the page (which unmounts it). Closing the popup's dialog keeps the step, so it keeps
 * the hold: a partner may close it to show its own payment.
 */
import { signal } from "@preact/signals-core";
import { createRef } from "preact";
import type { SentWith } from "../booking-body";
import { type CheckoutCode, type CheckoutMode, checkoutCode, checkoutMode, loadCheckout } from "../checkout-mode";
import { widgetOf } from "../host-element";
import type { BookingModel } from "../model";
import { Tracked } from "../tracked";
import { BookingForm } from "./BookingForm";

export class DetailsStep extends Tracked<{ model: BookingModel }> {
  readonly container = createRef<HTMLDivElement>();
  readonly mode = signal<CheckoutMode>(null);
  #element: Element | null = null;
  #isShown = true;
  #stop?: () => void;

  override componentDidMount() {
    this.#element = widgetOf(this.container.current);
    this.mode.value = checkoutMode(this.#element);
    // A chunk that cannot be fetched leaves the form as it is; its submit asks for the chunk again.
    if (this.mode.peek()) loadCheckout().then(this.#start, () => undefined);
  }

  override componentWillUnmount() {
    super.componentWillUnmount();
    this.#isShown = false;
    this.#stop?.();
  }

  /** The checkout starts once, as its code arrives, while the step shows. */
  #start = (checkout: CheckoutCode) => {
    if (this.#isShown && !this.#stop) this.#stop = checkout.startCheckout(this.props.model.attempt, this.mode.peek(), this.#element);
    return checkout;
  };

  /** The form's submit with a checkout: never without its code (confirm="external" must not book unpaid), the form's alert if it cannot be fetched. */
  #submit = (sentWith: SentWith) => {
    const { attempt } = this.props.model;
    loadCheckout()
      .then(this.#start)
      .then(
        (checkout) => checkout.submitCheckout(attempt, sentWith),
        () => {
          attempt.alert.value = attempt.strings.peek()!.stepsUnavailable;
        },
      );
  };

  view({ model }: { model: BookingModel }) {
    const mode = this.mode.value;
    const checkout = mode ? checkoutCode.value : null;
    return (
      <div ref={this.container}>
        {checkout?.isWaiting(model.attempt) ? (
          <checkout.WaitingForPayment model={model} />
        ) : (
          <BookingForm model={model} mode={mode} checkout={checkout} onCheckoutSubmit={mode ? this.#submit : undefined} />
        )}
      </div>
    );
  }
}
