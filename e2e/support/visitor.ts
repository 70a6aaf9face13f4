/**
 * A visitor's browser page: its clock frozen at the real current time (so "today" cannot move under
 * a spec), a recorder for the widget's events and for Content-Security-Policy violations, and the
 * labels a visitor sees, formatted by the browser's own Intl (the same ICU data the widget uses).
 */
import type { Browser, BrowserContext, Page } from "@playwright/test";
import type { CalendarDay } from "../../worker/domain/calendar-days";

export interface RecordedEvent {
  type: string;
  /** The element the event reached the document from: `bookora-widget` for a composed event. */
  target: string;
  detail: Record<string, unknown>;
}

export interface CspViolation {
  directive: string;
  blocked: string;
  sample: string;
}

/**
 * Freezes the page's clock at the real current time and starts recording, before any navigation.
 * Only Date is frozen: timers run normally, so the widget's retry back-off still happens.
 */
export async function prepareVisitor(page: Page): Promise<void> {
  await page.clock.setFixedTime(Date.now());
  await page.addInitScript(() => {
    const store = window as unknown as { __bookoraEvents: RecordedEvent[]; __cspViolations: CspViolation[] };
    store.__bookoraEvents = [];
    store.__cspViolations = [];
    // Listening on the document proves the events bubble out of the shadow root (composed).
    for (const type of ["bookora:booking-created", "bookora:error"]) {
      document.addEventListener(type, (event) => {
        store.__bookoraEvents.push({
          type,
          target: (event.target as Element | null)?.localName ?? "",
          detail: JSON.parse(JSON.stringify((event as CustomEvent).detail ?? null)) as Record<string, unknown>,
        });
      });
    }
    document.addEventListener(
      "securitypolicyviolation",
      (event) => store.__cspViolations.push({ directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample }),
      true,
    );
  });
}

/** A second visitor, in a browser context of their own in `timezoneId` and `locale`, prepared as the `page` fixture is. */
export async function visitorPage(browser: Browser, timezoneId: string, locale: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ timezoneId, locale });
  const page = await context.newPage();
  await prepareVisitor(page);
  return { context, page };
}

export function widgetEvents(page: Page, type?: string): Promise<RecordedEvent[]> {
  return page.evaluate(
    (wanted) => (window as unknown as { __bookoraEvents: RecordedEvent[] }).__bookoraEvents.filter((event) => !wanted || event.type === wanted),
    type,
  );
}

export function cspViolations(page: Page): Promise<CspViolation[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: CspViolation[] }).__cspViolations);
}

/** Console errors and uncaught exceptions from the moment this is called; the array fills as they come. */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

/** "Monday 7 December 2026" (en-GB) / "Monday, December 7, 2026" (en-US): a day button's name. */
export function fullDateLabel(page: Page, day: CalendarDay, locale: string): Promise<string> {
  return page.evaluate(({ day, locale }) => new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`)), {
    day,
    locale,
  });
}

/** "December 2026": the calendar heading for the month of `day`. */
export function monthLabel(page: Page, day: CalendarDay, locale: string): Promise<string> {
  return page.evaluate(
    ({ day, locale }) => new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`)),
    { day, locale },
  );
}

/** Month headings for the months from `before` months before `day`'s month to `after` months after it. */
export function monthLabelsAround(page: Page, day: CalendarDay, locale: string, before = 15, after = 15): Promise<string[]> {
  return page.evaluate(
    ({ day, locale, before, after }) => {
      const format = new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" });
      const [year, month] = day.split("-").map(Number) as [number, number];
      return Array.from({ length: before + after + 1 }, (_, i) => format.format(new Date(Date.UTC(year, month - 1 - before + i, 15, 12))));
    },
    { day, locale, before, after },
  );
}

/** "14:45" / "2:45 PM": a slot button's name for each UTC instant, in `zone`, narrow spaces made plain. */
export function timeLabels(page: Page, instants: string[], locale: string, zone: string): Promise<string[]> {
  return page.evaluate(
    ({ instants, locale, zone }) => {
      const format = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone: zone });
      return instants.map((instant) => format.format(new Date(instant)).replace(/[\u202f\u00a0]/g, " "));
    },
    { instants, locale, zone },
  );
}

/** The calendar day in the browser's label table whose full-date name is `name` (searched ±14 months). */
export function dayNamed(page: Page, name: string, locale: string, around: CalendarDay): Promise<CalendarDay | null> {
  return page.evaluate(
    ({ name, locale, around }) => {
      const format = new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone: "UTC" });
      const centre = Date.parse(`${around}T12:00:00Z`);
      for (let offset = -430; offset <= 430; offset += 1) {
        const date = new Date(centre + offset * 86_400_000);
        if (format.format(date) === name) return date.toISOString().slice(0, 10);
      }
      return null;
    },
    { name, locale, around },
  );
}
