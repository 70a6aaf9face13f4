/**
 * The Booking API's routes, each registered at the method and path of its operation, and those
 * operations in the order the reference shows them.
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/env";
import { availabilityOperation, availabilityRoutes } from "./availability";
import { bookingRoutes, cancelBookingOperation, createBookingOperation, getBookingOperation, rescheduleBookingOperation } from "./bookings";
import { healthOperation, healthRoutes } from "./health";

export const bookingApiRoutes = new Hono<AppEnv>().route("/", healthRoutes).route("/", availabilityRoutes).route("/", bookingRoutes);

export const bookingApiOperations = [
  healthOperation,
  availabilityOperation,
  createBookingOperation,
  getBookingOperation,
  cancelBookingOperation,
  rescheduleBookingOperation,
];
