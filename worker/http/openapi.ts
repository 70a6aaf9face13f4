/**
 * The pieces every operation of the OpenAPI document is described with: its JSON answers, its error
 * answers (each status listing the exact codes this operation can give, so a client can switch on
 * them), the Idempotency-Key header of every POST and the two bearer schemes. The capability folders
 * describe their operations with these, beside the handlers; openapi/document.ts assembles them.
 */
import { z } from "zod";
import type { ErrorCode } from "../domain/contract";
import { ERROR_STATUS } from "../domain/errors";

/** The names of the security schemes (design.md "Auth"). */
export const SERVICE_TOKEN = "serviceToken";
export const MANAGE_TOKEN = "manageToken";

type SecurityRequirement = Record<string, string[]>;

/** A service token required. */
export const serviceTokenOnly: SecurityRequirement[] = [{ [SERVICE_TOKEN]: [] }];
/** No header (public types, as the widget calls), or a service token (private types too). */
export const publicOrServiceToken: SecurityRequirement[] = [{}, { [SERVICE_TOKEN]: [] }];
/** A service token, or the attendee's manage token for that one booking. */
export const serviceOrManageToken: SecurityRequirement[] = [{ [SERVICE_TOKEN]: [] }, { [MANAGE_TOKEN]: [] }];

export const securitySchemes = {
  [SERVICE_TOKEN]: {
    type: "http",
    scheme: "bearer",
    description:
      "A service token (`bk_live_…`) of a partner account: carries scopes and may be narrowed to one host. Created with `npm run account` or `POST /api/tokens`.",
  },
  [MANAGE_TOKEN]: {
    type: "http",
    scheme: "bearer",
    description: "An attendee's manage token (`bkm_…`), answered once by a public create: reads, cancels and reschedules that one booking.",
  },
} as const;

/** design.md "Idempotency (every POST)". */
export const idempotencyKeyHeaders = z.object({
  "idempotency-key": z.string().min(1).max(255).meta({
    description:
      "1–255 printable ASCII characters, required on every POST: a fresh UUID per attempt, reused on its retries (without a token it must be a UUID: public calls share one scope). The same key with the same request answers the first response again (with `Idempotent-Replayed: true`); with another request, 409 `IDEMPOTENCY_CONFLICT`.",
    example: "5f0c6f8e-9c1b-4b59-9a53-2f3b0c1d7e21",
  }),
});

/** A JSON answer. */
export function jsonAnswer<Schema extends z.ZodType>(
  schema: Schema,
  description: string,
  headers?: Record<string, { description: string; schema: { type: "string" } }>,
) {
  return { description, content: { "application/json": { schema } }, ...(headers ? { headers } : {}) };
}

/** A JSON request body (always required; `{}` where the contract takes no fields). */
export function jsonBody<Schema extends z.ZodType>(schema: Schema, description?: string) {
  return { required: true, description, content: { "application/json": { schema } } };
}

export const locationHeader = { Location: { description: "Where the new resource is read.", schema: { type: "string" as const } } };

/** When each status is answered (design.md "Errors"), for the error answers' descriptions. */
const STATUS_MEANING: Record<number, string> = {
  400: "The request is malformed; `message` and `details.field` name the field (`details.issues` lists every problem).",
  401: "The token is missing where one is required, or malformed, unknown or revoked.",
  403: "The token is valid but lacks the scope this action needs.",
  404: "Nothing by that name for this caller (another account's things are never revealed).",
  409: "The request conflicts with the current state.",
  413: "The body is larger than 64 KiB.",
  429: "Too many requests: wait `Retry-After` seconds, then back off with jitter.",
  500: "A bug on our side; it has been logged. Retry with the same Idempotency-Key.",
  503: "An outside service did not answer; nothing was done. Retry after `Retry-After` seconds.",
};

const retryAfter = { "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "string" as const } } };

const envelopes = new Map<string, z.ZodType>();

/**
 * The error envelope with the codes one status of one operation can carry: one component per set
 * of codes (`Error_NOT_FOUND`), shared by every operation that answers that set.
 */
function errorEnvelope(codes: [ErrorCode, ...ErrorCode[]]): z.ZodType {
  const id = `Error_${codes.join("_")}`;
  const known = envelopes.get(id);
  if (known) return known;
  const envelope = z
    .object({
      error: z.object({
        code: z.enum(codes),
        message: z.string().meta({ description: "For people: what went wrong and what to change." }),
        requestId: z.string().optional().meta({ description: "Quote it to support; also in the `X-Request-Id` header." }),
        details: z.unknown().optional().meta({ description: "Machine-readable specifics, e.g. `{ field, issues: [{ path, message }] }` for a 400." }),
      }),
    })
    .meta({ id });
  envelopes.set(id, envelope);
  return envelope;
}

/**
 * The error answers of an operation, from the codes it can give: grouped by their statuses, with
 * 413 where it reads a body and 500 always (design.md: every non-2xx is the envelope).
 */
export function errorAnswers(codes: ErrorCode[], options: { readsBody?: boolean } = {}) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...codes, "INTERNAL" as const]) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...new Set([...(byStatus.get(status) ?? []), code])]);
  }
  if (options.readsBody) byStatus.set(413, ["INVALID_REQUEST"]);
  const answers: Record<number, ReturnType<typeof errorAnswer>> = {};
  for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
    answers[status] = errorAnswer(status, statusCodes as [ErrorCode, ...ErrorCode[]]);
  }
  return answers;
}

function errorAnswer(status: number, codes: [ErrorCode, ...ErrorCode[]]) {
  return {
    description: `${STATUS_MEANING[status] ?? "An error."} Codes: ${codes.map((code) => `\`${code}\``).join(", ")}.`,
    content: { "application/json": { schema: errorEnvelope(codes) } },
    ...(status === 429 || status === 503 ? { headers: retryAfter } : {}),
  };
}

/**
 * The codes every rate-limited call may meet: no client address (a request that did not come
 * through Cloudflare), a bad token, too many calls.
 */
export const CALL_ERRORS: ErrorCode[] = ["INVALID_REQUEST", "UNAUTHORIZED", "RATE_LIMITED"];
/** What every POST adds: no or a bad Idempotency-Key, and the key reused. */
export const POST_ERRORS: ErrorCode[] = ["INVALID_REQUEST", "IDEMPOTENCY_CONFLICT"];

export const usernameParam = z.string().meta({
  param: { name: "username", in: "path" },
  description: "The host's username (3–40 of a-z, 0-9 and -).",
  example: "hepuloujun",
});

/** A list page (design-management.md: `{ data, nextCursor }`). */
export function listOf<Item extends z.ZodType>(item: Item) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  });
}
