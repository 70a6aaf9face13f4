/** Spanish (usted): the manage page's own text. */

import type { enManage } from "../en/manage";
import type { Shape } from "../messages";

export const esManage: Shape<typeof enManage> = {
  loadingBooking: "Cargando su reserva…",
  titleWithHost: "{title} con {host}",
  bookedFor: "Reservado para",
  nameAndEmail: "{name} ({email})",
  hasStarted: "Esta reserva ha comenzado, por lo que ya no se puede modificar aquí.",
  reschedule: "Reprogramar",
  cancelBooking: "Cancelar reserva",
  cancelQuestion: "¿Cancelar esta reserva?",
  cancelExplained: "El horario quedará libre para el anfitrión. Esta acción no se puede deshacer.",
  keepBooking: "Mantener reserva",
  confirmCancel: "Sí, cancelar reserva",
  moveQuestion: "¿Cambiar su reserva a este horario?",
  confirmMove: "Confirmar nuevo horario",
  pickNewTime: "Elija un nuevo horario",
  backToBooking: "Volver a su reserva",
  movedHeading: "Esta reserva se ha cambiado de horario",
  cancelledHeading: "Esta reserva está cancelada",
  movedText: "{title} del {when} ({zone}) se ha cambiado a otro horario.",
  cancelledText: "{title} del {when} ({zone}) ya no tendrá lugar.",
  seeNewTime: "Ver su reserva en el nuevo horario",
  bookNewTime: "Reservar un nuevo horario",
  invalidLinkHeading: "Este enlace no funciona",
  invalidLinkText:
    "Abra el enlace de su confirmación de reserva exactamente como lo recibió, incluido todo lo que va después de «#». Si sigue sin funcionar, consulte a la persona con la que reservó.",
  cancelling: "Cancelando…",
  cancelled: "Su reserva se ha cancelado.",
  moving: "Cambiando el horario de su reserva…",
  moved: "Su reserva se ha cambiado al nuevo horario.",
  alreadyStarted: "Esta reserva ya ha comenzado, por lo que no se puede modificar.",
  changedMeanwhile: "Esta reserva se ha modificado mientras tanto. Aquí se muestra tal como está ahora.",
};
