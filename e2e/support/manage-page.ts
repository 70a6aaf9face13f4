/**
 * The manage page as an attendee uses it, by role and label: its <bookora-manage> element, whose
 * calendar is the widget's (so BookingWidget's steps work inside it too).
 */
import type { Locator, Page } from "@playwright/test";
import { BookingWidget } from "./widget";

export class ManagePage {
  readonly root: Locator;
  readonly calendar: BookingWidget;

  constructor(
    readonly page: Page,
    readonly locale: string,
  ) {
    this.root = page.locator("bookora-manage");
    this.calendar = new BookingWidget(page, locale, this.root);
  }

  button(name: string): Locator {
    return this.root.getByRole("button", { name, exact: true });
  }

  heading(name: string | RegExp): Locator {
    return this.root.getByRole("heading", { name });
  }

  get status(): Locator {
    return this.root.getByRole("status");
  }

  get alert(): Locator {
    return this.root.getByRole("alert");
  }

  calendarLink(name: "Download (.ics)" | "Google Calendar" | "Outlook"): Locator {
    return this.root.getByRole("list", { name: "Add to calendar" }).getByRole("link", { name, exact: true });
  }
}

/** A manage link with the last character of its token changed. */
export function tampered(manageUrl: string): string {
  const last = manageUrl.at(-1);
  return manageUrl.slice(0, -1) + (last === "A" ? "B" : "A");
}
