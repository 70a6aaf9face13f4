/**
 * Finding a booking type by its host and reference ("2" or "bt-63bb1a53"), for the public
 * booking-type endpoint and the hosted pages: both must agree on what exists.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { type BookingTypeRow, bookingTypes, type UserRow, users } from "../db/schema";
import { isOffered, type TypeAccess } from "../domain/booking-type-access";
import { parseTypeRef } from "../domain/booking-type-rules";
import type { BookingTypeDetails } from "../domain/contract";

export interface HostedType {
  type: BookingTypeRow;
  host: UserRow;
}

/** The type `ref` of host `username` if this caller may see it; null otherwise (unknown, private, another site's, or its host deleted). */
export async function findHostedType(db: Database, username: string, ref: string, access: TypeAccess): Promise<HostedType | null> {
  const byRef = typeRefCondition(ref);
  const row = await db
    .select({ type: bookingTypes, host: users })
    .from(bookingTypes)
    .innerJoin(users, eq(users.id, bookingTypes.userId))
    .where(and(eq(users.username, username), isNull(users.deletedAt), byRef))
    .get();
  if (!row || !isOffered(row.type, access)) return null;
  return row;
}

/** The column a reference names: "2" the numeric id, "bt-63bb1a53" the string id, "intro" the slug. */
export function typeRefCondition(ref: string) {
  const parsed = parseTypeRef(ref);
  if (parsed?.kind === "id") return eq(bookingTypes.id, parsed.id);
  if (parsed?.kind === "publicId") return eq(bookingTypes.publicId, parsed.publicId);
  return eq(bookingTypes.slug, parsed?.slug ?? ref);
}

/** What a visitor may know about a type: never its rules' internals or other sites it allows. */
export function bookingTypeDetails({ type, host }: HostedType): BookingTypeDetails {
  return {
    id: String(type.id),
    stringId: type.publicId,
    title: type.title,
    duration: type.durationMinutes,
    durations: [...new Set([type.durationMinutes, ...type.durationOptions])].sort((a, b) => a - b),
    host: { username: host.username, name: host.name ?? host.username, timeZone: host.timeZone },
    questions: type.questions,
  };
}
