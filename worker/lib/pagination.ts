/**
 * How every list pages (design-management.md "Resources and endpoints"): `limit` 1–100, default 50,
 * and an opaque `cursor`: the position after which the next page starts, as base64url JSON that only
 * the list that wrote it reads back. A cursor names a position, not the filters, so a page never
 * repeats or skips a row whatever was added or removed since.
 */
import { and, type Column, eq, gt, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";

export const PAGE_SIZE = { default: 50, max: 100 } as const;

const LIMIT_MESSAGE = `must be a whole number from 1 to ${PAGE_SIZE.max}`;

/** The `limit` query parameter, PAGE_SIZE.default when absent. */
export const pageLimit = z
  .string()
  .regex(/^\d{1,3}$/, LIMIT_MESSAGE)
  .transform(Number)
  .refine((size) => size >= 1 && size <= PAGE_SIZE.max, LIMIT_MESSAGE)
  .optional()
  .transform((size) => size ?? PAGE_SIZE.default)
  .meta({ description: `Page size, 1 to ${PAGE_SIZE.max}; ${PAGE_SIZE.default} when absent.`, example: "20" });

export function encodeCursor(position: unknown): string {
  return btoa(JSON.stringify(position)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The `cursor` query parameter: a position that `schema` accepts, else a 400 naming `cursor`. */
export function pageCursor<Position>(schema: z.ZodType<Position>) {
  return z
    .string()
    .transform((text, ctx) => {
      const position = schema.safeParse(decodeJson(text));
      if (position.success) return position.data;
      ctx.addIssue({ code: "custom", message: "is not a cursor from this list; pass nextCursor as it was given" });
      return z.NEVER;
    })
    .optional()
    .meta({ description: "The `nextCursor` of the previous page, as it was given." });
}

function decodeJson(text: string): unknown {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(text) || text.length % 4 === 1) return undefined;
  try {
    return JSON.parse(
      atob(
        text
          .replaceAll("-", "+")
          .replaceAll("_", "/")
          .padEnd(Math.ceil(text.length / 4) * 4, "="),
      ),
    );
  } catch {
    return undefined; // not base64, or not JSON
  }
}

/**
 * Where a keyset page starts: the rows past `after` in the order (`sort`, then `tie` for rows of
 * equal `sort`), both ascending or both descending as the list orders them. No condition (undefined)
 * for the first page.
 */
export function pastPosition(sort: Column, tie: Column, after: { sort: unknown; tie: unknown } | undefined, direction: "asc" | "desc"): SQL | undefined {
  if (!after) return undefined;
  const past = direction === "asc" ? gt : lt;
  return or(past(sort, after.sort), and(eq(sort, after.sort), past(tie, after.tie)));
}

/**
 * A list page from a query that asked for `limit + 1` rows (one more tells whether more follow): the
 * first `limit`, and the cursor after the last of them, or null on the last page.
 */
export function keysetPage<Row>(rows: Row[], limit: number, cursorAfter: (last: Row) => string): { page: Row[]; nextCursor: string | null } {
  if (rows.length <= limit) return { page: rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { page, nextCursor: cursorAfter(page.at(-1)!) };
}
