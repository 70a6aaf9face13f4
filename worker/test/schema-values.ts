/**
 * Values built from the OpenAPI document's JSON schemas, for the operations fuzz
 * (operation-requests.ts): a value the schema takes (its enum, format, pattern, bounds, example,
 * or a real thing of the seeded world where the field's name says what it names), and mutations
 * that break one field of it: gone, null, of another type, hostile text, too long, out of range.
 * Nothing here knows an operation: a field documented tomorrow gets values the day it is documented.
 */
import fc from "fast-check";
import { WEBHOOK_EVENT_TYPES } from "../db/schema";
import { addDays } from "../domain/calendar-days";
import { SCOPES } from "../domain/scopes";
import { preview } from "./fuzz-harness";
import { hostileText, ODD_ZONES, wrongType } from "./malformed-requests";
import type { OperationWorld } from "./operation-world";

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  example?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

/** Where a value goes: a query parameter names things by username; a body may create them. */
export type Place = "query" | "body";

/** A value for a field by its name; `undefined` leaves a query parameter out (a cursor no list gave). */
type Hint = (world: OperationWorld, schema: JsonSchema) => fc.Arbitrary<unknown>;

const ownUsernames = (world: OperationWorld) => world.hosts.filter((h) => h.account === "own").map((h) => h.username);
const someUsername: Hint = (world) =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ownUsernames(world)) }, { weight: 1, arbitrary: fc.constantFrom(...world.hosts.map((h) => h.username)) });
const someTypeRef: Hint = (world) => fc.constantFrom(...world.hosts.flatMap((h) => h.typeRefs));
const someZone: Hint = () => fc.constantFrom(...ODD_ZONES);
/** Days from the first workday on: a range's start, then its end (never before it). */
const days =
  (...offsets: number[]): Hint =>
  (world) =>
    fc.constantFrom(...offsets).map((n) => addDays(world.workday, n));
/** A range's bound: an instant where the schema says date-time (the bookings list), else a day (overrides). */
const bound =
  (...offsets: number[]): Hint =>
  (world, schema) =>
    schema.format === "date-time" ? fc.constantFrom(...offsets).map((n) => `${addDays(world.workday, n)}T00:00:00Z`) : days(...offsets)(world, schema);
/** A slot's edge: an instant where the schema says date-time (bookings), else a clock time (hours). */
const edge =
  (...times: string[]): Hint =>
  (world, schema) =>
    schema.format === "date-time" ? instant(world) : fc.constantFrom(...times);

/** Fields whose name says what they name, by place; the schema decides the rest. */
const HINTS: Record<Place, Record<string, Hint>> = {
  query: {
    username: someUsername,
    host: someUsername,
    slug: someTypeRef,
    bookingType: someTypeRef,
    startDate: days(0, 1),
    endDate: days(1, 6),
    from: bound(-7, 0),
    to: bound(1, 30),
    timezone: someZone,
    duration: () => fc.constantFrom("30", "60", "90"),
    limit: () => fc.constantFrom("1", "2", "50", "100"),
    cursor: () => fc.constant(undefined),
  },
  body: {
    host: someUsername,
    bookingType: someTypeRef,
    timeZone: someZone,
    start: edge("09:00", "13:30"),
    end: edge("17:00", "24:00"),
    email: () => fc.constantFrom("ada@example.com", "a@b.co"),
    url: () => fc.constantFrom("https://fuzz.hooks.test/hook", "https://example.com/webhooks/bookora"),
    returnUrl: () => fc.constantFrom("https://bookora.test/settings", "https://partner.example/back"),
    events: () => fc.subarray([...WEBHOOK_EVENT_TYPES], { minLength: 1 }),
    scopes: () => fc.subarray([...SCOPES], { minLength: 1 }),
    durations: () => fc.subarray([15, 30, 45, 60, 90], { minLength: 1 }),
    "allowedOrigins[]": () => fc.constantFrom("https://partner.example", "https://clinic.example"),
  },
};

/** Offered starts (a write may succeed: valid requests are allowed to) and instants off the grid. */
function instant(world: OperationWorld): fc.Arbitrary<string> {
  return fc.oneof(fc.constantFrom(...world.slots), fc.constantFrom(`${world.workday}T09:07:00Z`, `${world.workday}T00:00:00Z`, "2030-01-07T09:00:00Z"));
}

/** A value `schema` takes, for the field `name` (array items are `name[]`). */
export function validValue(
  name: string,
  schema: JsonSchema,
  place: Place,
  world: OperationWorld,
  components: Record<string, JsonSchema>,
): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, components);
  const hint = HINTS[place][name];
  if (hint) return hint(world, resolved);
  if (resolved.enum && resolved.enum.length > 0) return fc.constantFrom(...resolved.enum);
  const options = resolved.anyOf ?? resolved.oneOf;
  if (options) return fc.oneof(...options.map((option) => validValue(name, option, place, world, components)));
  const types = [resolved.type ?? "string"].flat();
  const concrete = types.filter((type) => type !== "null");
  const value = fc.oneof(...(concrete.length > 0 ? concrete : ["string"]).map((type) => ofType(type, name, resolved, place, world, components)));
  return types.includes("null") ? fc.oneof({ weight: 3, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) }) : value;
}

