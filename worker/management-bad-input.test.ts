/**
 * Malformed and hostile input on every operation of the OpenAPI document, the management API's
 * included: a fixed list of hostile bodies and parameters, each sent to every operation (fuzz.test.ts
 * explores them further, from a seed, with every kind of caller). The operations, their bodies'
 * fields and their parameters are read from the document, so a new route is covered the day it is
 * documented; the world they name is the fuzz's (test/operation-world.ts). For each, with the
 * account's token holding every scope, and every parameter a real thing of the account but one:
 * - a body that is not what the operation takes (not JSON, not an object, too deep, too big, a field
 *   of the wrong type, too long, or outside its enum) is 400 or 413 INVALID_REQUEST, and writes nothing;
 * - a hostile path or query parameter (very long, NUL, a path climb, SQL, an emoji, broken
 *   percent-encoding) is a 4xx in the error envelope, never a 5xx, and writes nothing.
 * Every answer is also checked against the document by `call` (test/openapi-conformance.ts).
 */
import { describe, expect, it } from "vitest";
import { call, errorOf } from "./test/fixtures";
import { documentedOperations } from "./test/operation-requests";
import { realPath, seedOperationWorld } from "./test/operation-world";
import type { JsonSchema } from "./test/schema-values";
import { rowChanges, tableRows } from "./test/table-snapshot";

const operations = documentedOperations();

/** Larger than any body the API takes (design.md: 64 KB at most). */
const OVERSIZED = JSON.stringify({ padding: "x".repeat(2 * 1024 * 1024) });

/** Not an object the operation could take, whatever it is (an empty body reads as `{}`: http/validate.ts). */
const NOT_A_BODY: [string, string][] = [
  ["malformed JSON", "{ not json"],
  ["an array", "[1, 2, 3]"],
  ["a string", '"hello"'],
  ["null", "null"],
  ["a number", "42"],
  ["nesting 5,000 deep", `${"[".repeat(5_000)}${"]".repeat(5_000)}`],
  ["2 MB", OVERSIZED],
];

const HOSTILE_VALUES = ["x".repeat(3_000), "%00", "..%2F..%2F..%2Fetc%2Fpasswd", "'%20OR%201%3D1--", "%F0%9F%98%80", "%E0%A4%A", "-1", "1e999", "%5B%5D"];

function send(method: string, path: string, token: string, body?: string): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, "idempotency-key": crypto.randomUUID() };
  if (body !== undefined) headers["content-type"] = "application/json";
  return call(path, { method, headers, body });
}

/** Field bodies that break the operation's schema: each field, in turn, of a type it does not allow, too long, or outside its enum. */
function fieldBreakers(schema: JsonSchema): [string, unknown][] {
  const breakers: [string, unknown][] = [];
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const allowed = typesOf(field);
    const wrong = ([true, 12_345, "text", [], { nested: true }] as unknown[]).find((value) => !allowed.has(jsonType(value)));
    if (wrong !== undefined && allowed.size > 0) breakers.push([`${name} of the wrong type`, { [name]: wrong }]);
    if (field.maxLength !== undefined) breakers.push([`${name} too long`, { [name]: "x".repeat(field.maxLength + 1) }]);
    if (field.enum) breakers.push([`${name} outside its enum`, { [name]: "not-one-of-them" }]);
  }
  return breakers;
}

function typesOf(schema: JsonSchema): Set<string> {
  const types = new Set<string>();
  for (const type of [schema.type ?? []].flat()) types.add(type === "integer" ? "number" : type);
  for (const option of schema.anyOf ?? []) for (const type of typesOf(option)) types.add(type);
  return types;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return "array";
  return typeof value === "object" ? "object" : typeof value;
}

describe("every documented operation, with hostile input", () => {
  it("refuses a body it cannot take with 400 or 413 INVALID_REQUEST, and writes nothing", async () => {
    const world = await seedOperationWorld();
    const before = await tableRows();
    const refusals: string[] = [];
    let sent = 0;
    for (const { method, template, body: schema } of operations) {
      if (!schema) continue;
      const bodies: [string, string][] = [...NOT_A_BODY, ...fieldBreakers(schema).map(([label, body]): [string, string] => [label, JSON.stringify(body)])];
      for (const [label, body] of bodies) {
        const response = await send(method, realPath(template, world), world.ownToken, body);
        sent += 1;
        const text = await response.text();
        const code = response.status >= 400 ? (JSON.parse(text) as { error: { code: string } }).error.code : null;
        if (!((response.status === 400 || response.status === 413) && code === "INVALID_REQUEST"))
          refusals.push(`${method} ${template} with ${label}: ${response.status} ${text.slice(0, 120)}`);
      }
    }
    expect(refusals).toEqual([]);
    expect(sent).toBeGreaterThan(150);
    expect(rowChanges(before, await tableRows())).toEqual([]);
  });

  it("answers a hostile path or query parameter with a 4xx in the error envelope, never a 5xx, and writes nothing", async () => {
    const world = await seedOperationWorld();
    const before = await tableRows();
    const problems: string[] = [];
    let sent = 0;
    for (const { method, template, parameters, body } of operations) {
      for (const parameter of parameters) {
        if (parameter.in !== "path" && parameter.in !== "query") continue;
        for (const value of HOSTILE_VALUES) {
          const path =
            parameter.in === "path" ? realPath(template, world, { name: parameter.name, value }) : `${realPath(template, world)}?${parameter.name}=${value}`;
          const response = await send(method, path, world.ownToken, body ? "{}" : undefined);
          sent += 1;
          // A query parameter may be one the operation reads leniently (a 2xx); a path one names nothing.
          if (response.status < 300 && parameter.in === "query") continue;
          if (response.status < 400 || response.status >= 500)
            problems.push(`${method} ${template}, ${parameter.name}=${value.slice(0, 20)}: ${response.status}`);
          else await errorOf(response);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(sent).toBeGreaterThan(300);
    // Idempotency records aside: a POST to a path that names nothing may record its 404 for a retry.
    expect(rowChanges(before, await tableRows(), { except: ["idempotency_records"] })).toEqual([]);
  });
});
