/**
 * The attendee's manage token and link on a public create's answer (design.md: `manageToken` and
 * `manageUrl`). The answer recorded under the Idempotency-Key holds neither, so this middleware sits
 * outside the idempotency middleware and completes every 201 a tokenless caller receives, first
 * answer and replay alike, deriving the same token again from the booking id.
 */
import type { MiddlewareHandler } from "hono";
import type { CreateBookingResponse } from "../domain/contract";
import type { AppEnv } from "../http/env";
import { publicOrigin } from "../lib/public-origin";
import { manageTokenFor, manageTokenKey, manageUrl } from "./manage-token";

export function withManageLink(): MiddlewareHandler<AppEnv> {
  return async function withManageLink(c, next) {
    await next();
    if (c.get("caller")?.kind !== "anonymous" || c.res.status !== 201) return;
    const answer = (await c.res.clone().json()) as CreateBookingResponse;
    const manageToken = await manageTokenFor(answer.bookingId, await manageTokenKey(c.env.MANAGE_TOKEN_KEY));
    const completed: CreateBookingResponse = { ...answer, manageToken, manageUrl: manageUrl(publicOrigin(c.env, c.req.url), answer.bookingId, manageToken) };
    const headers = new Headers(c.res.headers);
    headers.delete("content-length");
    c.res = undefined; // replace the answer outright, rather than have Hono merge the old headers back in
    c.res = new Response(JSON.stringify(completed), { status: 201, headers });
  };
}
