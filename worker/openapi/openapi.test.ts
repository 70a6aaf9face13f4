/**
 * The OpenAPI document and its reference page. Every other test's /api answers are checked against
 * the document (test/openapi-conformance.ts); these check the document itself: it names exactly the
 * routes the app serves, each with what the contract promises of it, and the check can fail.
 */
import { type Schema, Validator } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import { app } from "../app";
import { WEBHOOK_EVENT_TYPES } from "../db/schema";
import type { BookingResponse, CreateBookingResponse } from "../domain/contract";
import { ERROR_STATUS } from "../domain/errors";
import { availableSlots, bookingBody, call, get, post, seedHost, upcoming } from "../test/fixtures";
import { expectConformsToDocument } from "../test/openapi-conformance";
import { messageBody } from "../webhooks/message";
import { openApiDocument } from "./document";
import { REFERENCE_PAGE_CSP } from "./routes";

interface Operation {
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { required?: boolean };
  security?: unknown[];
  responses: Record<string, unknown>;
}

const document = openApiDocument() as unknown as {
  openapi: string;
  info: { description: string };
  paths: Record<string, Record<string, Operation>>;
  webhooks: Record<string, Record<string, Operation & { requestBody: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};

const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, method, operation })),
);

describe("GET /api/openapi.json", () => {
  it("answers the OpenAPI 3.1 document, without a token", async () => {
    const response = await get("/api/openapi.json");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { openapi: string; paths: object };
    expect(body.openapi).toBe("3.1.0");
    expect(body).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it("documents exactly the /api routes the app serves, no more and no fewer", () => {
    const served = new Set(
      app.routes
        .filter((route) => route.method !== "ALL" && route.path.startsWith("/api/"))
        .map((route) => `${route.method} ${route.path.replaceAll(/:(\w+)/g, "{$1}")}`),
    );
    expect(new Set(documented.map(({ key }) => key))).toEqual(served);
  });

  it("gives every operation its auth, its error answers, and every POST a required Idempotency-Key", () => {
    for (const { key, method, operation } of documented) {
      expect(operation.security, key).toBeDefined();
      expect(Object.keys(operation.responses), key).toContain("500");
      if (method === "post") {
        const header = operation.parameters?.find((parameter) => parameter.in === "header" && parameter.name === "idempotency-key");
        expect(header?.required, `${key}: Idempotency-Key`).toBe(true);
        expect(Object.keys(operation.responses), key).toContain("409");
      }
      if (operation.requestBody) {
        expect(operation.requestBody.required, key).toBe(true);
        expect(Object.keys(operation.responses), `${key}: 413 for a body over 64 KiB`).toContain("413");
      }
    }
  });
});

describe("the document's webhooks section", () => {
  /** Refusals of `body` by the message schema of `type`, as a receiver's validator would see them. */
  function messageProblems(type: string, body: string): string[] {
    const schema = document.webhooks[type]?.post?.requestBody.content["application/json"]?.schema;
    if (!schema) return [`no message schema for ${type}`];
    const result = new Validator({ ...schema, components: document.components } as Schema, "2020-12", false).validate(JSON.parse(body));
    return result.errors.map((error) => `${error.instanceLocation}: ${error.error}`);
  }

  it("describes one signed POST per event type, with the three Standard Webhooks headers and what a receiver answers", () => {
    expect(Object.keys(document.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES, "webhook.test"].sort());
    for (const [type, methods] of Object.entries(document.webhooks)) {
      expect(Object.keys(methods), type).toEqual(["post"]);
      const headers = methods.post!.parameters?.filter((parameter) => parameter.in === "header") ?? [];
      expect(
        headers.map((header) => [header.name, header.required]),
        type,
      ).toEqual([
        ["webhook-id", true],
        ["webhook-timestamp", true],
        ["webhook-signature", true],
      ]);
      expect(methods.post!.requestBody.required, type).toBe(true);
      expect(JSON.stringify(methods.post!.responses["2XX"]), type).toContain("within 15 seconds");
    }
  });

  it("accepts each message as the code writes it, with the booking exactly as GET /api/bookings/:id answers it", async () => {
    const host = await seedHost();
    const [first, second] = await availableSlots(host, { startDate: upcoming(1), endDate: upcoming(1) });
    const bookingOf = async (slot: { start: string; end: string }) => {
      const created = await post("/api/bookings", bookingBody(host, slot, { metadata: { utm_source: "newsletter" }, locale: "de-DE" }), { token: host.token });
      const { bookingId } = (await created.json()) as CreateBookingResponse;
      return (await get(`/api/bookings/${bookingId}`, host.token)).json() as Promise<BookingResponse>;
    };
    const booking = await bookingOf(first!);
    const previousBooking = await bookingOf(second!);
    const now = Date.now();
    const partnerData = { metadata: booking.metadata, answers: booking.answers };
    expect(messageProblems("booking.created", messageBody("booking.created", now, { booking, ...partnerData }))).toEqual([]);
    expect(messageProblems("booking.cancelled", messageBody("booking.cancelled", now, { booking, ...partnerData }))).toEqual([]);
    expect(messageProblems("booking.rescheduled", messageBody("booking.rescheduled", now, { booking, previousBooking, ...partnerData }))).toEqual([]);
    expect(messageProblems("webhook.test", messageBody("webhook.test", now, { endpointId: "we_1" }))).toEqual([]);
    // And it can fail: a message of the wrong type, a rescheduling without the old booking, a booking missing a field.
    expect(messageProblems("booking.created", messageBody("booking.cancelled", now, { booking, ...partnerData }))).not.toEqual([]);
    expect(messageProblems("booking.rescheduled", messageBody("booking.rescheduled", now, { booking, ...partnerData }))).not.toEqual([]);
    expect(messageProblems("booking.created", messageBody("booking.created", now, { booking }))).not.toEqual([]);
    const { status: _status, ...withoutStatus } = booking;
    expect(messageProblems("booking.created", messageBody("booking.created", now, { booking: withoutStatus, ...partnerData }))).not.toEqual([]);
  });
});

describe("the conformance check every test's answers pass through", () => {
  const request = (method: string, path: string) => new Request(`https://bookora.test${path}`, { method });
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  const host = { username: "jun", name: "Jun", timeZone: "Asia/Tokyo", email: null, createdAt: "2026-04-01T08:00:00Z" };

  it("passes an answer the document describes", async () => {
    await expect(expectConformsToDocument(request("GET", "/api/hosts/jun"), json(200, host))).resolves.toBeUndefined();
  });

  it("fails a body the schema refuses, a status the operation does not list, a code its status does not list, and HTML for JSON", async () => {
    await expect(expectConformsToDocument(request("GET", "/api/hosts/jun"), json(200, { ...host, timeZone: 9 }))).rejects.toThrow(/timeZone/);
    await expect(expectConformsToDocument(request("GET", "/api/hosts/jun"), json(418, {}))).rejects.toThrow(/does not list/);
    const wrongCode = json(404, { error: { code: "BOOKING_NOT_FOUND", message: "x" } });
    await expect(expectConformsToDocument(request("GET", "/api/hosts/jun"), wrongCode)).rejects.toThrow(/code/);
    const html = new Response("<p>hi</p>", { status: 200, headers: { "content-type": "text/html" } });
    await expect(expectConformsToDocument(request("GET", "/api/hosts/jun"), html)).rejects.toThrow(/not JSON/);
  });

  it("fails a route the document does not have, unless it is the NOT_FOUND envelope", async () => {
    await expect(expectConformsToDocument(request("GET", "/api/nowhere"), json(200, {}))).rejects.toThrow(/no such operation/);
    await expect(expectConformsToDocument(request("GET", "/api/nowhere"), json(404, { error: { code: "NOT_FOUND", message: "x" } }))).resolves.toBeUndefined();
  });
});

describe("GET /docs", () => {
  it("is a page that only loads our own copy of Scalar, which renders /api/openapi.json, under a CSP with no inline script", async () => {
    const response = await call("/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("content-security-policy")).toBe(REFERENCE_PAGE_CSP);
    expect(REFERENCE_PAGE_CSP).toContain("script-src 'self';");
    expect(REFERENCE_PAGE_CSP).not.toMatch(/https?:|\*|unsafe-eval/);
    const page = await response.text();
    expect(page).toContain('data-url="/api/openapi.json"');
    // Every address the page loads is our own.
    expect([...page.matchAll(/(?:href|src)="([^"]*)"/g)].map(([, url]) => url)).toEqual(["/favicon.svg", "/reference/style.css", "/reference/standalone.js"]);
    // Its two scripts: Scalar's settings (an empty element it reads) and Scalar itself. Nothing inline runs.
    const scripts = [...page.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)].map(([, attributes, body]) => ({ attributes: attributes!.trim(), body }));
    expect(scripts.map(({ body }) => body)).toEqual(["", ""]);
    expect(scripts[1]!.attributes).toBe('src="/reference/standalone.js"');
    expect(page).not.toMatch(/\son\w+=/i);
  });

  it("shows every error code, since the document it renders tables them in its description", () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) expect(document.info.description, code).toContain(`| \`${code}\` | ${status} |`);
  });
});
