/**
 * The fake providers' consent page: who is signed in, what the app asks for, and two buttons a
 * person or Playwright clicks (`getByRole("button", { name: "Allow" })`). Allow submits a GET form
 * to `<authorize>/approve` with the request's parameters; Deny to `<authorize>/deny`.
 */
import { escapeHtml } from "./fake-http";

export interface ConsentPageSettings {
  title: string;
  accountEmail: string;
  /** The authorize endpoint's absolute URL. */
  authorizeUrl: string;
  /** Google: each scope is a ticked box the user may untick. */
  granularConsent: boolean;
}

export function consentPage(settings: ConsentPageSettings, params: URLSearchParams): string {
  const hidden = [...params]
    .filter(([name]) => name !== "fake_auto_approve")
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");
  const scopes = (params.get("scope") ?? "")
    .split(/\s+/)
    .filter((scope) => scope !== "")
    .map((scope) =>
      settings.granularConsent
        ? `<li><label><input type="checkbox" name="granted_scope" value="${escapeHtml(scope)}" checked> ${escapeHtml(scope)}</label></li>`
        : `<li>${escapeHtml(scope)}</li>`,
    )
    .join("");
  const title = escapeHtml(settings.title);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}: sign in</title>
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}button{font:inherit;padding:.5rem 1.25rem;margin-right:.5rem}</style></head>
<body><main>
<h1>${title}</h1>
<p>Signed in as <strong>${escapeHtml(settings.accountEmail)}</strong>.</p>
<p>The app <strong>${escapeHtml(params.get("client_id") ?? "")}</strong> wants to:</p>
<form method="get" action="${escapeHtml(`${settings.authorizeUrl}/approve`)}">
<input type="hidden" name="consent_form" value="1">${hidden}
<ul>${scopes}</ul>
<button type="submit">Allow</button>
</form>
<form method="get" action="${escapeHtml(`${settings.authorizeUrl}/deny`)}">${hidden}<button type="submit">Deny</button></form>
</main></body></html>`;
}
