/**
 * Query errors that carry no data. drizzle builds every failed query's error as
 * `new DrizzleQueryError(sql, params, cause)` whose message ends in `params: <every bound value>`
 * (drizzle-orm/errors.js), and its stack repeats the message: any log of such an error, ours
 * (console.error in a catch, app.onError's "unhandled error") or the runtime's (an uncaught
 * rejection, an error answered across a Durable Object call), would print attendees' names and
 * e-mail addresses. So the errors are rewritten where drizzle makes them, once, for every log site
 * there is or will be: the SQL stays (it names tables and columns, never values), the values go.
 *
 * drizzle makes them in one method of its prepared queries, `queryWithCache` (sqlite-core/session.js),
 * which every D1 query runs through; batches (`db.batch`) throw D1's own errors, which hold no values.
 * That method is drizzle's internal: if an upgrade moves it, `redactQueryErrors` throws at start-up
 * (and redacted-query-errors.test.ts fails) instead of leaking quietly.
 */
import { DrizzleQueryError } from "drizzle-orm";
import { SQLitePreparedQuery } from "drizzle-orm/sqlite-core";

/** A D1 type error quotes the value it could not bind: "Type 'object' not supported for value '…'". */
const QUOTED_VALUE = /value '[\s\S]*'/g;

/** `error` without the bound values it holds: a DrizzleQueryError rebuilt without them, anything else as it is. */
export function redactQueryError(error: unknown): unknown {
  if (!(error instanceof DrizzleQueryError)) return error;
  const count = Array.isArray(error.params) ? error.params.length : 0;
  const redacted = new DrizzleQueryError(error.query, [`${count} bound values, not logged`], redactCause(error.cause));
  if (error.stack) redacted.stack = `${redacted.name}: ${redacted.message}\n${stackFrames(error.stack)}`;
  return redacted;
}

/** D1's own error, unless it quotes a value (then a copy without it, same text otherwise). */
function redactCause(cause: Error | undefined): Error | undefined {
  if (!(cause instanceof Error)) return cause;
  const message = cause.message.replace(QUOTED_VALUE, "value (not logged)");
  if (message === cause.message) return cause;
  const copy = new Error(message);
  copy.name = cause.name;
  return copy;
}

/** The "    at …" lines of a stack, without its first lines (the message, params included). */
function stackFrames(stack: string): string {
  return stack
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .join("\n");
}

let isInstalled = false;

/** Makes every drizzle SQLite query throw redacted errors. Idempotent; throws if drizzle no longer has the method. */
export function redactQueryErrors(): void {
  if (isInstalled) return;
  const prototype = SQLitePreparedQuery.prototype as unknown as { queryWithCache?: (...args: unknown[]) => Promise<unknown> };
  const original = prototype.queryWithCache;
  if (typeof original !== "function") {
    throw new Error("drizzle-orm's SQLitePreparedQuery has no queryWithCache: see worker/lib/redacted-query-errors.ts before upgrading.");
  }
  prototype.queryWithCache = async function queryWithRedactedErrors(this: unknown, ...args: unknown[]) {
    try {
      return await original.apply(this, args);
    } catch (error) {
      throw redactQueryError(error);
    }
  };
  isInstalled = true;
}
