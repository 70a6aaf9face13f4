/** French (vous): the manage page's own text. */

import type { enManage } from "../en/manage";
import type { Shape } from "../messages";

export const frManage: Shape<typeof enManage> = {
  loadingBooking: "Chargement de votre réservation…",
  titleWithHost: "{title} avec {host}",
  bookedFor: "Réservé au nom de",
  nameAndEmail: "{name} ({email})",
  hasStarted: "Ce rendez-vous a commencé\u00a0: il ne peut plus être modifié ici.",
  reschedule: "Reprogrammer",
  cancelBooking: "Annuler la réservation",
  cancelQuestion: "Annuler cette réservation\u00a0?",
  cancelExplained: "Le créneau sera libéré dans l’agenda de l’hôte. Cette action est irréversible.",
  keepBooking: "Conserver la réservation",
  confirmCancel: "Oui, annuler la réservation",
  moveQuestion: "Déplacer votre réservation vers ce créneau\u00a0?",
  confirmMove: "Confirmer le nouveau créneau",
  pickNewTime: "Choisir un nouveau créneau",
  backToBooking: "Retour à votre réservation",
  movedHeading: "Cette réservation a été déplacée",
  cancelledHeading: "Cette réservation est annulée",
  movedText: "Le rendez-vous «\u00a0{title}\u00a0» du {when} ({zone}) a été déplacé vers un autre créneau.",
  cancelledText: "Le rendez-vous «\u00a0{title}\u00a0» du {when} ({zone}) n’aura plus lieu.",
  seeNewTime: "Voir votre réservation au nouveau créneau",
  bookNewTime: "Réserver un nouveau créneau",
  invalidLinkHeading: "Ce lien ne fonctionne pas",
  invalidLinkText:
    "Ouvrez le lien de votre confirmation de réservation exactement tel que vous l’avez reçu, y compris tout ce qui suit le «\u00a0#\u00a0». S’il ne fonctionne toujours pas, adressez-vous à la personne auprès de qui vous avez réservé.",
  cancelling: "Annulation en cours…",
  cancelled: "Votre réservation est annulée.",
  moving: "Déplacement de votre réservation…",
  moved: "Votre réservation a été déplacée vers le nouveau créneau.",
  alreadyStarted: "Ce rendez-vous a déjà commencé\u00a0: il ne peut plus être modifié.",
  changedMeanwhile: "Cette réservation a été modifiée entre-temps. Elle est affichée ici dans son état actuel.",
};
