/**
 * design.md "Fields": control characters (but line breaks where a field takes lines) and
 * bidirectional overrides are refused with 400 INVALID_REQUEST in every free-text field of every
 * API, and nothing is written.
 */
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookings, bookingTypes, serviceTokens, users, webhookEndpoints } from "./db/schema";
import { SCOPES } from "./domain/scopes";
import { availableSlots, bookingBody, call, db, errorOf, post, type SeededHost, seedAccount, seedHost, seedToken, upcoming } from "./test/fixtures";

const OVERRIDE = "Ada \u202eevil";
const BELL = "Ada\u0007";
/** A control character at an end, where trimming would otherwise take it away unseen. */
const TRAILING_TAB = "Ada\t";
const TWO_LINES = "first line\r\nsecond line\nthird\rfourth";

async function rowCounts() {
  const tables = [bookings, users, bookingTypes, serviceTokens, webhookEndpoints];
  return Promise.all(tables.map(async (table) => (await db.select({ n: count() }).from(table))[0]!.n));
}

function send(method: "PATCH", path: string, token: string, body: unknown): Promise<Response> {
  return call(path, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
}

/** Every free-text field: how to send a value in it, and whether it takes line breaks. */
function fields(host: SeededHost, admin: string, slot: { start: string; end: string }) {
  const type = host.types[0]!;
  return [
    { field: "name", multiline: false, send: (text: string) => post("/api/bookings", bookingBody(host, slot, { name: text })) },
    { field: "notes", multiline: true, send: (text: string) => post("/api/bookings", bookingBody(host, slot, { notes: text }), { token: host.token }) },
    {
      field: "name",
      multiline: false,
      send: (text: string) => post("/api/hosts", { username: `h-${crypto.randomUUID().slice(0, 12)}`, name: text, timeZone: "UTC" }, { token: admin }),
    },
    { field: "name", multiline: false, send: (text: string) => send("PATCH", `/api/hosts/${host.username}`, host.token, { name: text }) },
    {
      field: "title",
      multiline: false,
      send: (text: string) => post(`/api/hosts/${host.username}/booking-types`, { title: text, durations: [30] }, { token: host.token }),
    },
    { field: "title", multiline: false, send: (text: string) => send("PATCH", `/api/booking-types/${type.id}`, host.token, { title: text }) },
    { field: "description", multiline: true, send: (text: string) => send("PATCH", `/api/booking-types/${type.id}`, host.token, { description: text }) },
    { field: "metadata.leadId", multiline: false, send: (text: string) => post("/api/bookings", bookingBody(host, slot, { metadata: { leadId: text } })) },
    {
      field: "questions.0.label",
      multiline: false,
      send: (text: string) => send("PATCH", `/api/booking-types/${type.id}`, host.token, { questions: [{ id: "company", label: text, type: "text" }] }),
    },
    {
      field: "questions.0.options.0",
      multiline: false,
      send: (text: string) =>
        send("PATCH", `/api/booking-types/${type.id}`, host.token, { questions: [{ id: "topic", label: "Topic", type: "select", options: [text] }] }),
    },
    { field: "name", multiline: false, send: (text: string) => post("/api/tokens", { name: text, scopes: ["bookings:read"] }, { token: admin }) },
    {
      field: "description",
      multiline: true,
      send: (text: string) => post("/api/webhook-endpoints", { url: "https://example.com/hooks", description: text }, { token: admin }),
    },
  ];
}

describe("free-text fields", () => {
  it("refuse a bidirectional override and a control character with 400 INVALID_REQUEST naming the field, writing nothing", async () => {
    const accountId = await seedAccount();
    const host = await seedHost({ accountId });
    const admin = await seedToken(accountId, [...SCOPES]);
    const monday = upcoming(1);
    const [slot] = await availableSlots(host, { startDate: monday, endDate: monday });
    const before = await rowCounts();
    for (const { field, multiline, send: sendText } of fields(host, admin, slot!)) {
      for (const text of [OVERRIDE, BELL, TRAILING_TAB, ...(multiline ? [] : ["Ada\nLovelace", "Ada\n"])]) {
        const error = await errorOf(await sendText(text));
        expect(error, `${field}: ${JSON.stringify(text)}`).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
        expect(error.message).toMatch(new RegExp(`^${field}: must not contain`));
      }
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("take line breaks where a field has lines (notes, descriptions)", async () => {
    const accountId = await seedAccount();
    const host = await seedHost({ accountId });
    const admin = await seedToken(accountId, [...SCOPES]);
    const monday = upcoming(1);
    const [slot] = await availableSlots(host, { startDate: monday, endDate: monday });
    for (const { multiline, send: sendText } of fields(host, admin, slot!)) {
      if (multiline) expect((await sendText(TWO_LINES)).status).toBeLessThan(300);
    }
  });
});
