/**
 * The last statement of a batch that creates something an account holds a limited number of (webhook
 * endpoints, live tokens): it fails the batch, rolling back the insert before it, when the account
 * now holds more than allowed, so two creates racing for the last place cannot both commit (D1 runs
 * one batch at a time). SQLite has no assert statement: json() of text that is not JSON is an error,
 * which nothing else in such a batch raises. A select builder, not `db.run(sql)`, because drizzle's
 * D1 batch cannot bind a bare `db.run`.
 */
import { eq, type SQL, sql } from "drizzle-orm";
import { type Database, d1ErrorMentions } from "./client";
import { accounts } from "./schema";

/** `held`: a scalar subquery counting what the account holds now, the new row included. */
export function accountLimitGuard(db: Database, accountId: string, held: SQL, max: number) {
  return db
    .select({ guard: sql`CASE WHEN ${held} > ${max} THEN json('account limit') END` })
    .from(accounts)
    .where(eq(accounts.id, accountId));
}

/** Whether a batch failed on its accountLimitGuard. */
export function isAccountLimitRefusal(error: unknown): boolean {
  return d1ErrorMentions(error, "malformed JSON");
}
