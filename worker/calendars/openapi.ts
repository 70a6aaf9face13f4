/** Calendar connections in the OpenAPI document (design-calendars.md "Connecting"). */
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { CONNECTION_STATUSES } from "../db/schema";
import { CALL_ERRORS, errorAnswers, idempotencyKeyHeaders, jsonAnswer, jsonBody, POST_ERRORS, serviceTokenOnly, usernameParam } from "../http/openapi";
import { createConnectionBody, patchConnectionBody } from "./connection-schemas";
import type { ConnectionResource } from "./connection-store";
import { PROVIDERS } from "./provider";

const TAG = "Calendars";

const connectionSchema = z
  .object({
    id: z.string().meta({ example: "cal_3f9a2c7d1e5b4a60c2d1" }),
    provider: z.enum(PROVIDERS),
    accountEmail: z.string().nullable().meta({ example: "jun@example.com" }),
    status: z.enum(CONNECTION_STATUSES).meta({
      description: "pending: consent not given yet; active: working; needs_reauth: the provider refused the refresh token (connect again); error: the provider is failing (see lastError).",
    }),
    lastError: z.string().nullable(),
    lastSyncedAt: z.iso.datetime().nullable().meta({ description: "The last successful call to the provider." }),
    calendars: z.array(
      z.object({
        id: z.string().meta({ example: "jun@example.com" }),
        name: z.string().meta({ example: "Jun Hepulou" }),
        primary: z.boolean(),
        checkForConflicts: z.boolean().meta({ description: "Its busy times are never offered." }),
        receivesEvents: z.boolean().meta({ description: "Bookings are written into it (at most one calendar of a host)." }),
      }),
    ),
  })
  .meta({ id: "CalendarConnection" }) satisfies z.ZodType<ConnectionResource>;

const startedSchema = z
  .object({
    id: z.string(),
    provider: z.enum(PROVIDERS),
    status: z.literal("pending"),
    authorizationUrl: z.string().meta({
      description:
        "Open it in the host's own browser: a Bookora page (`/oauth/connect?state=…`) that names the host and the account and asks the person to continue. Continue sets a short-lived cookie in that browser and goes on to the provider's consent page; the connection completes only when the same browser comes back. Valid for 10 minutes, once.",
      example: "https://bookora.example/oauth/connect?state=st_Vq3…",
    }),
  })
  .meta({ id: "CalendarConnectionStarted" });

const connectionParams = z.object({
  username: usernameParam,
  id: z.string().meta({ param: { name: "id", in: "path" }, example: "cal_3f9a2c7d1e5b4a60c2d1" }),
});

const HOST_ERRORS = [...CALL_ERRORS, "FORBIDDEN", "NOT_FOUND"] as const;

export const calendarOperations = [
  createRoute({
    method: "post",
    path: "/api/hosts/{username}/calendar-connections",
    tags: [TAG],
    summary: "Connect a calendar",
    description:
      "Starts OAuth 2.0 (authorization code + PKCE) with Google or Microsoft. `authorizationUrl` is our connect page, which names the host and the account and, on Continue, goes on to the provider's consent page. The provider sends the host back to `/oauth/callback/{provider}`, which activates the connection (only in the browser that pressed Continue) and then redirects to `returnUrl` (or shows a page of ours). 400 when this deployment has no client for the provider, or when `returnUrl` is on an origin the account does not allow.",
    security: serviceTokenOnly,
    request: { params: z.object({ username: usernameParam }), headers: idempotencyKeyHeaders, body: jsonBody(createConnectionBody) },
    responses: { 201: jsonAnswer(startedSchema, "Started."), ...errorAnswers([...HOST_ERRORS, ...POST_ERRORS], { readsBody: true }) },
  }),
  createRoute({
    method: "get",
    path: "/api/hosts/{username}/calendar-connections",
    tags: [TAG],
    summary: "List calendar connections",
    security: serviceTokenOnly,
    request: { params: z.object({ username: usernameParam }) },
    responses: { 200: jsonAnswer(z.object({ data: z.array(connectionSchema) }), "The host's connections, oldest first."), ...errorAnswers([...HOST_ERRORS]) },
  }),
  createRoute({
    method: "patch",
    path: "/api/hosts/{username}/calendar-connections/{id}",
    tags: [TAG],
    summary: "Choose calendars",
    description: "Which calendars count for conflicts and which one receives events. Choosing a calendar to receive events unchooses any other of the host's.",
    security: serviceTokenOnly,
    request: { params: connectionParams, body: jsonBody(patchConnectionBody) },
    responses: { 200: jsonAnswer(connectionSchema, "The connection as changed."), ...errorAnswers([...HOST_ERRORS], { readsBody: true }) },
  }),
  createRoute({
    method: "delete",
    path: "/api/hosts/{username}/calendar-connections/{id}",
    tags: [TAG],
    summary: "Disconnect a calendar",
    description: "Its tokens are deleted (and revoked at the provider, best effort); its busy times stop counting at once.",
    security: serviceTokenOnly,
    request: { params: connectionParams },
    responses: { 204: { description: "Disconnected." }, ...errorAnswers([...HOST_ERRORS]) },
  }),
];
