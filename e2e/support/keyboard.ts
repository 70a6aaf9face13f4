/** A visitor who uses only the keyboard: where the focus is, and Tab until it gets somewhere. */
import type { Locator, Page } from "@playwright/test";
import type { CalendarDay } from "../../worker/domain/calendar-days";
import { dayNamed } from "./visitor";
import type { BookingWidget } from "./widget";

/** Whether `target` has the focus (inside a shadow root too). */
export function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate((element) => (element.getRootNode() as Document | ShadowRoot).activeElement === element).catch(() => false);
}

/** Presses Tab until `target` has focus (at most `limit` times). */
export async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press("Tab");
    if (await hasFocus(target)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

/** The day whose button in the widget's grid has focus, read from its accessible name; `around` settles which year. */
export async function focusedDay(widget: BookingWidget, around: CalendarDay): Promise<CalendarDay | null> {
  const focused = widget.grid.locator(":focus");
  if ((await focused.count()) !== 1) return null;
  const name = /button "((?:[^"\\]|\\.)*)"/.exec(await focused.ariaSnapshot())?.[1];
  return name ? dayNamed(widget.page, JSON.parse(`"${name}"`) as string, widget.locale, around) : null;
}
