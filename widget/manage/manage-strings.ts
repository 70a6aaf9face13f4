/**
 * The manage page's strings in each language: the widget's (its calendar and confirmation) and its
 * own. English's are in /manage.js; every other language is a chunk of its own
 * (`manage-chunks/locale-<language>-<hash>.js`, vite.config.ts), which the page's HTML preloads
 * for the language of its Accept-Language (worker/manage/manage-page.ts), so it arrives beside
 * /manage.js. Until it is in, the page shows its skeleton, never English; a language whose chunk
 * cannot be fetched falls back to English.
 */
import { enDialog } from "../../worker/locales/en/dialog";
import { enManage } from "../../worker/locales/en/manage";
import { enSteps } from "../../worker/locales/en/steps";
import { en } from "../../worker/locales/en/widget";
import type { Language } from "../../worker/locales/languages";
import type { ManageMessages } from "../../worker/locales/messages";
import { languageTables } from "../language-tables";

const english: ManageMessages = { ...en, ...enSteps, ...enDialog, ...enManage };

/** Each language but English, as a chunk of its own. */
const chunks: Partial<Record<Language, () => Promise<{ default: ManageMessages }>>> = {
  de: () => import("./locales/de"),
  fr: () => import("./locales/fr"),
  es: () => import("./locales/es"),
  "pt-BR": () => import("./locales/pt-BR"),
  ja: () => import("./locales/ja"),
  ar: () => import("./locales/ar"),
};

/** `language`'s strings: null while its chunk is on its way. */
export const manageStrings = /* @__PURE__ */ languageTables(english, chunks);
