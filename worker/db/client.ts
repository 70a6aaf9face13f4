/** The drizzle client over the D1 binding. */
import { drizzle } from "drizzle-orm/d1";
import { redactQueryErrors } from "../lib/redacted-query-errors";
import * as schema from "./schema";

// Before any query: a failed query's error names its SQL, never its values (attendees' names and
// e-mail addresses), wherever it ends up logged.
redactQueryErrors();

export type Database = ReturnType<typeof drizzleOver>;

function drizzleOver(d1: D1Database) {
  return drizzle(d1, { schema });
}

/**
 * One client per binding: drizzle builds its table map from the schema for each new client (about
 * 0.1 ms of CPU), and a request asked for one several times. The client holds nothing of a request.
 */
const clients = new WeakMap<D1Database, Database>();

export function database(d1: D1Database): Database {
  let client = clients.get(d1);
  if (!client) {
    client = drizzleOver(d1);
    clients.set(d1, client);
  }
  return client;
}

/** The overlap trigger (migrations/0001) aborts with this message; D1 wraps it in its own error. */
export function isOverlapRefusal(error: unknown): boolean {
  return d1ErrorMentions(error, "BOOKING_OVERLAP");
}

/**
 * True when D1 refused a write because of a constraint or the overlap trigger: the transaction
 * rolled back, so nothing of it committed. Any other failure may have happened after the commit.
 */
export function isConstraintRefusal(error: unknown): boolean {
  return isOverlapRefusal(error) || d1ErrorMentions(error, "constraint failed");
}

/** D1 reports constraint failures only as text, in the error or its cause. */
export function d1ErrorMentions(error: unknown, text: string): boolean {
  const description = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error);
  return description.includes(text);
}
