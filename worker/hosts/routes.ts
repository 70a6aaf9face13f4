/**
 * The hosts themselves and their hours, each route registered at the method and path of its
 * operation, and those operations in the order the reference shows them. app.ts checks the token
 * and counts the rate limit once for everything under /api/hosts (booking types and calendar
 * connections too).
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/env";
import { createHostOperation, deleteHostOperation, getHostOperation, hostCrudRoutes, listHostsOperation, updateHostOperation } from "./host-routes";
import {
  deleteDateOverrideOperation,
  getScheduleOperation,
  listDateOverridesOperation,
  replaceScheduleOperation,
  scheduleRoutes,
  setDateOverrideOperation,
} from "./schedule-routes";

export const hostRoutes = new Hono<AppEnv>().route("/", hostCrudRoutes).route("/", scheduleRoutes);

export const hostOperations = [
  createHostOperation,
  listHostsOperation,
  getHostOperation,
  updateHostOperation,
  deleteHostOperation,
  getScheduleOperation,
  replaceScheduleOperation,
  listDateOverridesOperation,
  setDateOverrideOperation,
  deleteDateOverrideOperation,
];
