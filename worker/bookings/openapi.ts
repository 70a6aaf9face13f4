/** The bookings list in the OpenAPI document (design-management.md "Bookings list"). */
import { createRoute } from "@hono/zod-openapi";
import { CALL_ERRORS, errorAnswers, jsonAnswer, listOf, serviceTokenOnly } from "../http/openapi";
import { bookingSchema } from "../booking-api";
import { bookingListQuery } from "./list-params";

export const bookingListOperations = [
  createRoute({
    method: "get",
    path: "/api/bookings",
    tags: ["Bookings"],
    summary: "List bookings",
    description:
      "Bookings of the hosts the token sees (or of `host`), ordered by start, in the shape of `GET /api/bookings/{id}`. `from` is included and `to` excluded; both bound the start. Needs `bookings:read`.",
    security: serviceTokenOnly,
    request: { query: bookingListQuery },
    responses: { 200: jsonAnswer(listOf(bookingSchema), "A page of bookings."), ...errorAnswers([...CALL_ERRORS, "FORBIDDEN", "NOT_FOUND"]) },
  }),
];
