/** Service tokens in the OpenAPI document (design-management.md "Accounts and tokens"). */
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { SCOPES } from "../domain/scopes";
import { CALL_ERRORS, errorAnswers, idempotencyKeyHeaders, jsonAnswer, jsonBody, listOf, POST_ERRORS, serviceTokenOnly } from "../http/openapi";
import { createTokenBody, listTokensQuery, revokeTokenBody } from "./token-schemas";
import { MAX_LIVE_TOKENS_PER_ACCOUNT, type CreatedTokenResource, type TokenResource } from "./token-store";

const TAG = "Tokens";

const tokenFields = {
  id: z.string().meta({ example: "tok_3f9a2c7d1e5b4a60" }),
  name: z.string().meta({ example: "clinic backend" }),
  scopes: z.array(z.enum(SCOPES)).meta({ example: ["bookings:write"] }),
  host: z.string().nullable().meta({ description: "The one host it is narrowed to; null: the whole account.", example: null }),
  createdAt: z.iso.datetime(),
};

const tokenSchema = z
  .object({
    ...tokenFields,
    last4: z.string().meta({ description: "The secret's last four characters, to tell tokens apart.", example: "9xQe" }),
    lastUsedAt: z.iso.datetime().nullable().meta({ description: "To the minute." }),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "Token" }) satisfies z.ZodType<TokenResource>;

const createdTokenSchema = z
  .object({ ...tokenFields, token: z.string().meta({ description: "The secret, shown only in this answer.", example: "bk_live_…" }) })
  .meta({ id: "CreatedToken" }) satisfies z.ZodType<CreatedTokenResource>;

/** Token management needs `tokens:write`, which only an account-wide token holds. */
const TOKEN_ERRORS = [...CALL_ERRORS, "FORBIDDEN"] as const;

export const tokenOperations = [
  createRoute({
    method: "post",
    path: "/api/tokens",
    tags: [TAG],
    summary: "Create a token",
    description: `A token can't grant scopes or hosts it doesn't have itself. Only the secret's SHA-256 is kept. An account holds at most ${MAX_LIVE_TOKENS_PER_ACCOUNT} live (unrevoked) tokens: 400 \`INVALID_REQUEST\` beyond.`,
    security: serviceTokenOnly,
    request: { headers: idempotencyKeyHeaders, body: jsonBody(createTokenBody) },
    responses: {
      201: jsonAnswer(createdTokenSchema, "Created; the secret is in `token`, this once."),
      ...errorAnswers([...TOKEN_ERRORS, ...POST_ERRORS, "NOT_FOUND"], { readsBody: true }),
    },
  }),
  createRoute({
    method: "get",
    path: "/api/tokens",
    tags: [TAG],
    summary: "List tokens",
    description: "The account’s tokens, revoked ones too, oldest first. Secrets are never shown again.",
    security: serviceTokenOnly,
    request: { query: listTokensQuery },
    responses: { 200: jsonAnswer(listOf(tokenSchema), "A page of tokens."), ...errorAnswers([...TOKEN_ERRORS]) },
  }),
  createRoute({
    method: "post",
    path: "/api/tokens/{id}/revoke",
    tags: [TAG],
    summary: "Revoke a token",
    description: "Takes effect everywhere within 10 seconds. Revoking a revoked token changes nothing.",
    security: serviceTokenOnly,
    request: {
      params: z.object({ id: z.string().meta({ param: { name: "id", in: "path" }, example: "tok_3f9a2c7d1e5b4a60" }) }),
      headers: idempotencyKeyHeaders,
      body: jsonBody(revokeTokenBody, "Takes no fields; send `{}` or nothing."),
    },
    responses: { 200: jsonAnswer(tokenSchema, "The token, revoked."), ...errorAnswers([...TOKEN_ERRORS, ...POST_ERRORS, "NOT_FOUND"], { readsBody: true }) },
  }),
];
