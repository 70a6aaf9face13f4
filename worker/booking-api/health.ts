/**
 * GET /api/health: readiness. The first call in an isolate checks that D1 and the Durable Object
 * namespace answer and that MANAGE_TOKEN_KEY is usable (without it no public booking can be made);
 * after that it is a bare route (the benchmark baseline), since a binding that answered once stays
 * bound for the isolate's life.
 */
import { createRoute } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { database } from "../db/client";
import { ApiError } from "../domain/errors";
import type { AppEnv } from "../http/env";
import { errorAnswers, jsonAnswer } from "../http/openapi";
import { MANAGE_TOKEN_KEY_HELP, manageTokenKey } from "../manage";

export const healthOperation = createRoute({
  operationId: "getHealth",
  method: "get",
  path: "/api/health",
  tags: ["Service"],
  summary: "Readiness",
  description: "200 once the Worker and its bindings (D1, Durable Objects) answer. No auth, no rate limit.",
  security: [{}],
  responses: { 200: jsonAnswer(z.object({ ok: z.literal(true) }), "Ready."), ...errorAnswers([]) },
});

let bindingsAnswered = false;

export const healthRoutes = new Hono<AppEnv>().on(healthOperation.method, healthOperation.getRoutingPath(), async (c) => {
  if (!bindingsAnswered) {
    try {
      await manageTokenKey(c.env.MANAGE_TOKEN_KEY);
    } catch {
      console.error(`readiness check failed: ${MANAGE_TOKEN_KEY_HELP}`);
      throw new ApiError("INTERNAL", "Not ready: MANAGE_TOKEN_KEY is missing or is not the base64 of 32 bytes.");
    }
    try {
      await Promise.all([database(c.env.DB).run(sql`select 1`), c.env.HOST_SCHEDULER.get(c.env.HOST_SCHEDULER.idFromName("readiness-probe")).ping()]);
    } catch (error) {
      console.error("readiness check failed", error);
      throw new ApiError("INTERNAL", "Not ready: a binding (D1 or Durable Objects) did not answer.");
    }
    bindingsAnswered = true;
  }
  return c.json({ ok: true });
});
