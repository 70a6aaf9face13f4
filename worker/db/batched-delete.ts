/**
 * Expiry in bounded steps: the hourly sweeps delete old rows a thousand at a time, so no single
 * statement holds D1 (one query at a time per database) for long, booking writes run between the
 * steps, and one run stays well inside a Worker invocation's 1,000 D1 queries. Each step commits on
 * its own: a run cut short has removed only rows that were due, and the next run takes the rest.
 */
import { getTableName, type SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Database } from "./client";

export interface SweepBudget {
  /** Rows one DELETE removes at most. */
  rowsPerStep: number;
  /** DELETEs one run makes at most. */
  stepsPerRun: number;
}

/**
 * 1,000 rows × 200 steps: up to 200,000 rows of a table an hour, above the 180,000 a table gains in
 * an hour of 50 bookings a second, in at most 200 of the invocation's 1,000 D1 queries (four tables:
 * 800, and 50 for checkout holds' rows; the rest is left for the run's other work). A step of 1,000
 * took 25–140 ms on local SQLite (docs/scale.md): short enough for the writes queued behind it.
 */
export const HOURLY_SWEEP: SweepBudget = { rowsPerStep: 1_000, stepsPerRun: 200 };

/**
 * Deletes the rows of `table` that match `which`, a step of `rowsPerStep` at a time, until a step
 * finds fewer or the budget is spent; answers how many went. `which` should be a range on an index
 * of the table (each step reads only the rows it deletes). A failed step throws: the steps before it
 * are committed, the rest wait for the next run.
 */
export async function deleteInSteps(db: Database, table: SQLiteTable, which: SQL, budget: SweepBudget = HOURLY_SWEEP): Promise<number> {
  let deleted = 0;
  for (let step = 0; step < budget.stepsPerRun; step += 1) {
    // D1's SQLite has no DELETE … LIMIT: the step picks its rows by rowid in a subquery.
    const result = await db.delete(table).where(sql`rowid IN (SELECT rowid FROM ${table} WHERE ${which} LIMIT ${budget.rowsPerStep})`).run();
    deleted += result.meta.changes;
    if (result.meta.changes < budget.rowsPerStep) return deleted;
  }
  // A table gaining rows faster than the hourly budget removes them: the sign docs/scale.md gives for splitting the database.
  console.warn(JSON.stringify({ message: "expiry used its whole budget; the rest waits for the next run", table: getTableName(table), deleted }));
  return deleted;
}
