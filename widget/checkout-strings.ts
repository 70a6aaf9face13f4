/**
 * The checkout's strings. English's are added to English's table as this module runs, which is when
 * the checkout's chunk arrives, before anything of it renders (as english-steps.ts does for the
 * steps); every other language's table holds them already (`WidgetTable`).
 */
import { enCheckout } from "../worker/locales/en/checkout";
import { en } from "../worker/locales/en/widget";
import type { CheckoutMessages, WidgetMessages } from "../worker/locales/messages";

Object.assign(en, enCheckout);

/** The visitor's strings, with the checkout's (in by the time anything of the checkout shows: the steps render only once the strings are). */
export function withCheckout(strings: WidgetMessages | null): WidgetMessages & CheckoutMessages {
  return strings as WidgetMessages & CheckoutMessages;
}
