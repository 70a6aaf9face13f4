/**
 * Every language's tables, by language, for code that holds them all: the Worker (its pages and
 * e-mail) and the tests. Neither /widget.js nor /manage.js imports this file: each fetches one
 * language at a time (widget/locale-tables.ts, widget/manage/manage-strings.ts).
 */
import { arMail } from "./ar/mail";
import { arManage } from "./ar/manage";
import { arPages } from "./ar/pages";
import ar from "./ar/widget";
import { deMail } from "./de/mail";
import { deManage } from "./de/manage";
import { dePages } from "./de/pages";
import de from "./de/widget";
import { enCheckout } from "./en/checkout";
import { enDialog } from "./en/dialog";
import { enMail } from "./en/mail";
import { enManage } from "./en/manage";
import { enPages } from "./en/pages";
import { enSteps } from "./en/steps";
import { en } from "./en/widget";
import { esMail } from "./es/mail";
import { esManage } from "./es/manage";
import { esPages } from "./es/pages";
import es from "./es/widget";
import { frMail } from "./fr/mail";
import { frManage } from "./fr/manage";
import { frPages } from "./fr/pages";
import fr from "./fr/widget";
import { jaMail } from "./ja/mail";
import { jaManage } from "./ja/manage";
import { jaPages } from "./ja/pages";
import ja from "./ja/widget";
import type { Language } from "./languages";
import type { MailMessages, ManageMessages, PageMessages, WidgetTable } from "./messages";
import { ptBRMail } from "./pt-BR/mail";
import { ptBRManage } from "./pt-BR/manage";
import { ptBRPages } from "./pt-BR/pages";
import ptBR from "./pt-BR/widget";

export const WIDGET_TABLES: Record<Language, WidgetTable> = { en: { ...en, ...enSteps, ...enDialog, ...enCheckout }, de, fr, es, "pt-BR": ptBR, ja, ar };

export const MANAGE_TABLES: Record<Language, ManageMessages> = {
  en: { ...WIDGET_TABLES.en, ...enManage },
  de: { ...de, ...deManage },
  fr: { ...fr, ...frManage },
  es: { ...es, ...esManage },
  "pt-BR": { ...ptBR, ...ptBRManage },
  ja: { ...ja, ...jaManage },
  ar: { ...ar, ...arManage },
};

export const PAGE_TABLES: Record<Language, PageMessages> = { en: enPages, de: dePages, fr: frPages, es: esPages, "pt-BR": ptBRPages, ja: jaPages, ar: arPages };

export const MAIL_TABLES: Record<Language, MailMessages> = { en: enMail, de: deMail, fr: frMail, es: esMail, "pt-BR": ptBRMail, ja: jaMail, ar: arMail };
