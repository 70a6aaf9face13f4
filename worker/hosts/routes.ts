/**
 * /api/hosts: everything a partner manages per host. Every call needs a service token and counts
 * against its rate limit, once, here; the parts live beside their logic.
 */
import { Hono } from "hono";
import { hostBookingTypeRoutes } from "../booking-types/management-routes";
import { connectionRoutes } from "../calendars/connection-routes";
import type { AppEnv } from "../http/env";
import { authenticate } from "../http/auth";
import { rateLimit } from "../http/rate-limit";
import { hostCrudRoutes } from "./host-routes";
import { scheduleRoutes } from "./schedule-routes";

export const hostRoutes = new Hono<AppEnv>()
  .use("*", authenticate({ required: true, allowManageToken: false }), rateLimit())
  .route("/", hostCrudRoutes)
  .route("/", scheduleRoutes)
  .route("/", hostBookingTypeRoutes)
  .route("/", connectionRoutes);
