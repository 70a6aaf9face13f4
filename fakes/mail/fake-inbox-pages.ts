/**
 * The fake's inbox, for whoever runs the demo: a list of what it received, newest first, and a page a
 * message showing its plain text, its HTML (in a sandboxed frame, scripts off) and its attachments to
 * download. No JavaScript and nothing remote: the Content-Security-Policy, which the frame inherits,
 * keeps a message's remote images and scripts from loading.
 */
import { escapeHtml } from "../calendars/fake-http";
import type { ReceivedEmail } from "./fake-received-email";

const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; base-uri 'none'; form-action 'none'";

const STYLE =
  "body{font:15px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}" +
  "dt{font-weight:600}dd{margin:0 0 .5rem}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}iframe{width:100%;height:32rem;border:1px solid #ccc}";

export function inboxPage(messages: readonly ReceivedEmail[], origin: string): Response {
  const rows = [...messages]
    .reverse()
    .map(
      (email) =>
        `<tr><td>${iso(email.receivedAtMs)}</td><td>${escapeHtml(email.from)}</td><td>${escapeHtml(email.to.join(", "))}</td>` +
        `<td><a href="${messageHref(email)}">${escapeHtml(email.subject)}</a></td></tr>`,
    )
    .join("");
  const list = rows === "" ? "<p>No messages yet.</p>" : `<table><tr><th>Received (UTC)</th><th>From</th><th>To</th><th>Subject</th></tr>${rows}</table>`;
  return page(
    "Fake mail: inbox",
    `<meta http-equiv="refresh" content="5">`,
    `<h1>Fake mail</h1><p>What Bookora sent through the fake Resend API at <code>${escapeHtml(origin)}</code>, newest first. Refreshes every 5 seconds.</p>${list}`,
  );
}

export function messagePage(email: ReceivedEmail): Response {
  const details: [string, string][] = [
    ["From", email.from],
    ["To", email.to.join(", ")],
    ...(email.replyTo.length > 0 ? [["Reply-To", email.replyTo.join(", ")] as [string, string]] : []),
    ["Subject", email.subject],
    ["Received (UTC)", iso(email.receivedAtMs)],
    ["Id", email.id],
    ["Idempotency-Key", email.idempotencyKey ?? "(none)"],
  ];
  const attachments = email.attachments
    .map(
      (attachment, index) =>
        `<li><a href="${messageHref(email)}/attachments/${index}" download="${escapeHtml(attachment.filename)}">${escapeHtml(attachment.filename)}</a> ` +
        `(${escapeHtml(attachment.contentType ?? "no content type")}, ${attachment.bytes.length} bytes)</li>`,
    )
    .join("");
  return page(
    `Fake mail: ${email.subject}`,
    "",
    `<p><a href="/">Inbox</a></p><h1>${escapeHtml(email.subject)}</h1>` +
      `<dl>${details.map(([term, value]) => `<dt>${term}</dt><dd>${escapeHtml(value)}</dd>`).join("")}</dl>` +
      `<h2>Plain text</h2>${email.text === null ? "<p>(none)</p>" : `<pre>${escapeHtml(email.text)}</pre>`}` +
      // An empty sandbox: no scripts, no forms, no navigating this page; srcdoc keeps it on no URL of its own.
      `<h2>HTML</h2>${email.html === null ? "<p>(none)</p>" : `<iframe sandbox srcdoc="${escapeHtml(email.html)}" title="The message's HTML"></iframe>`}` +
      `<h2>Attachments</h2>${attachments === "" ? "<p>(none)</p>" : `<ul>${attachments}</ul>`}`,
  );
}

/** One attachment as a download, with the content type it was sent with. */
export function attachmentDownload(email: ReceivedEmail, index: number): Response | null {
  const attachment = email.attachments[index];
  if (attachment === undefined) return null;
  return new Response(attachment.bytes, {
    headers: {
      "Content-Type": attachment.contentType ?? "application/octet-stream",
      "Content-Disposition": `attachment; filename="${attachment.filename.replace(/[^\w.-]/g, "_")}"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export function notFoundPage(): Response {
  return page("Fake mail: not found", "", `<h1>Not found</h1><p><a href="/">Inbox</a></p>`, 404);
}

function messageHref(email: ReceivedEmail): string {
  return `/messages/${encodeURIComponent(email.id)}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function page(title: string, head: string, body: string, status = 200): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">${head}<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": PAGE_POLICY } });
}
