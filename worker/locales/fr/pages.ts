/** French (vous): the Worker's server-rendered pages. */
import type { PageMessages } from "../messages";

export const frPages: PageMessages = {
  bookingTitle: "{title} avec {host} · Bookora",
  bookMeeting: "Prendre rendez-vous",
  bookingHeading: "{title} avec {host}",
  bookingNoScript: "La réservation nécessite JavaScript. Veuillez l’activer, puis recharger cette page.",
  footer: "Prise de rendez-vous par {link}",
  notFoundTitle: "Page de réservation introuvable · Bookora",
  notFoundHeading: "Page de réservation introuvable",
  notFoundText:
    "Il n’y a pas de page de réservation à cette adresse. Vérifiez le lien que vous avez reçu ou demandez-en un nouveau à la personne que vous souhaitez rencontrer.",
  goToBookora: "Aller sur Bookora",
  tooManyTitle: "Trop de requêtes · Bookora",
  tooManyHeading: "Trop de requêtes",
  tooManyText: {
    one: "Bookora a reçu trop de requêtes de votre réseau au cours de la dernière minute. Veuillez patienter {count}\u00a0seconde, puis recharger cette page.",
    many: "Bookora a reçu trop de requêtes de votre réseau au cours de la dernière minute. Veuillez patienter {count}\u00a0de secondes, puis recharger cette page.",
    other:
      "Bookora a reçu trop de requêtes de votre réseau au cours de la dernière minute. Veuillez patienter {count}\u00a0secondes, puis recharger cette page.",
  },
  badRequestTitle: "Requête invalide · Bookora",
  badRequestHeading: "Requête invalide",
  badRequestText: "Cette requête n’est pas passée par le réseau de Bookora\u00a0: elle ne peut donc pas être traitée.",
  manageTitle: "Votre réservation · Bookora",
  manageEyebrow: "Votre réservation",
  manageHeading: "Gérer votre réservation",
  manageNoScript: "La gestion d’une réservation nécessite JavaScript. Veuillez l’activer, puis recharger cette page.",
};
