/**
 * The shape of every locale's tables, taken from English's: a locale that misses a key, or gives a
 * sentence where English gives plural forms, fails typecheck (locales.test.ts also checks extra keys
 * and placeholders). A table is split by where it is read, so each page downloads only its own:
 * `WidgetMessages` is what <bookora-widget> shows (English's first part in /widget.js, its steps part
 * in the steps' chunk, its popup's in the dialog's chunk, its checkout's in the checkout's chunk, every
 * other language in one chunk of its own), `ManageMessages` the manage
 * page's own, `PageMessages` the Worker's server-rendered pages, `MailMessages` the e-mail to
 * attendees and hosts.
 */

import type { enCheckout } from "./en/checkout";
import type { enDialog } from "./en/dialog";
import type { enMail } from "./en/mail";
import type { enManage } from "./en/manage";
import type { enPages } from "./en/pages";
import type { enSteps } from "./en/steps";
import type { en } from "./en/widget";

/** A sentence with a count, one form per plural category (Intl.PluralRules); `other` is always there. */
export type PluralForms = Readonly<Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }>;

/** English's keys, each a template (`{name}` placeholders) or, where English has plural forms, plural forms. */
export type Shape<Table> = { readonly [Key in keyof Table]: Table[Key] extends string ? string : PluralForms };

export type WidgetMessages = Shape<typeof en & typeof enSteps & typeof enDialog>;
/** The checkout's (`hold`, confirm="external"): English's in the checkout's chunk, added to English's table as it arrives. */
export type CheckoutMessages = Shape<typeof enCheckout>;
/** A language's table for the widget (its chunk): everything the widget shows, its checkout too. */
export type WidgetTable = WidgetMessages & CheckoutMessages;
/**
 * The manage page shows the widget's calendar and confirmation too, never its checkout: /manage.js
 * carries no English for it (other languages' chunks of it are the widget's tables, checkout and all).
 */
export type ManageMessages = WidgetMessages & Shape<typeof enManage>;
export type PageMessages = Shape<typeof enPages>;
export type MailMessages = Shape<typeof enMail>;
