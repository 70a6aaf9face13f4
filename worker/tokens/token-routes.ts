/**
 * /api/tokens (design-management.md "Accounts and tokens"): create, list and revoke an account's
 * service tokens, with `tokens:write`, which only an account-wide token can hold. app.ts
 * authenticates and limits every call under /api/tokens once. A new token's secret is answered
 * once and never stored: its row and its idempotency record commit in one D1 batch, the record
 * holding the secret sealed under the caller's own secret (http/sealed-secret.ts), so only the same
 * caller retrying with the same key gets the same answer again (http/sealed-replay.ts).
 */
import { createRoute } from "@hono/zod-openapi";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { accountLimitGuard, isAccountLimitRefusal } from "../db/account-limit-guard";
import { database } from "../db/client";
import { isRecordCollision, recordStatement } from "../db/idempotency-records";
import { serviceTokens } from "../db/schema";
import { ApiError, HOST_OR_TYPE_NOT_FOUND } from "../domain/errors";
import { hasScope } from "../domain/scopes";
import { requireScope } from "../http/access";
import type { AppEnv, Caller } from "../http/env";
import { idempotent } from "../http/idempotency";
import { CALL_ERRORS, errorAnswers, idempotencyKeyHeaders, jsonAnswer, jsonBody, listOf, POST_ERRORS, serviceTokenOnly } from "../http/openapi";
import { replaySealed, sealerOf } from "../http/sealed-replay";
import { sealSecret } from "../http/sealed-secret";
import { validJson, validQuery } from "../http/validate";
import { randomToken, sha256Hex } from "../lib/crypto";
import { createdTokenSchema, tokenSchema } from "./responses";
import { createTokenBody, listTokensQuery, revokeTokenBody } from "./token-schemas";
import {
  type CreatedTokenResource,
  findAccountHost,
  isAccountToken,
  listTokenPage,
  liveTokensOf,
  MAX_LIVE_TOKENS_PER_ACCOUNT,
  newTokenId,
  revokeToken,
  tokenResource,
  toWholeSecond,
} from "./token-store";

/** The prefix of every secret this API issues (the CLI's too). */
export const SERVICE_TOKEN_PREFIX = "bk_live_";

const TAG = "Tokens";

/** Token management needs `tokens:write`, which only an account-wide token holds. */
const TOKEN_ERRORS = [...CALL_ERRORS, "FORBIDDEN"] as const;

export const createTokenOperation = createRoute({
  operationId: "createToken",
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
});

export const listTokensOperation = createRoute({
  operationId: "listTokens",
  method: "get",
  path: "/api/tokens",
  tags: [TAG],
  summary: "List tokens",
  description: "The account’s tokens, revoked ones too, oldest first. Secrets are never shown again.",
  security: serviceTokenOnly,
  request: { query: listTokensQuery },
  responses: { 200: jsonAnswer(listOf(tokenSchema), "A page of tokens."), ...errorAnswers([...TOKEN_ERRORS]) },
});

export const revokeTokenOperation = createRoute({
  operationId: "revokeToken",
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
});

/** In the order the reference shows them. */
export const tokenOperations = [createTokenOperation, listTokensOperation, revokeTokenOperation];

