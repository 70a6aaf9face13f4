/**
 * The `cloudflare` transport (design-notifications.md "Transport"): Cloudflare Email Service through
 * the `send_email` binding named EMAIL (research/email.md §1.2). The binding takes no idempotency key,
 * so this transport is "at least once": a send whose outcome was lost (the Worker stopped after
 * Cloudflare accepted it, before the outbox recorded it) is sent again, and the reader gets it twice.
 */
import type { EmailTransport, OutgoingEmail, SendOutcome } from "./message-facts";
import { base64OfUtf8 } from "./transport-encoding";

/** What this transport uses of the binding; the generated `SendEmail` type satisfies it. */
export interface EmailBinding {
  send(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    replyTo?: string;
    attachments: { filename: string; content: string; type: string; disposition: "attachment" }[];
  }): Promise<{ messageId?: string }>;
}

/**
 * Codes (the thrown Error's `code`) that sending the same message again cannot change: the message,
 * the recipient or the sender's set-up is refused. E_DELIVERY_FAILED is not here: the research finds
 * it ambiguous, and a retry is the outcome that cannot lose a message.
 */
const PERMANENT_CODES = new Set([
  "E_VALIDATION_ERROR",
  "E_FIELD_MISSING",
  "E_TOO_MANY_RECIPIENTS",
  "E_SENDER_NOT_VERIFIED",
  "E_RECIPIENT_NOT_ALLOWED",
  "E_RECIPIENT_SUPPRESSED",
  "E_SENDER_DOMAIN_NOT_AVAILABLE",
  "E_CONTENT_TOO_LARGE",
]);
/** The local binding (wrangler dev, tests) refuses addresses its restrictions leave out with a plain message. */
const LOCAL_REFUSAL = /^email (from|to) \S+ not allowed$/;
const MESSAGE_LIMIT = 300;

export function cloudflareTransport(binding: EmailBinding): EmailTransport {
  return {
    name: "cloudflare",
    async send(email) {
      try {
        const result = await binding.send(bindingMessage(email));
        return { status: "sent", providerId: typeof result?.messageId === "string" ? result.messageId : null };
      } catch (error) {
        return outcomeOf(error);
      }
    },
  };
}

function bindingMessage(email: OutgoingEmail): Parameters<EmailBinding["send"]>[0] {
  return {
    from: email.from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    ...(email.replyTo === undefined ? {} : { replyTo: email.replyTo }),
    // A string `content` is read as base64 (Workers API reference); binary content fails in local dev.
    attachments: email.attachments.map((attachment) => ({
      filename: attachment.filename,
      content: base64OfUtf8(attachment.content),
      type: attachment.contentType,
      disposition: "attachment" as const,
    })),
  };
}

function outcomeOf(thrown: unknown): SendOutcome {
  const code = codeOf(thrown);
  const message = thrown instanceof Error ? thrown.message.replace(/[\p{Cc}]+/gu, " ").trim() : "";
  const error = `cloudflare: ${[code, message.slice(0, MESSAGE_LIMIT)].filter(Boolean).join(" ") || "send failed"}`;
  const isPermanent = (code !== null && (PERMANENT_CODES.has(code) || code.startsWith("E_HEADER"))) || LOCAL_REFUSAL.test(message);
  return isPermanent ? { status: "rejected", error } : { status: "retry", error };
}

function codeOf(thrown: unknown): string | null {
  if (typeof thrown !== "object" || thrown === null || !("code" in thrown)) return null;
  const { code } = thrown;
  return typeof code === "string" && /^E_[A-Z_]{1,64}$/.test(code) ? code : null;
}
