/** Brazilian Portuguese (você): the manage page's own text. */

import type { enManage } from "../en/manage";
import type { Shape } from "../messages";

export const ptBRManage: Shape<typeof enManage> = {
  loadingBooking: "Carregando seu agendamento…",
  titleWithHost: "{title} com {host}",
  bookedFor: "Agendado em nome de",
  nameAndEmail: "{name} ({email})",
  hasStarted: "Este agendamento já começou e não pode mais ser alterado aqui.",
  reschedule: "Remarcar",
  cancelBooking: "Cancelar agendamento",
  cancelQuestion: "Cancelar este agendamento?",
  cancelExplained: "O horário volta a ficar livre para o anfitrião. Não é possível desfazer esta ação.",
  keepBooking: "Manter agendamento",
  confirmCancel: "Sim, cancelar agendamento",
  moveQuestion: "Remarcar seu agendamento para este horário?",
  confirmMove: "Confirmar novo horário",
  pickNewTime: "Escolha um novo horário",
  backToBooking: "Voltar ao seu agendamento",
  movedHeading: "Este agendamento foi remarcado",
  cancelledHeading: "Este agendamento foi cancelado",
  movedText: "{title} de {when} ({zone}) mudou para outro horário.",
  cancelledText: "{title} de {when} ({zone}) não vai mais acontecer.",
  seeNewTime: "Ver seu agendamento no novo horário",
  bookNewTime: "Agendar um novo horário",
  invalidLinkHeading: "Este link não funciona",
  invalidLinkText:
    "Abra o link da sua confirmação de agendamento exatamente como você o recebeu, incluindo tudo o que vem depois do “#”. Se ainda assim não funcionar, fale com a pessoa com quem você agendou.",
  cancelling: "Cancelando…",
  cancelled: "Seu agendamento foi cancelado.",
  moving: "Remarcando seu agendamento…",
  moved: "Seu agendamento foi remarcado para o novo horário.",
  alreadyStarted: "Este agendamento já começou e não pode mais ser alterado.",
  changedMeanwhile: "Este agendamento foi alterado nesse meio-tempo. Ele aparece aqui com os dados atuais.",
};
