/**
 * The OpenAPI document and its reference page. Every other test's /api answers are checked against
 * the document (test/openapi-conformance.ts); these check the document itself: it names exactly the
 * routes the app serves, each with what the contract promises of it, and the check can fail.
 */
import { describe, expect, it } from "vitest";
import { app } from "../app";
import { ERROR_STATUS } from "../errors";
import { call, get } from "../test/fixtures";
import { expectConformsToDocument } from "../test/openapi-conformance";
import { openApiDocument } from "./document";
import { referencePage } from "./reference-page";

interface Operation {
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { required?: boolean };
  security?: unknown[];
  responses: Record<string, unknown>;
}

const document = openApiDocument() as unknown as { openapi: string; paths: Record<string, Record<string, Operation>> };

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
  it("renders every operation and every error code, from our origin only, with no script", async () => {
    const response = await call("/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-inline|https?:/);
    const page = await response.text();
    expect(page).not.toMatch(/<script|\son\w+=/i);
    // Every address the page loads or links is our own (relative), so it makes no third-party request.
    for (const [, url] of page.matchAll(/(?:href|src)="([^"]*)"/g)) expect(url, url).toMatch(/^(\/|#)/);
    for (const { key } of documented) expect(page, key).toContain(key.split(" ")[1]!);
    for (const code of Object.keys(ERROR_STATUS)) expect(page, code).toContain(code);
  });

  it("escapes the document's text: Markdown is marked up after escaping, so no description can inject HTML", async () => {
    const page = String(
      await referencePage({
        info: { title: "T", version: "1", description: 'Use `<img src=x onerror="alert(1)">` **now**' },
        paths: {},
      }),
    );
    expect(page).toContain("<code>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</code> <strong>now</strong>");
    expect(page).not.toContain("<img");
  });
});
