/** Add to calendar (the list's name, so each link's short name reads in context): the .ics file made in the browser, Google Calendar, Outlook. */
import { type CalendarEntry, googleCalendarUrl, icsHref, outlookCalendarUrl } from "../calendar-links";

// rel="noreferrer" (which implies noopener): the calendar sites learn nothing of the page the link was on.
export function AddToCalendar({ entry }: { entry: CalendarEntry }) {
  return (
    <ul class="calendar-links" aria-label="Add to calendar">
      <li>
        <a href={icsHref(entry)} download="booking.ics">
          Download (.ics)
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
