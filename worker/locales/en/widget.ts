/**
 * English, the reference table: what <bookora-widget> shows until a time is picked (in /widget.js).
 * Every other locale has these keys (messages.ts); `{name}` is filled in by `fill`, plural forms
 * are chosen by `plural` (format.ts).
 */
export const en = {
  minutes: { one: "{count} min", other: "{count} min" },
  durationWithHost: "{duration} · with {host}",
  duration: "Duration",
  previousMonth: "Previous month",
  nextMonth: "Next month",
  loadingTimes: "Loading available times",
  timesFailed: "Times could not be loaded.",
  tryAgain: "Try again",
  pickDay: "Pick a day to see its times.",
  noTimesThisMonth: "No free times this month. Try the next month.",
  noTimesOn: "No free times on {date}.",
  timesOn: "Available times on {date}",
  pageUnavailable: "This booking page is not available.",
  networkError: "We couldn't reach the booking service. Check your connection.",
  busy: "The booking service is busy. Please try again in a moment.",
  serviceError: "Something went wrong on our side.",
  stepsUnavailable: "The booking form could not be loaded. Check your connection and try again.",
};
