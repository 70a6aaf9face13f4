/** Where the two servers of the browser tests listen (see playwright.config.ts). */

/**
 * The real Worker: API, hosted pages and /widget.js; the tests' own on 8788. `npm run partner` sets
 * BOOKORA_WORKER_ORIGIN to `npm start`'s, so the partner site can be tried by hand against it.
 */
export const WORKER_ORIGIN = process.env.BOOKORA_WORKER_ORIGIN ?? "http://127.0.0.1:8788";

/** The fake Google and Microsoft (fakes/calendars/fake-calendar-server.ts) the Worker is pointed at. */
export const CALENDARS_ORIGIN = "http://127.0.0.1:8790";
/** The fake Resend with its inbox (fakes/mail/fake-mail-server.ts) the Worker's e-mail goes to. */
export const MAIL_ORIGIN = "http://127.0.0.1:8791";

/** A partner's website on a second origin that embeds the widget (e2e/partner-site.ts). */
export const PARTNER_ORIGIN = "http://127.0.0.1:8789";

/** The strict partner page's policy: our script and API only, the partner's own stylesheet, nothing inline. */
export const STRICT_CSP = `default-src 'none'; script-src ${WORKER_ORIGIN}; connect-src ${WORKER_ORIGIN}; style-src 'self'; img-src 'self' data:`;

/** The demo host and booking types of seed/demo.sql. */
export const HOST = {
  username: "hepuloujun",
  name: "Jun Hepulou",
  zone: "Europe/London",
  introType: "2",
  consultationType: "bt-63bb1a53",
  serviceToken: "bk_test_hepuloujun",
} as const;
