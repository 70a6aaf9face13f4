/** Brazilian Portuguese (você): the Worker's server-rendered pages. */
import type { PageMessages } from "../messages";

export const ptBRPages: PageMessages = {
  bookingTitle: "{title} com {host} · Bookora",
  bookMeeting: "Agendar uma reunião",
  bookingHeading: "{title} com {host}",
  bookingNoScript: "Para agendar, é preciso JavaScript. Ative-o e recarregue esta página.",
  footer: "Agendamento por {link}",
  notFoundTitle: "Página de agendamento não encontrada · Bookora",
  notFoundHeading: "Página de agendamento não encontrada",
  notFoundText:
    "Não há nenhuma página de agendamento neste endereço. Confira o link que você recebeu ou peça um novo à pessoa com quem você quer se encontrar.",
  goToBookora: "Ir para o Bookora",
  tooManyTitle: "Solicitações demais · Bookora",
  tooManyHeading: "Solicitações demais",
  tooManyText: {
    one: "O Bookora recebeu solicitações demais da sua rede no último minuto. Aguarde {count} segundo e recarregue esta página.",
    many: "O Bookora recebeu solicitações demais da sua rede no último minuto. Aguarde {count} de segundos e recarregue esta página.",
    other: "O Bookora recebeu solicitações demais da sua rede no último minuto. Aguarde {count} segundos e recarregue esta página.",
  },
  badRequestTitle: "Solicitação inválida · Bookora",
  badRequestHeading: "Solicitação inválida",
  badRequestText: "Esta solicitação não passou pela rede do Bookora e, por isso, não pode ser atendida.",
  manageTitle: "Seu agendamento · Bookora",
  manageEyebrow: "Seu agendamento",
  manageHeading: "Gerenciar seu agendamento",
  manageNoScript: "Para gerenciar um agendamento, é preciso JavaScript. Ative-o e recarregue esta página.",
};
