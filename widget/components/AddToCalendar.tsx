/** Add to calendar (the list's name, so each link's short name reads in context): the .ics file made in the browser, Google Calendar, Outlook. */
import type { WidgetMessages } from "../../worker/locales/messages";
import { type CalendarEntry, googleCalendarUrl, icsHref, outlookCalendarUrl } from "../calendar-links";

// rel="noreferrer" (which implies noopener): the calendar sites learn nothing of the page the link was on.
export function AddToCalendar({ t, entry }: { t: WidgetMessages; entry: CalendarEntry }) {
  return (
    <ul class="calendar-links" aria-label={t.addToCalendar}>
      <li>
        <a href={icsHref(entry)} download="booking.ics">
          {t.downloadIcs}
        </a>
      </li>
      <li>
        <a href={googleCalendarUrl(entry)} target="_blank" rel="noreferrer">
          Google Calendar
        </a>
      </li>
      <li>
        <a href={outlookCalendarUrl(entry)} target="_blank" rel="noreferrer">
          Outlook
        </a>
      </li>
    </ul>
  );
}
