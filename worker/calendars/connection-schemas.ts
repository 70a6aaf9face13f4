/**
 * What the calendar-connections API accepts (design-calendars.md "Connecting"): the provider and
 * where to send the host back, and which calendars count for conflicts or receive events.
 */
import { z } from "zod";
import { PROVIDERS } from "./provider";

/**
 * Where the callback sends the host back: a page of the partner's, https (http only on this
 * machine). Its origin is checked against the account's in the route (return-origins.ts).
 */
const returnUrl = z
  .string({ error: "must be an absolute URL" })
  .max(2_000, "must be at most 2000 characters")
  .refine((text) => {
    try {
      const url = new URL(text);
      return url.protocol === "https:" || (url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname));
    } catch {
      return false;
    }
  }, "must be an absolute https URL (http only for localhost), e.g. https://partner.example/calendar-connected")
  .meta({
    description:
      "Where the host lands after the provider's consent page, with `?connection=<id>&status=active` (or `status=error&reason=…`). Must be on this deployment's origin or an origin listed in `allowedOrigins` of one of the account's booking types; elsewhere is 400 INVALID_REQUEST.",
  });

export const createConnectionBody = z.object({
  provider: z.enum(PROVIDERS, { error: `must be one of ${PROVIDERS.join(", ")}` }).meta({ example: "google" }),
  returnUrl: returnUrl.optional(),
});

const calendarChoice = z.object({
  id: z.string({ error: "must be a calendar id of this connection" }).min(1).max(1_024),
  checkForConflicts: z.boolean({ error: "must be true or false" }).optional(),
  receivesEvents: z.boolean({ error: "must be true or false" }).optional(),
});

export const patchConnectionBody = z.object({
  calendars: z
    .array(calendarChoice, { error: "is required: a list of { id, checkForConflicts?, receivesEvents? }" })
    .min(1, "must list at least one calendar")
    .max(200, "must list at most 200 calendars")
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((choice, index) => {
        if (seen.has(choice.id)) ctx.addIssue({ code: "custom", message: "lists this calendar twice", path: [index, "id"] });
        seen.add(choice.id);
      });
      const receiving = list.filter((choice) => choice.receivesEvents === true);
      if (receiving.length > 1) ctx.addIssue({ code: "custom", message: "at most one calendar receives events" });
    }),
});
