/**
 * The manage page's strings in each language: the widget's (its calendar and confirmation) and its
 * own. /manage.js holds every language's: it is one file, and no budget counts it.
 */
import { enManage } from "../../worker/locales/en/manage";
import { enSteps } from "../../worker/locales/en/steps";
import { en } from "../../worker/locales/en/widget";
import type { Language } from "../../worker/locales/languages";
import type { ManageMessages } from "../../worker/locales/messages";

const english: ManageMessages = { ...en, ...enSteps, ...enManage };

const TABLES: Partial<Record<Language, ManageMessages>> = { en: english };

export function manageStrings(language: Language): ManageMessages {
  return TABLES[language] ?? english;
}
