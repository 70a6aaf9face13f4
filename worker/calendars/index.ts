/**
 * Google and Microsoft calendars behind one interface (design-calendars.md): connections, busy
 * times, the event outbox and its sync. The one way in for the rest of the Worker, and for the fakes
 * that test the providers.
 */
export { connectPageRoutes } from "./connect-routes";
export { asConnection } from "./connection-access";
export { calendarOperations, connectionRoutes } from "./connection-routes";
export { eventColumnsOf, eventForCancelledBooking, eventForMovedBooking, eventForNewBooking, pendingEventColumns } from "./event-outbox";
export { hostsWithOverdueEvents, pendingEvents, syncEvent } from "./event-sync";
export type { HostCalendars } from "./host-calendars";
export { hostCalendarQueries, hostCalendarsOf } from "./host-calendars";
export { oauthCallbackRoutes } from "./oauth-callback";
export { codeChallengeS256, createCodeVerifier } from "./pkce";
export type { BusyInterval, CalendarEvent, CalendarProvider, ProviderConfig, ProviderTokens } from "./provider";
export { ProviderError } from "./provider";
