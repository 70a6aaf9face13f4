/**
 * What the token management API accepts (design-management.md "Accounts and tokens"): the body of
 * POST /api/tokens, and the page of GET /api/tokens with its opaque cursor. Each refusal names the
 * field, and the scope where one is at fault.
 */
import { z } from "zod";
import { ACCOUNT_ONLY_SCOPES, isScope, SCOPES, type Scope } from "../domain/scopes";

export const TOKEN_NAME_MAX = 100;
export const PAGE_LIMIT = { min: 1, max: 100, default: 50 } as const;

const name = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") })
  .min(1, "must not be empty")
  .max(TOKEN_NAME_MAX, `must be at most ${TOKEN_NAME_MAX} characters`);

const scope = z.string({ error: `must be one of ${SCOPES.join(", ")}` }).superRefine((text, ctx) => {
  if (!isScope(text)) ctx.addIssue({ code: "custom", message: `${JSON.stringify(text.slice(0, 40))} is not a scope; use one of ${SCOPES.join(", ")}` });
});

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
  limit: z
    .string()
    .regex(/^\d{1,3}$/, `must be a whole number from ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(PAGE_LIMIT.min, `must be a whole number from ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max}`)
        .max(PAGE_LIMIT.max, `must be a whole number from ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max}`),
    )
    .optional()
    .transform((limit) => limit ?? PAGE_LIMIT.default),
  cursor: z
    .string()
    .transform((text, ctx) => {
      const position = decodeCursor(text);
      if (position) return position;
      ctx.addIssue({ code: "custom", message: "is not a cursor from this list; pass nextCursor as it was given" });
      return z.NEVER;
    })
    .optional(),
});

/** Opaque to clients: base64url of the last row's [createdAt, id]. */
export function encodeCursor(position: PagePosition): string {
  return btoa(JSON.stringify([position.createdAt, position.id])).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeCursor(text: string): PagePosition | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(text) || text.length % 4 === 1) return null;
  try {
    const json: unknown = JSON.parse(atob(text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=")));
    if (!Array.isArray(json) || json.length !== 2) return null;
    const [createdAt, id] = json as unknown[];
    if (!Number.isSafeInteger(createdAt) || (createdAt as number) < 0 || typeof id !== "string" || id.length === 0 || id.length > 100) return null;
    return { createdAt: createdAt as number, id };
  } catch {
    return null;
  }
}
