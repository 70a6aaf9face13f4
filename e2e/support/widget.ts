/**
 * A `<bookora-widget>` as a visitor uses it, by role and label only (Playwright's locators pierce
 * the open shadow root): find a month, pick a day, read and pick times, fill the form. Every step
 * waits for what the visitor would wait for; none reaches into the widget's internals.
 */
import { expect, type Locator, type Page } from "@playwright/test";
import type { CalendarDay } from "../../worker/domain/calendar-days";
import { fullDateLabel, monthLabelsAround } from "./visitor";

export class BookingWidget {
  readonly root: Locator;

  constructor(
    readonly page: Page,
    /** The locale the widget shows (the context's, or its `locale` attribute). */
    readonly locale: string,
    root?: Locator,
  ) {
    this.root = root ?? page.locator("bookora-widget");
  }

  get grid(): Locator {
    return this.root.getByRole("grid");
  }

  /** The first time button of the day shown, whichever day that is. */
  get firstTime(): Locator {
    return this.root
      .getByRole("list", { name: /^Available times on / })
      .getByRole("button")
      .first();
  }

  get nextMonthButton(): Locator {
    return this.root.getByRole("button", { name: "Next month", exact: true });
  }

  get previousMonthButton(): Locator {
    return this.root.getByRole("button", { name: "Previous month", exact: true });
  }

  get timeZoneSelect(): Locator {
    return this.root.getByLabel("Time zone", { exact: true });
  }

  field(label: "Name" | "Email" | "Notes"): Locator {
    return this.root.getByLabel(label, { exact: true });
  }

  get confirmButton(): Locator {
    return this.root.getByRole("button", { name: "Confirm booking", exact: true });
  }

  get confirmation(): Locator {
    return this.root.getByRole("heading", { name: "Booking confirmed", exact: true });
  }

  /** Status and error messages (live regions). */
  get messages(): Locator {
    return this.root.getByRole("alert").or(this.root.getByRole("status"));
  }

  async dayButton(day: CalendarDay): Promise<Locator> {
    return this.grid.getByRole("button", { name: await fullDateLabel(this.page, day, this.locale), exact: true });
  }

  async slotList(day: CalendarDay): Promise<Locator> {
    const label = `Available times on ${await fullDateLabel(this.page, day, this.locale)}`;
    return this.root.getByRole("list", { name: label, exact: true });
  }

  /** Waits until the calendar shows a month, then returns its heading (e.g. "December 2026"). */
  async shownMonth(around: CalendarDay): Promise<string> {
    const labels = await monthLabelsAround(this.page, around, this.locale);
    const pattern = new RegExp(`^(${labels.map((label) => label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})$`);
    await expect(this.grid, "the calendar grid is labelled by its month heading").toHaveAccessibleName(pattern);
    return (await this.root.getByRole("heading", { name: pattern }).first().innerText()).trim();
  }

  /** Goes to the month of `day` with "Next month" / "Previous month", as a visitor would. */
  async showMonthOf(day: CalendarDay): Promise<void> {
    const labels = await monthLabelsAround(this.page, day, this.locale);
    const target = labels[15]!;
    for (let step = 0; step < 14; step += 1) {
      const shown = await this.shownMonth(day);
      if (shown === target) return;
      const goForward = labels.indexOf(shown) < labels.indexOf(target);
      await (goForward ? this.nextMonthButton : this.previousMonthButton).click();
      await expect(this.grid).not.toHaveAccessibleName(shown);
    }
    throw new Error(`the calendar never showed ${target}`);
  }

  /** Whether `day` is the selected day: aria-selected="true" on its button or on the gridcell around it. */
  async isSelected(day: CalendarDay): Promise<boolean> {
    const button = await this.dayButton(day);
    if ((await button.count()) !== 1) return false;
    return button.evaluate(
      (element) => element.getAttribute("aria-selected") === "true" || element.closest('td, [role="gridcell"]')?.getAttribute("aria-selected") === "true",
    );
  }

  /** The name of the day marked selected (aria-selected on its button or gridcell), or null if none is. */
  async selectedDayName(): Promise<string | null> {
    const selected = this.grid.locator('[aria-selected="true"]');
    if ((await selected.count()) !== 1) return null;
    const name = /button "((?:[^"\\]|\\.)*)"/.exec(await selected.ariaSnapshot())?.[1];
    return name === undefined ? null : (JSON.parse(`"${name}"`) as string);
  }

  /** The values of the Time zone picker's options (IANA names), as they are now. */
  zoneOptions(): Promise<string[]> {
    return this.timeZoneSelect.evaluate((select) => Array.from((select as HTMLSelectElement).options, (option) => option.value));
  }

  /** Waits for the day's availability, picks it, and returns its list of times. */
  async pickDay(day: CalendarDay): Promise<Locator> {
    await this.showMonthOf(day);
    const button = await this.dayButton(day);
    await expect(this.grid, "availability has loaded").not.toHaveAttribute("aria-busy", "true");
    await expect(button, `${day} offers times`).not.toHaveAttribute("aria-disabled", "true");
    await button.click();
    const list = await this.slotList(day);
    await expect(list).toBeVisible();
    return list;
  }

  /** The names of the time buttons in `list`, in order, once the list has stopped loading. */
  async slotNames(list: Locator): Promise<string[]> {
    const snapshot = await list.ariaSnapshot();
    return [...snapshot.matchAll(/button "((?:[^"\\]|\\.)*)"/g)].map((match) => JSON.parse(`"${match[1]}"`) as string);
  }

  /** Asserts the list shows exactly these times, in this order. */
  async expectTimes(list: Locator, expected: string[]): Promise<void> {
    await expect.poll(() => this.slotNames(list), { message: "the times offered, in order" }).toEqual(expected);
  }

  /** Picks the time named `time` and waits for the booking form. */
  async pickTime(list: Locator, time: string): Promise<void> {
    await list.getByRole("button", { name: time, exact: true }).click();
    await expect(this.field("Name")).toBeVisible();
  }

  async fillForm(values: { name: string; email: string; notes?: string }): Promise<void> {
    await this.field("Name").fill(values.name);
    await this.field("Email").fill(values.email);
    if (values.notes !== undefined) await this.field("Notes").fill(values.notes);
  }

  /** The text a visitor can see in the widget (hidden parts and the zone list's options left out). */
  visibleText(): Promise<string> {
    return this.root.evaluate((host) => {
      const parts: string[] = [];
      const walk = (node: Node) => {
        for (const child of Array.from(node.childNodes)) {
          if (child.nodeType === Node.TEXT_NODE) {
            const parent = child.parentElement;
            if (parent?.checkVisibility({ visibilityProperty: true }) && !parent.closest("select, option, datalist, template, style, script")) {
              parts.push(child.textContent ?? "");
            }
          } else if (child instanceof Element) {
            if (child.shadowRoot) walk(child.shadowRoot);
            walk(child);
          }
        }
      };
      walk(host.shadowRoot ?? host);
      return parts
        .join(" ")
        .replace(/[\s\u202f\u00a0]+/g, " ")
        .trim();
    });
  }
}
