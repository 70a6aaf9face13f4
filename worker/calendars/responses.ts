/**
 * A calendar connection as the OpenAPI document describes it (design-calendars.md "Connecting"):
 * one just started, waiting for the host's consent, and one as listed and changed.
 */
import { z } from "zod";
import { CONNECTION_STATUSES } from "../db/schema";
import type { ConnectionResource } from "./connection-store";
import { PROVIDERS } from "./provider";

export const connectionSchema = z
  .object({
    id: z.string().meta({ example: "cal_3f9a2c7d1e5b4a60c2d1" }),
    provider: z.enum(PROVIDERS),
    accountEmail: z.string().nullable().meta({ example: "jun@example.com" }),
    status: z.enum(CONNECTION_STATUSES).meta({
      description:
        "pending: consent not given yet; active: working; needs_reauth: the provider refused the refresh token (connect again); error: the provider is failing (see lastError).",
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

export const startedSchema = z
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
