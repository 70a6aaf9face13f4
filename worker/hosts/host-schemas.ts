/**
 * The bodies and list query of /api/hosts (design-management.md "Hosts"), the host resource, and
 * the list's opaque cursor. Each refusal names its field, so a partner knows what to fix.
 */
import { z } from "zod";
import type { UserRow } from "../db/schema";
import { isValidTimeZone } from "../domain/zoned-time";
import { freeText } from "../lib/free-text";
import { toIsoUtc } from "../lib/instants";
import { pageCursor, pageLimit } from "../lib/pagination";

export interface HostResource {
  username: string;
  name: string;
  timeZone: string;
  email: string | null;
  createdAt: string;
}

const name = freeText(z.string()).trim().min(1, "must be 1 to 200 characters").max(200, "must be 1 to 200 characters");
const timeZone = z.string().refine(isValidTimeZone, "must be an IANA time zone such as Europe/London");
const email = z.email("must be an email address").max(254, "must be at most 254 characters");

export const createHostBody = z.object({
  // It appears in public URLs (/book/:username/:type), so it is kept to what needs no escaping.
  username: z
    .string()
    .regex(/^[a-z0-9-]{3,40}$/, "must be 3 to 40 of a-z, 0-9 and -")
    .meta({ description: "In public URLs: 3–40 of a-z, 0-9 and -.", example: "hepuloujun" }),
  name: name.meta({ description: "The display name visitors see.", example: "Jun Hepulou" }),
  timeZone: timeZone.meta({ description: "The IANA zone of the host's hours.", example: "Asia/Tokyo" }),
  email: email.nullish().meta({ example: "jun@example.com" }),
});

/** Every field optional; `email: null` clears the address. */
export const patchHostBody = z.object({ name: name.optional(), timeZone: timeZone.optional(), email: email.nullish() });

export const listHostsQuery = z.object({
  limit: pageLimit,
  /** After which host id the page starts. */
  cursor: pageCursor(z.number().int().positive()),
});

export function hostResource(row: Pick<UserRow, "username" | "name" | "timeZone" | "email" | "createdAt">): HostResource {
  return {
    username: row.username,
    name: row.name ?? row.username,
    timeZone: row.timeZone,
    email: row.email,
    // Instants are written to the second (design-management.md).
    createdAt: toIsoUtc(Math.floor(row.createdAt / 1000) * 1000),
  };
}
