/**
 * What one widget books and how it shows it: the element's attributes, the visitor's locale, time
 * zone and meeting length, and the booking type's details (title, lengths, the host's zone). The
 * details load whenever the host or type changes, and again when the visitor asks after a failure.
 */
import { computed, effect, type ReadonlySignal, type Signal, signal, untracked } from "@preact/signals-core";
import type { BookingTypeDetails } from "../worker/domain/contract";
import { type Language, matchLanguage } from "../worker/locales/languages";
import type { WidgetMessages } from "../worker/locales/messages";
import type { ApiFailure, BookingApi } from "./api";
import { errorEvent } from "./events";
import { failureText } from "./failure-text";
import { withRetriesAfterFailure } from "./retry-after-failure";
import { detectedTimeZone, isTimeZone } from "./time-zones";
import { withPreferences } from "./zoned-format";

export const ATTRIBUTES = ["username", "booking-type", "time-zone", "locale", "duration", "name", "email", "hour-cycle", "week-start"] as const;
export type AttributeName = (typeof ATTRIBUTES)[number];

/** The booking page the attributes name; another host or type is another page. */
export interface BookingPage {
  username: string;
  bookingType: string;
}

/**
 * The booking type's details: on their way (`isRetry` once the visitor asked again after a
 * failure), in, or failed (`canRetry` false where asking again cannot help).
 */
export type Setup =
  | { state: "loading"; isRetry: boolean }
  | { state: "ready"; type: BookingTypeDetails }
  | { state: "failed"; failure: ApiFailure; canRetry: boolean };

/** What slots are asked for: everything but the month. */
export interface SlotQuery extends BookingPage {
  timeZone: string;
  /** Minutes; null for the type's default. */
  duration: number | null;
}

const MISSING_ATTRIBUTES: ApiFailure = { code: "INVALID_REQUEST", status: 0, message: "This widget needs username and booking-type attributes." };

export type SettingsModel = ReturnType<typeof createSettingsModel>;

/**
 * `stringsOf` gives a language's strings, null while they load: the widget's fetch them
 * (locale-tables.ts), the manage page holds them all.
 */
