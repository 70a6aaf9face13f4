/**
 * Availability answers of one host as JSON text, memoised (HostState): the free slots of a range are
 * worked out once per version of the host's bookings and configuration, and per read of its
 * calendars' busy times, and each answer cuts them to what is bookable at its own "now". Time
 * passing only moves the two edges: slots starting before now + minimum notice drop out, and the
 * booking window reaches further. The engine decides each slot on its own (bookings, buffers, the
 * daily cap of its date), so the slots of a range cut afterwards are the slots of the cut range.
 */
import type { BusyInterval } from "../calendars";
import type { SlotMs, SlotRules } from "../domain/availability";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/**
 * How far past the booking window an answer is worked out, so that it stays good for that long as
 * the window moves on. Not with calendars: their busy times were read only up to the window.
 */
const WINDOW_SLACK_DAYS = 1;
/** Answers kept per host (a few months, zones or durations); the oldest goes first. */
const MAX_ANSWERS = 8;

export interface AnswerQuery {
  rules: SlotRules;
  /** Slots whose start lies in [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  nowMs: number;
  /** The calendars' busy times the answer must respect (the same read, by identity), or null without calendars. */
  calendar: readonly BusyInterval[] | null;
}

/** Free slots of `rules` starting in [fromMs, toMs), as the engine lists them at `nowMs`. */
export type SlotLister = (rules: SlotRules, fromMs: number, toMs: number, nowMs: number) => readonly SlotMs[];

interface Answer {
  computedAtMs: number;
  /** The last "now" whose window this answer still covers. */
  goodUntilMs: number;
  calendar: readonly BusyInterval[] | null;
  /** Ascending slot starts, and each slot as JSON. */
  starts: number[];
  items: string[];
  /** The whole answer's text, once asked for. */
  whole?: string;
}

export class SlotAnswers {
  readonly #answers = new Map<string, Answer>();
  #version: number | null = null;

  constructor(private readonly slotJson: (slot: SlotMs) => string) {}

  /** Forgets every answer (the host's configuration changed). */
  clear(): void {
    this.#answers.clear();
  }

  /**
   * `{"slots":[...]}` for the query. `version` must change whenever the host's bookings or holds
   * change: an answer of another version is never served.
   */
  json(version: number, query: AnswerQuery, list: SlotLister): string {
    if (version !== this.#version) {
      this.#answers.clear();
      this.#version = version;
    }
    const { rules, fromMs, toMs, nowMs } = query;
    const key = `${rules.bookingTypeId}:${rules.durationMinutes}:${rules.slotIntervalMinutes}:${fromMs}:${toMs}`;
    let answer = this.#answers.get(key);
    // A clock that went back (tests set it) may need slots an answer cut off: work it out again.
    if (!answer || answer.calendar !== query.calendar || nowMs < answer.computedAtMs || nowMs > answer.goodUntilMs) {
      answer = this.#compute(query, list);
      this.#answers.delete(key);
      if (this.#answers.size >= MAX_ANSWERS) this.#answers.delete(this.#answers.keys().next().value!);
      this.#answers.set(key, answer);
    }
    const from = firstAtOrAfter(answer.starts, nowMs + rules.minimumNoticeMinutes * MINUTE_MS);
    const to = firstAtOrAfter(answer.starts, nowMs + rules.bookingWindowDays * DAY_MS);
    if (from === 0 && to === answer.starts.length) {
      answer.whole ??= `{"slots":[${answer.items.join(",")}]}`;
      return answer.whole;
    }
    return `{"slots":[${answer.items.slice(from, to).join(",")}]}`;
  }

  #compute(query: AnswerQuery, list: SlotLister): Answer {
    const { rules, fromMs, toMs, nowMs, calendar } = query;
    const slackDays = calendar === null ? WINDOW_SLACK_DAYS : 0;
    const reachMs = nowMs + (rules.bookingWindowDays + slackDays) * DAY_MS;
    const slots = list({ ...rules, bookingWindowDays: rules.bookingWindowDays + slackDays }, fromMs, toMs, nowMs);
    return {
      computedAtMs: nowMs,
      // Once the window passes reachMs, slots this answer never worked out come into it.
      goodUntilMs: toMs <= reachMs ? Number.POSITIVE_INFINITY : nowMs + slackDays * DAY_MS,
      calendar,
      starts: slots.map((slot) => slot.startMs),
      items: slots.map(this.slotJson),
    };
  }
}

/** The index of the first value >= `atLeast` in ascending `values` (values.length if none). */
function firstAtOrAfter(values: readonly number[], atLeast: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < atLeast) low = middle + 1;
    else high = middle;
  }
  return low;
}
