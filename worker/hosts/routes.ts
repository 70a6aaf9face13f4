/**
 * /api/hosts: the hosts themselves and their hours. app.ts checks the token and counts the rate
 * limit once for everything under /api/hosts (booking types and calendar connections too).
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/env";
import { hostCrudRoutes } from "./host-routes";
import { scheduleRoutes } from "./schedule-routes";

export const hostRoutes = new Hono<AppEnv>().route("/", hostCrudRoutes).route("/", scheduleRoutes);
