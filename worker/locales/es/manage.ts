/** Spanish (usted): the manage page's own text. */

import type { enManage } from "../en/manage";
import type { Shape } from "../messages";

export const esManage: Shape<typeof enManage> = {
  loadingBooking: "Cargando su reserva…",
  titleWithHost: "{title} con {host}",
  bookedFor: "Reservado para",
  nameAndEmail: "{name} ({email})",
  hasStarted: "Esta cita ya ha comenzado, por lo que ya no se puede modificar aquí.",
  reschedule: "Cambiar fecha",
  cancelBooking: "Cancelar reserva",
  cancelQuestion: "¿Cancelar esta reserva?",
  cancelExplained: "El horario quedará libre para el anfitrión. Esta acción no se puede deshacer.",
  keepBooking: "Mantener reserva",
  confirmCancel: "Sí, cancelar reserva",
  moveQuestion: "¿Mover su reserva a este horario?",
  confirmMove: "Confirmar nuevo horario",
  pickNewTime: "Elija un nuevo horario",
  backToBooking: "Volver a su reserva",
  movedHeading: "Esta reserva se ha movido",
  cancelledHeading: "Esta reserva está cancelada",
  movedText: "{title}, el {when} ({zone}), se ha movido a otro horario.",
  cancelledText: "{title}, el {when} ({zone}), ya no tendrá lugar.",
  seeNewTime: "Ver su reserva en el nuevo horario",
  bookNewTime: "Reservar un nuevo horario",
  invalidLinkHeading: "Este enlace no funciona",
  invalidLinkText:
    "Abra el enlace de su confirmación de reserva exactamente como lo recibió, incluido todo lo que va después de «#». Si sigue sin funcionar, consulte a la persona con la que reservó.",
  cancelling: "Cancelando…",
  cancelled: "Su reserva está cancelada.",
  moving: "Moviendo su reserva…",
  moved: "Su reserva se ha movido al nuevo horario.",
  alreadyStarted: "Esta cita ya ha comenzado, por lo que ya no se puede modificar.",
  changedMeanwhile: "Esta reserva se ha modificado mientras tanto. Aquí se muestra tal como está ahora.",
};
