/**
 * The body of Resend's `POST /emails`, checked the way Resend checks it (a missing field is a 422
 * `missing_required_field`, a field of the wrong shape a 422 `validation_error`), and the message the
 * fake keeps once a send is accepted, with its attachments decoded for tests and the inbox page.
 */
import { z } from "zod";

/** One address, or up to 50 (Resend's limit for `to`). */
const addresses = z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(50)]);

const emailBody = z.object({
  from: z.string().min(1),
  to: addresses,
  subject: z.string().min(1),
  text: z.string().optional(),
  html: z.string().optional(),
  reply_to: addresses.optional(),
  attachments: z
    .array(
      z.object({
        filename: z.string().min(1),
        content: z.base64(),
        // A header value as it is: a line break here would end up in the message's MIME headers.
        content_type: z
          .string()
          .regex(/^[^\r\n]+$/)
          .optional(),
      }),
    )
    .optional(),
});

export interface ReceivedAttachment {
  filename: string;
  /** As sent; null when the caller left it to the provider. */
  contentType: string | null;
  bytes: Uint8Array<ArrayBuffer>;
}

export interface ReceivedEmail {
  id: string;
  receivedAtMs: number;
  from: string;
  to: string[];
  replyTo: string[];
  subject: string;
  text: string | null;
  html: string | null;
  attachments: ReceivedAttachment[];
  idempotencyKey: string | null;
}

/** Resend's error body: `{ statusCode, message, name }`. */
export interface ResendError {
  statusCode: number;
  name: string;
  message: string;
}

export type ParsedEmail = { ok: true; email: Omit<ReceivedEmail, "id" | "receivedAtMs" | "idempotencyKey"> } | { ok: false; error: ResendError };

/** The send a request body asks for, or the error Resend answers it with. */
export function parseEmailBody(bodyText: string): ParsedEmail {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return { ok: false, error: { statusCode: 400, name: "validation_error", message: "The request body is not valid JSON." } };
  }
  const parsed = emailBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") ?? "";
    const isMissing = issue !== undefined && valueAt(body, issue.path) === undefined;
    return isMissing
      ? { ok: false, error: { statusCode: 422, name: "missing_required_field", message: `Missing \`${field}\` field.` } }
      : { ok: false, error: { statusCode: 422, name: "validation_error", message: `Invalid \`${field}\` field: ${issue?.message ?? "invalid"}.` } };
  }
  const fields = parsed.data;
  if (fields.text === undefined && fields.html === undefined) {
    return { ok: false, error: { statusCode: 422, name: "missing_required_field", message: "Missing `html` or `text` field." } };
  }
  return {
    ok: true,
    email: {
      from: fields.from,
      to: [fields.to].flat(),
      replyTo: fields.reply_to === undefined ? [] : [fields.reply_to].flat(),
      subject: fields.subject,
      text: fields.text ?? null,
      html: fields.html ?? null,
      attachments: (fields.attachments ?? []).map((attachment) => ({
        filename: attachment.filename,
        contentType: attachment.content_type ?? null,
        bytes: Uint8Array.from(atob(attachment.content), (character) => character.charCodeAt(0)),
      })),
    },
  };
}

/** A received message as the control API lists it: attachments decoded to text (the .ics is text) and kept as base64. */
export function receivedEmailJson(email: ReceivedEmail) {
  return {
    ...email,
    receivedAt: new Date(email.receivedAtMs).toISOString(),
    attachments: email.attachments.map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      size: attachment.bytes.length,
      text: new TextDecoder().decode(attachment.bytes),
      content: base64OfBytes(attachment.bytes),
    })),
  };
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((inner, key) => (typeof inner === "object" && inner !== null ? (inner as Record<PropertyKey, unknown>)[key] : undefined), value);
}

function base64OfBytes(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
