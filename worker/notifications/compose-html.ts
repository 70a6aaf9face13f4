/**
 * A message's HTML part: one self-contained document with inline styles only (no remote images,
 * scripts or stylesheets), in the reader's language and direction. Hono's `html` escapes every value
 * put into it, so names, notes and answers show as text; the manage link is the only link.
 */
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { direction, type Language } from "../locales/languages";
import type { MessageContent, MessageRow } from "./compose-content";

const BODY =
  "margin:0;padding:24px;background:#ffffff;color:#1f2937;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5";
const PARAGRAPH = "margin:0 0 16px";
/** The label's side of the table by direction: physical properties, since older Outlook knows no `start`. */
const LABEL = {
  ltr: "text-align:left;vertical-align:top;padding:4px 16px 4px 0;font-weight:600;white-space:nowrap",
  rtl: "text-align:right;vertical-align:top;padding:4px 0 4px 16px;font-weight:600;white-space:nowrap",
};
// pre-wrap keeps the line breaks of notes without turning them into markup.
const VALUE = "vertical-align:top;padding:4px 0;white-space:pre-wrap";

export function messageHtml(content: MessageContent, language: Language): string {
  const dir = direction(language);
  // lang and dir on the wrapper too: Gmail and others drop the <html> element of a message.
  const document = html`<!doctype html>
<html lang="${language}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${content.subject}</title>
</head>
<body style="${BODY}">
<div lang="${language}" dir="${dir}">
<p style="${PARAGRAPH}">${content.greeting}</p>
<p style="${PARAGRAPH}">${content.intro}</p>
<table role="presentation" style="border-collapse:collapse;margin:0 0 16px">
${content.rows.map((fact) => row(fact, dir))}
</table>
${
  content.manage
    ? html`<p style="${PARAGRAPH}">${content.manage.intro}<br><a href="${content.manage.url}" style="color:#1d4ed8">${content.manage.linkText}</a></p>`
    : ""
}
${content.inviteNote ? html`<p style="${PARAGRAPH};color:#4b5563;font-size:14px">${content.inviteNote}</p>` : ""}
</div>
</body>
</html>
`;
  return synchronous(document);
}

function row({ label, value, isPast }: MessageRow, dir: "ltr" | "rtl") {
  return html`<tr><th scope="row" style="${LABEL[dir]}">${label}</th><td style="${VALUE}${isPast ? ";text-decoration:line-through;color:#6b7280" : ""}">${value}</td></tr>
`;
}

/** Hono's `html` answers synchronously when nothing put into it is a Promise, as here (strings and its own results). */
function synchronous(fragment: HtmlEscapedString | Promise<HtmlEscapedString>): string {
  if (fragment instanceof Promise) throw new Error("an e-mail's HTML is built from strings only");
  return fragment.toString();
}
