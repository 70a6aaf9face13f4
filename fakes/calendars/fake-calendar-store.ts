/**
 * The fake account's calendars and events, in one model both fakes render in their own wire shapes.
 * Tests read it to see what a provider call really did (which events exist, with which booking id,
 * and whom the provider mailed about them).
 */

/** Graph's showAs values; Google's events are "busy" (opaque) or "free" (transparent). */
export type ShowAs = "free" | "tentative" | "busy" | "oof" | "workingElsewhere" | "unknown";

export const SHOW_AS_VALUES: readonly ShowAs[] = ["free", "tentative", "busy", "oof", "workingElsewhere", "unknown"];

export interface FakeCalendar {
  id: string;
  name: string;
  primary: boolean;
}

export interface FakeEvent {
  id: string;
  calendarId: string;
  title: string;
  description: string;
  startMs: number;
  endMs: number;
  /** The zone the writer sent beside the instants. */
  timeZone: string;
  attendees: Array<{ email: string; name: string }>;
  /** Google extendedProperties.private; Graph singleValueExtendedProperties by property id. */
  properties: Record<string, string>;
  /** The booking id the provider stored on the event (Google private bookoraBookingId; Graph our property). */
  bookingId: string | null;
  /** Graph's transactionId. */
  transactionId: string | null;
  showAs: ShowAs;
  /** Deleted (Google keeps it as status "cancelled"; Graph moves it out of the calendar). */
  deleted: boolean;
  /** Google's sendUpdates query parameter of the last write. */
  sendUpdates: string | null;
  createdAtMs: number;
  updatedAtMs: number;
}

/** A message the provider itself sent from the host's account about an event (Google sendUpdates, Graph's meeting mail). */
export interface ProviderMail {
  to: string;
  kind: "invitation" | "update" | "cancellation";
  eventId: string;
}

export class FakeCalendarStore {
  #calendars: FakeCalendar[] = [];
  #events: FakeEvent[] = [];
  #mail: ProviderMail[] = [];

  constructor(private readonly defaults: () => FakeCalendar[]) {
    this.reset();
  }

  reset(): void {
    this.#calendars = this.defaults();
    this.#events = [];
    this.#mail = [];
  }

  /** The provider mails each of the event's attendees (the account's own address excepted). */
  mailAttendees(event: FakeEvent, kind: ProviderMail["kind"], accountEmail: string): void {
    for (const attendee of event.attendees) {
      if (attendee.email.toLowerCase() !== accountEmail.toLowerCase()) this.#mail.push({ to: attendee.email, kind, eventId: event.id });
    }
  }

  /** Everything the provider mailed from the host's account, oldest first. */
  sentMail(): ProviderMail[] {
    return this.#mail.map((mail) => ({ ...mail }));
  }

  calendars(): FakeCalendar[] {
    return this.#calendars.map((calendar) => ({ ...calendar }));
  }

  primaryCalendar(): FakeCalendar {
    const primary = this.#calendars.find((calendar) => calendar.primary) ?? this.#calendars[0];
    if (primary === undefined) throw new Error("The fake account has no calendar");
    return primary;
  }

  calendar(id: string): FakeCalendar | null {
    return this.#calendars.find((calendar) => calendar.id === id) ?? null;
  }

  addCalendar(calendar: FakeCalendar): FakeCalendar {
    this.#calendars.push(calendar);
    return calendar;
  }

  /** Every event, or a calendar's; deleted ones only when asked. */
  events(calendarId?: string, options: { includeDeleted?: boolean } = {}): FakeEvent[] {
    return this.#events
      .filter((event) => (calendarId === undefined || event.calendarId === calendarId) && (options.includeDeleted || !event.deleted))
      .sort((a, b) => a.startMs - b.startMs);
  }

  event(id: string, calendarId?: string): FakeEvent | null {
    return this.#events.find((event) => event.id === id && (calendarId === undefined || event.calendarId === calendarId)) ?? null;
  }

  insert(event: FakeEvent): FakeEvent {
    this.#events.push(event);
    return event;
  }

  /** Events of a calendar overlapping [fromMs, toMs), deleted ones left out. */
  overlapping(calendarId: string, fromMs: number, toMs: number): FakeEvent[] {
    return this.events(calendarId).filter((event) => event.startMs < toMs && event.endMs > fromMs);
  }
}

/** A blank event with what the caller gives; ids and times are the caller's. */
export function newEvent(fields: Pick<FakeEvent, "id" | "calendarId" | "startMs" | "endMs"> & Partial<FakeEvent>, nowMs: number): FakeEvent {
  return {
    title: "",
    description: "",
    timeZone: "UTC",
    attendees: [],
    properties: {},
    bookingId: null,
    transactionId: null,
    showAs: "busy",
    deleted: false,
    sendUpdates: null,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
    ...fields,
  };
}