function ofType(
  type: string,
  name: string,
  schema: JsonSchema,
  place: Place,
  world: OperationWorld,
  components: Record<string, JsonSchema>,
): fc.Arbitrary<unknown> {
  switch (type) {
    case "object":
      return objectValue(schema, place, world, components);
    case "array": {
      const minLength = schema.minItems ?? 0;
      const item = validValue(`${name}[]`, schema.items ?? {}, place, world, components);
      // One item more than the fewest allowed: two intervals of a day would mostly overlap.
      return fc.array(item, { minLength, maxLength: Math.min(schema.maxItems ?? minLength + 1, minLength + 1) });
    }
    case "integer":
    case "number": {
      const min = schema.minimum ?? (schema.exclusiveMinimum === undefined ? 0 : schema.exclusiveMinimum + 1);
      return fc.integer({ min, max: Math.max(min, Math.min(schema.maximum ?? 1_000, min + 1_000)) });
    }
    case "boolean":
      return fc.boolean();
    default:
      return stringValue(schema, world);
  }
}

function stringValue(schema: JsonSchema, world: OperationWorld): fc.Arbitrary<string> {
  if (schema.format === "date-time") return instant(world);
  if (schema.format === "email") return fc.constantFrom("ada@example.com", "a@b.co");
  const matching = schema.pattern ? matchingPattern(schema.pattern, schema.maxLength ?? 100) : null;
  if (matching) return matching;
  const plain = fc.constantFrom("Fuzz", "Ada Lovelace", "Clinic backend", "😀 Intro", "line one\nline two");
  const fitting = plain.filter((text) => text.length >= (schema.minLength ?? 0) && text.length <= (schema.maxLength ?? Infinity));
  return typeof schema.example === "string" ? fc.oneof(fc.constant(schema.example), fitting) : fitting;
}

/** Strings that match `pattern`, or null for a pattern fast-check cannot build strings for. */
function matchingPattern(pattern: string, maxLength: number): fc.Arbitrary<string> | null {
  try {
    return fc.stringMatching(new RegExp(pattern)).filter((text) => text.length <= maxLength);
  } catch {
    return null;
  }
}

function objectValue(schema: JsonSchema, place: Place, world: OperationWorld, components: Record<string, JsonSchema>): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([name, field]) => {
    const value = validValue(name, field, place, world, components);
    // Optional fields are there half the time.
    return fc.tuple(fc.constant(name), required.has(name) ? value : fc.option(value, { nil: undefined, freq: 2 }));
  });
  return fc.tuple(...fields).map((entries) => Object.fromEntries(entries.filter(([, value]) => value !== undefined)));
}

function resolve(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  let resolved = schema;
  for (let hops = 0; resolved.$ref && hops < 10; hops += 1) resolved = components[resolved.$ref.replace("#/components/schemas/", "")] ?? {};
  return resolved;
}

// ---------------------------------------------------------------------------------------------
// Mutations

const MUTATIONS = ["gone", "null", "wrong type", "hostile text", "too long", "out of range", "not one of its values", "too many", "empty"] as const;

/** `json` with up to `count` of its fields (at any depth) broken, and what was broken. */
export function mutated(json: Record<string, unknown>, maxCount: number): fc.Arbitrary<{ json: Record<string, unknown>; label: string }> {
  const paths = fieldPaths(json);
  if (paths.length === 0 || maxCount === 0) return fc.constant({ json, label: "valid fields" });
  const mutation = fc.record({
    path: fc.constantFrom(...paths),
    how: fc.constantFrom(...MUTATIONS),
    wrong: wrongType,
    hostile: hostileText,
    length: fc.constantFrom(101, 201, 256, 501, 1_001, 5_001, 20_000),
    number: fc.constantFrom(-1, 0, 1.5, 4, 721, 1_001, 1e21, Number.MAX_SAFE_INTEGER + 2, -1e21),
  });
  return fc.array(mutation, { minLength: 1, maxLength: maxCount }).map((mutations) => {
    const copy = structuredClone(json);
    const labels = mutations.map(({ path, how, wrong, hostile, length, number }) => {
      const replacement = {
        gone: undefined,
        null: null,
        "wrong type": wrong,
        "hostile text": hostile,
        "too long": "x".repeat(length),
        "out of range": number,
        "not one of its values": "not-one-of-them",
        "too many": Array.from({ length: 60 }, () => "x"),
        empty: "",
      }[how];
      setAt(copy, path, replacement, how === "gone");
      return `${path.join(".")} ${how}${how === "wrong type" || how === "hostile text" || how === "out of range" ? ` ${preview(replacement, 20)}` : ""}`;
    });
    return { json: copy, label: labels.join(", ") };
  });
}

/** Every field path of `json`, objects and the first item of arrays, to depth 4. */
function fieldPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (prefix.length >= 4 || value === null || typeof value !== "object") return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? (value.length > 0 ? [[0, value[0]]] : []) : Object.entries(value);
  return entries.flatMap(([key, inner]) => [[...prefix, key], ...fieldPaths(inner, [...prefix, key])]);
}

/** Sets (or removes) the field at `path`; nothing when an earlier mutation replaced a field on the way. */
function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown, remove: boolean): void {
  let parent: unknown = root;
  for (const key of path.slice(0, -1)) parent = parent !== null && typeof parent === "object" ? (parent as Record<string | number, unknown>)[key] : undefined;
  if (parent === null || typeof parent !== "object") return;
  const last = path.at(-1)!;
  if (remove && !Array.isArray(parent)) delete (parent as Record<string | number, unknown>)[last];
  else (parent as Record<string | number, unknown>)[last] = value;
}
