/** Brazilian Portuguese for the manage page, the widget's strings and its own: one chunk of /manage.js (manage-strings.ts). */

import type { ManageMessages } from "../../../worker/locales/messages";
import { ptBRManage } from "../../../worker/locales/pt-BR/manage";
import ptBR from "../../../worker/locales/pt-BR/widget";

const ptBRPage: ManageMessages = { ...ptBR, ...ptBRManage };
export default ptBRPage;
