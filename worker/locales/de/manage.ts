/** German (formal: Sie): the manage page's own text. */

import type { enManage } from "../en/manage";
import type { Shape } from "../messages";

export const deManage: Shape<typeof enManage> = {
  loadingBooking: "Ihre Buchung wird geladen …",
  titleWithHost: "{title} mit {host}",
  bookedFor: "Gebucht für",
  nameAndEmail: "{name} ({email})",
  hasStarted: "Dieser Termin hat bereits begonnen und kann hier nicht mehr geändert werden.",
  reschedule: "Verschieben",
  cancelBooking: "Buchung stornieren",
  cancelQuestion: "Diese Buchung stornieren?",
  cancelExplained: "Der Termin wird für den Gastgeber wieder freigegeben. Dies kann nicht rückgängig gemacht werden.",
  keepBooking: "Buchung behalten",
  confirmCancel: "Ja, Buchung stornieren",
  moveQuestion: "Ihre Buchung auf diesen Termin verschieben?",
  confirmMove: "Neuen Termin bestätigen",
  pickNewTime: "Neuen Termin wählen",
  backToBooking: "Zurück zu Ihrer Buchung",
  movedHeading: "Diese Buchung wurde verschoben",
  cancelledHeading: "Diese Buchung ist storniert",
  movedText: "{title} am {when} ({zone}) wurde auf einen anderen Termin verschoben.",
  cancelledText: "{title} am {when} ({zone}) findet nicht mehr statt.",
  seeNewTime: "Ihre Buchung zum neuen Termin ansehen",
  bookNewTime: "Neuen Termin buchen",
  invalidLinkHeading: "Dieser Link funktioniert nicht",
  invalidLinkText:
    "Öffnen Sie den Link aus Ihrer Buchungsbestätigung genau so, wie Sie ihn erhalten haben, einschließlich aller Zeichen nach dem „#“. Funktioniert er dann immer noch nicht, wenden Sie sich an die Person, bei der Sie gebucht haben.",
  cancelling: "Wird storniert …",
  cancelled: "Ihre Buchung ist storniert.",
  moving: "Ihre Buchung wird verschoben …",
  moved: "Ihre Buchung wurde auf den neuen Termin verschoben.",
  alreadyStarted: "Dieser Termin hat bereits begonnen und kann nicht mehr geändert werden.",
  changedMeanwhile: "Diese Buchung wurde inzwischen geändert. Hier sehen Sie den aktuellen Stand.",
};
