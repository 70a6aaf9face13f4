/**
 * What the token management API accepts (design-management.md "Accounts and tokens"): the body of
 * POST /api/tokens, and the page of GET /api/tokens with its opaque cursor. Each refusal names the
 * field, and the scope where one is at fault.
 */
import { z } from "zod";
import { ACCOUNT_ONLY_SCOPES, isScope, SCOPES, type Scope } from "../domain/scopes";
import { freeText } from "../lib/free-text";
import { encodeCursor, pageCursor, pageLimit } from "../lib/pagination";

export const TOKEN_NAME_MAX = 100;

const name = freeText(
  z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") })
    .min(1, "must not be empty")
    .max(TOKEN_NAME_MAX, `must be at most ${TOKEN_NAME_MAX} characters`),
);

// Checked by hand for these messages (a z.enum would refuse with its own); the document still lists the scopes.
const scope = z
  .string({ error: `must be one of ${SCOPES.join(", ")}` })
  .superRefine((text, ctx) => {
    if (!isScope(text)) ctx.addIssue({ code: "custom", message: `${JSON.stringify(text.slice(0, 40))} is not a scope; use one of ${SCOPES.join(", ")}` });
  })
  .meta({ enum: [...SCOPES] });

const scopes = z
  .array(scope, { error: (issue) => (issue.input === undefined ? "is required" : 'must be a list of scopes, e.g. ["bookings:read"]') })
  .min(1, "must list at least one scope")
  .max(SCOPES.length, `must list at most ${SCOPES.length} scopes`)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((value, index) => {
      if (seen.has(value)) ctx.addIssue({ code: "custom", message: `lists ${JSON.stringify(value.slice(0, 40))} twice`, path: [index] });
      seen.add(value);
    });
  })
  .transform((list) => list as Scope[]);

/** A host's username; whether the caller's account has it is the route's question (404). */
const host = z
  .string({ error: "must be a host's username or null" })
  .min(1, "must be a host's username or null")
  .max(64, "must be a host's username or null")
  .nullable()
  .optional()
  .transform((username) => username ?? null);

export const createTokenBody = z.object({ name, scopes, host }).superRefine((body, ctx) => {
  // Runs after field issues too (zod 4): look only at what parsed.
  if (typeof body.host !== "string" || !Array.isArray(body.scopes)) return;
  const accountWide = body.scopes.find((held) => ACCOUNT_ONLY_SCOPES.includes(held));
  if (accountWide) {
    ctx.addIssue({ code: "custom", path: ["scopes"], message: `"${accountWide}" is account-wide: a token narrowed to one host cannot hold it` });
  }
});

export const revokeTokenBody = z.object({});

/** Where a page starts: after the row with this creation time and id (the list's order). */
export interface PagePosition {
  createdAt: number;
  id: string;
}

export const listTokensQuery = z.object({
  limit: pageLimit,
  cursor: pageCursor(
    z.tuple([z.number().int().min(0).max(8.64e15), z.string().min(1).max(100)]).transform(([createdAt, id]): PagePosition => ({ createdAt, id })),
  ),
});

/** The cursor after a token (opaque to clients): its [createdAt, id] in the list's order. */
export function cursorAfter(position: PagePosition): string {
  return encodeCursor([position.createdAt, position.id]);
}
