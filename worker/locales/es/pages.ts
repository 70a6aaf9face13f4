/** Spanish (usted): the Worker's server-rendered pages. */
import type { PageMessages } from "../messages";

export const esPages: PageMessages = {
  bookingTitle: "{title} con {host} · Bookora",
  bookMeeting: "Reservar una reunión",
  bookingHeading: "{title} con {host}",
  bookingNoScript: "Para reservar se necesita JavaScript. Actívelo y vuelva a cargar esta página.",
  footer: "Reservas gestionadas con {link}",
  notFoundTitle: "Página de reservas no encontrada · Bookora",
  notFoundHeading: "Página de reservas no encontrada",
  notFoundText:
    "No hay ninguna página de reservas en esta dirección. Compruebe el enlace que recibió o pida uno nuevo a la persona con la que quiere reunirse.",
  goToBookora: "Ir a Bookora",
  tooManyTitle: "Demasiadas solicitudes · Bookora",
  tooManyHeading: "Demasiadas solicitudes",
  tooManyText: {
    one: "Bookora ha recibido demasiadas solicitudes desde su red en el último minuto. Espere {count} segundo y vuelva a cargar esta página.",
    many: "Bookora ha recibido demasiadas solicitudes desde su red en el último minuto. Espere {count} de segundos y vuelva a cargar esta página.",
    other: "Bookora ha recibido demasiadas solicitudes desde su red en el último minuto. Espere {count} segundos y vuelva a cargar esta página.",
  },
  badRequestTitle: "Solicitud no válida · Bookora",
  badRequestHeading: "Solicitud no válida",
  badRequestText: "Esta solicitud no llegó a través de la red de Bookora, por lo que no se puede atender.",
  manageTitle: "Su reserva · Bookora",
  manageEyebrow: "Su reserva",
  manageHeading: "Gestionar su reserva",
  manageNoScript: "Para gestionar una reserva se necesita JavaScript. Actívelo y vuelva a cargar esta página.",
};
