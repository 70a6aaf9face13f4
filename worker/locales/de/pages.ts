/** German (formal: Sie): the Worker's server-rendered pages. */
import type { PageMessages } from "../messages";

export const dePages: PageMessages = {
  bookingTitle: "{title} mit {host} · Bookora",
  bookMeeting: "Termin buchen",
  bookingHeading: "{title} mit {host}",
  bookingNoScript: "Für die Buchung wird JavaScript benötigt. Bitte aktivieren Sie es und laden Sie die Seite neu.",
  footer: "Terminplanung mit {link}",
  notFoundTitle: "Buchungsseite nicht gefunden · Bookora",
  notFoundHeading: "Buchungsseite nicht gefunden",
  notFoundText:
    "Unter dieser Adresse gibt es keine Buchungsseite. Prüfen Sie den Link, den Sie erhalten haben, oder bitten Sie die Person, mit der Sie sich treffen möchten, um einen neuen.",
  goToBookora: "Zu Bookora",
  tooManyTitle: "Zu viele Anfragen · Bookora",
  tooManyHeading: "Zu viele Anfragen",
  tooManyText: {
    one: "Aus Ihrem Netzwerk kamen in der letzten Minute zu viele Anfragen an Bookora. Bitte warten Sie {count} Sekunde und laden Sie die Seite dann neu.",
    other: "Aus Ihrem Netzwerk kamen in der letzten Minute zu viele Anfragen an Bookora. Bitte warten Sie {count} Sekunden und laden Sie die Seite dann neu.",
  },
  badRequestTitle: "Ungültige Anfrage · Bookora",
  badRequestHeading: "Ungültige Anfrage",
  badRequestText: "Diese Anfrage kam nicht über das Netzwerk von Bookora und kann daher nicht bearbeitet werden.",
  manageTitle: "Ihre Buchung · Bookora",
  manageEyebrow: "Ihre Buchung",
  manageHeading: "Buchung verwalten",
  manageNoScript: "Zum Verwalten einer Buchung wird JavaScript benötigt. Bitte aktivieren Sie es und laden Sie die Seite neu.",
};
