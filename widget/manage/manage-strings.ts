/**
 * The manage page's strings in each language: the widget's (its calendar and confirmation) and its
 * own. /manage.js holds every language's: it is one file, and no budget counts it.
 */
import type { Language } from "../../worker/locales/languages";
import type { ManageMessages } from "../../worker/locales/messages";
import { MANAGE_TABLES } from "../../worker/locales/tables";

export function manageStrings(language: Language): ManageMessages {
  return MANAGE_TABLES[language];
}
