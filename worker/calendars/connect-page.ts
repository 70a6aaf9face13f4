/**
 * The page `authorizationUrl` opens (GET /oauth/connect?state=…): before anything goes to the
 * provider, it says which host of which account the calendar would be connected to, and asks the
 * person to continue. Continue is a form POST, so a link or a preview bot never starts consent on
 * its own. No script; the site's stylesheet only.
 */
import { html } from "hono/html";
import { layout } from "../http/html-pages";
import type { ProviderName } from "./provider";

const PROVIDER_TITLES: Record<ProviderName, string> = { google: "Google", microsoft: "Microsoft" };

/**
 * Like the outcome page's, but the form may post here, and the 303 it answers may go on to the
 * provider's consent page: browsers check form-action on the redirect too.
 */
export function connectPageCsp(providerAuthUrl: string): string {
  return `default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self' ${new URL(providerAuthUrl).origin}; frame-ancestors 'none'`;
}

export function connectPage(page: { state: string; provider: ProviderName; hostName: string; accountName: string; returnHost: string | null }) {
  const provider = PROVIDER_TITLES[page.provider];
  return layout(
    `Connect a ${provider} calendar to ${page.hostName} · Bookora`,
    html`<main class="booking">
      <p class="eyebrow">Connect a calendar</p>
      <h1>Connect a ${provider} calendar to ${page.hostName}</h1>
      <p>
        <strong>${page.accountName}</strong> uses Bookora to take bookings for <strong>${page.hostName}</strong>. If you continue and allow
        access at ${provider}, Bookora will read when you are busy in your calendar, so those times are not offered, and will add each booking to it.
      </p>
      <p>
        Continue only if you are ${page.hostName} or look after their calendar. If someone sent you this link and you did not expect it, close
        this page: nothing is connected.
      </p>
      ${page.returnHost ? html`<p>Afterwards you will be taken back to ${page.returnHost}.</p>` : ""}
      <form method="post" action="/oauth/connect">
        <input type="hidden" name="state" value="${page.state}" />
        <button type="submit">Continue to ${provider}</button>
      </form>
    </main>`,
    { widget: false },
  );
}
