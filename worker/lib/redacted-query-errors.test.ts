/**
 * No bound SQL parameters (attendees' names and e-mail addresses) in what a failed query leaves in
 * the logs: the error itself holds none, and the Worker's own log line of a failed write has none.
 */
import { env } from "cloudflare:workers";
import { DrizzleQueryError } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { database, isConstraintRefusal } from "../db/client";
import { bookings } from "../db/schema";
import { bookingRow, call, seedHost } from "../test/fixtures";
import { redactQueryError } from "./redacted-query-errors";

const NAME = "Ada Secretname";
const EMAIL = "ada.secret@example.com";

/** Everything a log could print of `error`: its text, its stack, its own properties, its cause. */
function everythingPrintable(error: unknown): string {
  const own = error instanceof Error ? JSON.stringify(error, Object.getOwnPropertyNames(error)) : "";
  const cause = error instanceof Error ? `${String(error.cause)} ${(error.cause as Error | undefined)?.stack ?? ""}` : "";
  return [String(error), (error as Error).stack, own, cause].join("\n");
}

/** The Worker's D1 binding, with every UPDATE failing as in an outage. */
function failingUpdates(real: D1Database): D1Database {
  const fail = () => Promise.reject(new Error("D1_ERROR: simulated outage"));
  const broken = { bind: () => broken, run: fail, all: fail, first: fail, raw: fail };
  return new Proxy(real, {
    get(target, property) {
      if (property === "prepare") return (query: string) => (/^\s*update/i.test(query) ? broken : target.prepare(query));
      const value = Reflect.get(target, property) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

afterEach(() => vi.restoreAllMocks());

describe("a failed query's error", () => {
  it("names the SQL and keeps D1's reason, but holds no bound value: no attendee name or e-mail", async () => {
    const host = await seedHost();
    const row = bookingRow(host, Date.parse("2030-01-07T09:00:00Z"), Date.parse("2030-01-07T09:30:00Z"), { attendeeName: NAME, attendeeEmail: EMAIL });
    const db = database(env.DB);
    await db.insert(bookings).values(row).run();
    const error = await db
      .insert(bookings)
      .values(row)
      .run()
      .then(
        () => null,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(Error);
    const printable = everythingPrintable(error);
    expect(printable).toContain('insert into "bookings"');
    expect(printable).not.toContain(NAME);
    expect(printable).not.toContain(EMAIL);
    // What our code reads of such errors still reads: D1's reason is in the cause.
    expect(isConstraintRefusal(error)).toBe(true);
  });

  it("drops a value that D1's own message quotes", () => {
    const cause = new Error(`D1_TYPE_ERROR: Type 'bigint' not supported for value '${EMAIL}'`);
    const redacted = redactQueryError(new DrizzleQueryError('update "users" set "email" = ?', [EMAIL], cause));
    expect(everythingPrintable(redacted)).not.toContain(EMAIL);
    expect(String((redacted as Error).cause)).toContain("D1_TYPE_ERROR: Type 'bigint' not supported");
  });

  it("leaves no host name or e-mail in the Worker's log line of a write that failed", async () => {
    const host = await seedHost();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await call(`/api/hosts/${host.username}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${host.token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: NAME, email: EMAIL }),
      bindings: { DB: failingUpdates(env.DB) },
    });
    expect(response.status).toBe(500);
    const lines = logged.mock.calls.map((args) => args.map((arg) => (typeof arg === "string" ? arg : everythingPrintable(arg))).join(" "));
    expect(lines.join("\n")).toContain("unhandled error");
    expect(lines.join("\n")).not.toContain("Secretname");
    expect(lines.join("\n")).not.toContain(EMAIL);
  });
});
