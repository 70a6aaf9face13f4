/**
 * The Booking API's routes, each registered at the method and path of its operation, and the
 * operations partners see under "Booking API" (checkout holds last), in the reference's order: the public booking-type
 * lookup lives with booking types but is read with availability, so it stands beside it.
 */
import { Hono } from "hono";
import { bookingTypeLookupOperation } from "../booking-types";
import type { AppEnv } from "../http/env";
import { availabilityOperation, availabilityRoutes } from "./availability";
import { bookingRoutes, cancelBookingOperation, createBookingOperation, getBookingOperation, rescheduleBookingOperation } from "./bookings";
import { healthOperation, healthRoutes } from "./health";
import { holdRoutes, placeHoldOperation, releaseHoldOperation, renewHoldOperation } from "./holds";

export const bookingApiRoutes = new Hono<AppEnv>().route("/", healthRoutes).route("/", availabilityRoutes).route("/", bookingRoutes).route("/", holdRoutes);

export const bookingApiOperations = [
  healthOperation,
  availabilityOperation,
  bookingTypeLookupOperation,
  createBookingOperation,
  getBookingOperation,
  cancelBookingOperation,
  rescheduleBookingOperation,
  placeHoldOperation,
  renewHoldOperation,
  releaseHoldOperation,
];