export function createSettingsModel(
  api: Pick<BookingApi, "bookingType">,
  emit: (event: Event) => void,
  stringsOf: (language: Language) => WidgetMessages | null,
) {
  const attributes = Object.fromEntries(ATTRIBUTES.map((name) => [name, signal<string | null>(null)])) as Record<AttributeName, Signal<string | null>>;

  /** The `locale` attribute's language, else the browser's first we have, else English (languages.ts). */
  const match = computed(() => {
    const wanted = attributes.locale.value;
    return matchLanguage(wanted ? [wanted] : navigator.languages);
  });
  /** The tag dates and numbers are formatted in (`de-AT`, with `hour-cycle` and `week-start` as `-u-hc-h23-fw-mon`); strings come from its language's table. */
  const locale = computed(() => withPreferences(match.value.locale, attributes["hour-cycle"].value, attributes["week-start"].value));
  const language = computed(() => match.value.language);
  /** The widget's strings in that language; null while its chunk is on its way (the skeleton stays). */
  const strings = computed(() => stringsOf(language.value));
  const chosenTimeZone = signal<string | null>(null);
  const timeZone = computed(() => chosenTimeZone.value ?? zoneFromAttribute(attributes["time-zone"].value));

  /** A new object whenever username or booking-type changes: effects that read it start over. */
  const bookingPage = computed<BookingPage | null>(() => {
    const username = attributes.username.value;
    const bookingType = attributes["booking-type"].value;
    return username && bookingType ? { username, bookingType } : null;
  });

  const setup = signal<Setup>({ state: "loading", isRetry: false });
  const bookingType = computed(() => (setup.value.state === "ready" ? setup.value.type : null));
  const setupFailure = computed(() => (setup.value.state === "failed" ? setup.value.failure : null));
  /** What the alert says about a failed setup; null while there is nothing to say. */
  const setupMessage = computed(() => {
    const failure = setupFailure.value;
    const t = strings.value;
    if (!failure || !t) return null;
    // NOT_FOUND: no such page (unknown, private, not for this site). Missing attributes are the
    // partner's to fix (bookora:error says which): for the visitor, no page either.
    return failure.code === "NOT_FOUND" || failure === MISSING_ATTRIBUTES ? t.pageUnavailable : failureText(t, failure);
  });

  const chosenDuration = signal<number | null>(null);
  /**
   * The length asked of the API; null means the type's default. It does not wait for the type's
   * details, so slots and details load side by side; a length the type turns out not to offer
   * falls back to the default.
   */
  const requestedDuration = computed(() => {
    const wanted = chosenDuration.value ?? durationFromAttribute(attributes.duration.value);
    const type = bookingType.value;
    return !type || (wanted !== null && type.durations.includes(wanted)) ? wanted : null;
  });
  /** The length shown, once the type's details are in. */
  const duration = computed(() => requestedDuration.value ?? bookingType.value?.duration ?? null);

  /**
   * The type's details failing, not their arrival, is what changes the slots asked for: were the
   * query to follow every change of `setup`, the type answering while the first month is on its
   * way would start that month's load over (a second bookora:error for a month that failed).
   */
  const isSetupFailed = computed(() => setup.value.state === "failed");

  /** Null while no slots can be asked for: attributes missing, or the type failed to load. */
  const slotQuery = computed<SlotQuery | null>(() => {
    const page = bookingPage.value;
    if (!page || isSetupFailed.value) return null;
    return { ...page, timeZone: timeZone.value, duration: requestedDuration.value };
  });

  // Another host or type: its details, and no length chosen yet. This effect lives as long as the
  // element, so moving it in the page (disconnect, reconnect) keeps its state.
  effect(() => {
    const page = bookingPage.value;
    untracked(() => {
      chosenDuration.value = null;
      if (page) void load(page, false);
      else setup.value = { state: "failed", failure: MISSING_ATTRIBUTES, canRetry: false };
    });
  });

  /** The type's details, retried like a booking when the network or the rate limit is in the way. */
  async function load(page: BookingPage, isRetry: boolean) {
    setup.value = { state: "loading", isRetry };
    const result = await withRetriesAfterFailure(() => api.bookingType(page.username, page.bookingType));
    // Only the answer for the page shown now counts: the attributes may have changed meanwhile.
    if (bookingPage.peek() !== page) return;
    if (result.ok) {
      setup.value = { state: "ready", type: result.value };
      return;
    }
    // NOT_FOUND is the API's definite "no such page" (unknown, private, or not for this site).
    setup.value = { state: "failed", failure: result.failure, canRetry: result.failure.code !== "NOT_FOUND" };
    emit(errorEvent(result.failure));
  }

  return {
    attributes: attributes as Record<AttributeName, ReadonlySignal<string | null>>,
    locale,
    language,
    strings,
    timeZone,
    bookingPage,
    setup: setup as ReadonlySignal<Setup>,
    bookingType,
    setupFailure,
    setupMessage,
    duration,
    slotQuery,

    setAttribute(name: AttributeName, value: string | null) {
      attributes[name].value = value;
    },

    chooseTimeZone(zone: string) {
      if (isTimeZone(zone)) chosenTimeZone.value = zone;
    },

    chooseDuration(minutes: number) {
      chosenDuration.value = minutes;
    },

    /** Asks for the type's details again after a failure that asking again may fix; false when it did not ask. */
    retrySetup(): boolean {
      const page = bookingPage.peek();
      const current = setup.peek();
      if (!page || current.state !== "failed" || !current.canRetry) return false;
      void load(page, true);
      return true;
    },
  };
}

/** The zone slots are shown in until the visitor picks one: the time-zone attribute's if valid, else the browser's. */
export function zoneFromAttribute(zone: string | null): string {
  return zone && isTimeZone(zone) ? zone : detectedTimeZone();
}

/** The length the duration attribute asks for, in minutes; null for the type's default. */
export function durationFromAttribute(minutes: string | null): number | null {
  return Number(minutes) || null;
}