export const tokenRoutes = new Hono<AppEnv>()
  .on(createTokenOperation.method, createTokenOperation.getRoutingPath(), validJson(createTokenBody), idempotent(), async (c) => {
    const body = c.req.valid("json");
    const caller = tokenManager(c);
    const db = database(c.env.DB);
    const host = body.host === null ? null : await findAccountHost(db, caller.accountId, body.host);
    if (host === undefined) throw new ApiError("NOT_FOUND", HOST_OR_TYPE_NOT_FOUND);
    // A token can't hand out more than it holds; a write scope counts as its read (hasScope).
    const beyondCaller = body.scopes.find((scope) => !hasScope(caller.scopes, scope));
    if (beyondCaller) throw new ApiError("FORBIDDEN", `This token cannot grant the scope "${beyondCaller}", which it does not hold itself.`);

    const secret = randomToken(SERVICE_TOKEN_PREFIX);
    const nowMs = Date.now();
    const id = newTokenId();
    const response: CreatedTokenResource = {
      id,
      token: secret,
      name: body.name,
      scopes: body.scopes,
      host: host?.username ?? null,
      createdAt: toWholeSecond(nowMs),
    };
    const sealer = sealerOf(c);
    const recordedBody = JSON.stringify({ ...response, token: await sealSecret(secret, sealer) });
    try {
      await db.batch([
        db.insert(serviceTokens).values({
          id,
          accountId: caller.accountId,
          hostId: host?.id ?? null,
          name: body.name,
          scopes: body.scopes,
          tokenHash: await sha256Hex(secret),
          last4: secret.slice(-4),
          createdAt: nowMs,
        }),
        recordStatement(db, { ticket: sealer.ticket, status: 201, body: recordedBody }, nowMs),
        accountLimitGuard(db, caller.accountId, liveTokensOf(caller.accountId), MAX_LIVE_TOKENS_PER_ACCOUNT),
      ]);
    } catch (error) {
      // The key already answered (a retry, or its twin in flight): this token rolled back with the record.
      if (isRecordCollision(error)) return replaySealed(c, sealer, "token");
      if (isAccountLimitRefusal(error)) {
        throw new ApiError("INVALID_REQUEST", `An account may hold at most ${MAX_LIVE_TOKENS_PER_ACCOUNT} live (unrevoked) tokens; revoke one first.`);
      }
      throw error;
    }
    c.set("idempotencyRecorded", true);
    return c.json(response, 201);
  })

  .on(listTokensOperation.method, listTokensOperation.getRoutingPath(), validQuery(listTokensQuery), async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const caller = tokenManager(c);
    const { page, nextCursor } = await listTokenPage(database(c.env.DB), caller.accountId, limit, cursor);
    return c.json({ data: page.map(({ token, host }) => tokenResource(token, host)), nextCursor }, 200, { "Cache-Control": "no-store" });
  })

  .on(revokeTokenOperation.method, revokeTokenOperation.getRoutingPath(), validJson(revokeTokenBody), idempotent(), async (c) => {
    const id = c.req.param("id");
    const db = database(c.env.DB);
    const notFound = () => new ApiError("NOT_FOUND", `No token "${id}".`);
    const caller = c.get("caller");
    if (!/^tok_[A-Za-z0-9_]{1,64}$/.test(id) || caller.kind !== "service") throw notFound();
    // Visibility before permission (design-management.md): another account's token, or none, is
    // NOT_FOUND whatever the caller's scopes; only one of its own account is FORBIDDEN without them.
    if (!mayManageTokens(caller) && !(await isAccountToken(db, caller.accountId, id))) throw notFound();
    // Revocation reaches every isolate within TOKEN_CACHE_MS (http/auth.ts): 10 seconds.
    const revoked = await revokeToken(db, tokenManager(c).accountId, id, Date.now());
    if (!revoked) throw notFound();
    return c.json(revoked, 200);
  });

type ServiceCaller = Extract<Caller, { kind: "service" }>;

function mayManageTokens(caller: ServiceCaller): boolean {
  return caller.hostId === null && hasScope(caller.scopes, "tokens:write");
}

/** The caller if it may manage tokens: account-wide with `tokens:write`, else 403 FORBIDDEN. */
function tokenManager(c: Context<AppEnv>): ServiceCaller {
  const caller = c.get("caller");
  if (caller.kind !== "service") throw new Error("app.ts authenticates service tokens only under /api/tokens.");
  // Such a token can't be made here or by the CLI; one written into D1 by hand still gets no say.
  if (caller.hostId !== null) throw new ApiError("FORBIDDEN", "A token narrowed to one host cannot manage tokens.");
  requireScope(caller, "tokens:write");
  return caller;
}
