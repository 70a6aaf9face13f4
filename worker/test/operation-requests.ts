/**
 * Generators of hostile requests to every operation of the OpenAPI document, for the operations
 * fuzz in fuzz.test.ts. The operations, their parameters, security and body schemas are read from
 * `openApiDocument()`, so an operation documented tomorrow is fuzzed the day it is documented.
 * Each request aims at the seeded world (operation-world.ts): path parameters naming a real thing
 * of the caller's account, of another account, or nothing (hostile strings); query strings;
 * headers (no token, another account's, one narrowed to a host, one without the scope, revoked,
 * malformed, a manage token; no, odd or empty Idempotency-Key); bodies built from the operation's
 * schema with fields broken (schema-values.ts), any JSON value, not JSON, over 64 KiB, nested
 * deep, with the wrong content type.
 *
 * Valid requests are carried out (the test allows their writes). What the contract fixes is set on
 * each request: 401 where a token is needed and none usable is sent; 413, or 400, for a body over
 * 64 KiB, nested too deep or not an object, from a caller who gets that far; 404 for a method the
 * path does not have; and, for a caller who cannot see what the path names, never a 2xx nor a 403.
 */
import fc from "fast-check";
import { SCOPES } from "../domain/scopes";
import { MAX_BODY_BYTES } from "../http/validate";
import { openApiDocument } from "../openapi/document";
import type { FuzzRequest, KeyChoice } from "./fuzz-harness";
import {
  BAD_AUTHORIZATIONS,
  BROKEN_ESCAPES,
  bodyFrom,
  contentType,
  extraHeaders,
  HOSTILE_PATH_SEGMENTS,
  HOSTILE_TEXT,
  keyChoice,
  keyLabel,
  type Mode,
  queryString,
  weighted,
} from "./malformed-requests";
import { type OperationWorld, type PathValue, pathKey, type WorldToken } from "./operation-world";
import { type JsonSchema, mutated, validValue } from "./schema-values";

export interface DocumentedOperation {
  /** "POST /api/hosts/{username}/booking-types" */
  name: string;
  method: string;
  template: string;
  /** Callable without a token (security lists `{}`). */
  isPublic: boolean;
  /** Reads the Authorization header (security lists a scheme). */
  readsToken: boolean;
  acceptsManageToken: boolean;
  parameters: { name: string; in: string; required: boolean; schema: JsonSchema }[];
  body?: JsonSchema;
}

export interface OperationRequest extends FuzzRequest {
  /** Deletes or revokes a seeded thing, or uses up a state: sent after the rest, so they meet the world as seeded. */
  sendsLast?: boolean;
  /** Why this request may write even when it is refused (the callback uses up its state). */
  writesEvenIfRefused?: string;
  /** What the path names that the caller cannot see: never a 2xx nor a 403. */
  unseen?: string;
}

interface RawOperation {
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

const document = openApiDocument() as unknown as { paths: Record<string, Record<string, RawOperation>>; components: { schemas: Record<string, JsonSchema> } };
const components = document.components.schemas;

/** Every operation of the document, in its order. */
export function documentedOperations(): DocumentedOperation[] {
  return Object.entries(document.paths).flatMap(([template, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => {
      const security = operation.security ?? [];
      const schemes = security.flatMap((requirement) => Object.keys(requirement));
      return {
        name: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        isPublic: security.length === 0 || security.some((requirement) => Object.keys(requirement).length === 0),
        readsToken: schemes.length > 0,
        acceptsManageToken: schemes.includes("manageToken"),
        parameters: (operation.parameters ?? []).map((p) => ({ name: p.name, in: p.in, required: p.required ?? false, schema: p.schema })),
        body: operation.requestBody?.content["application/json"]?.schema,
      };
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Callers

interface Caller {
  label: string;
  header?: string;
  token?: WorldToken;
  manage?: OperationWorld["manageTokens"][number];
  /** Bearer bkm_…: read as a manage token, whoever made it. */
  isManageShaped?: boolean;
  /** A header that names nobody the server knows (malformed, unknown, revoked). */
  namesNobody?: boolean;
}

function callers(operation: DocumentedOperation, world: OperationWorld, mode: Mode): fc.Arbitrary<Caller> {
  const [ownToken, ...otherTokens] = world.tokens;
  const asToken = (token: WorldToken): Caller => ({ label: token.label, header: `Bearer ${token.secret}`, token });
  const own = fc.constant(asToken(ownToken!));
  const others = fc.constantFrom(...otherTokens.map(asToken));
  const manage = fc.constantFrom(...world.manageTokens.map((m): Caller => ({ label: m.label, header: `Bearer ${m.secret}`, manage: m, isManageShaped: true })));
  const manageWeight = operation.acceptsManageToken ? 3 : 1;
  if (mode === "deep")
    return weighted({ weight: 6, arbitrary: own }, { weight: 2, arbitrary: others }, { weight: operation.acceptsManageToken ? 3 : 0, arbitrary: manage });
  const nobody = fc
    .oneof(
      fc
        .constantFrom(...BAD_AUTHORIZATIONS)
        .map((header): Caller => ({ label: `Authorization ${JSON.stringify(header.slice(0, 30))}`, header, namesNobody: true })),
      fc.constant<Caller>({ label: "revoked token", header: `Bearer ${world.revokedToken}`, namesNobody: true }),
      fc.constant<Caller>({
        label: "own token, one character changed",
        header: `Bearer ${ownToken!.secret.slice(0, -1)}${ownToken!.secret.endsWith("0") ? "1" : "0"}`,
        namesNobody: true,
      }),
    )
    .map((caller) => ({ ...caller, isManageShaped: /^bearer +bkm_[\x21-\x7e]{1,508}$/i.test(caller.header!.trim()) }));
  return weighted(
    { weight: 6, arbitrary: own },
    { weight: 1, arbitrary: fc.constant<Caller>({ ...asToken(ownToken!), label: "own token, odd spelling", header: `bearer   ${ownToken!.secret}  ` }) },
    { weight: 6, arbitrary: others },
    { weight: 2, arbitrary: fc.constant<Caller>({ label: "no token" }) },
    { weight: 3, arbitrary: nobody },
    { weight: manageWeight, arbitrary: manage },
  );
}

/** Whether the server must answer 401 before anything else: a token is needed and none usable came. */
function mustBeUnauthorized(operation: DocumentedOperation, caller: Caller): boolean {
  if (!operation.readsToken) return false;
  if (caller.header === undefined) return !operation.isPublic;
  if (caller.isManageShaped) return !operation.acceptsManageToken;
  return caller.namesNobody === true;
}

/** Whether the caller gets past authentication to the body (so its checks decide the answer). */
function passesAuthentication(operation: DocumentedOperation, caller: Caller): boolean {
  if (!operation.readsToken) return true;
  if (caller.token) return true;
  if (caller.header === undefined) return operation.isPublic;
  return caller.manage !== undefined && operation.acceptsManageToken;
}

/** What the path names that this caller cannot see, if the contract says so: another account's, another host's. */
function unseenBy(caller: Caller, values: (PathValue | undefined)[]): string | undefined {
  for (const value of values) {
    if (!value?.account) continue;
    if (caller.token) {
      const { token } = caller;
      // Only tokens that hold every scope the thing's operations need: a token lacking a scope
      // may be refused with 403 for the whole family, whatever the id.
      const holdsAll = SCOPES.every((scope) => token.scopes.includes(scope));
      if (value.account !== token.account && holdsAll) return value.label;
      if (token.host !== null && value.host !== undefined && value.host !== token.host) return value.label;
    }
    if (caller.manage && value.host !== undefined && value.value !== caller.manage.bookingId) return value.label;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Paths and queries

interface PathChoice {
  path: string;
  label: string;
  values: (PathValue | undefined)[];
  /** Every parameter is a real value (of whichever account), so the route is reached as written. */
  isWellFormed: boolean;
}

function pathChoice(operation: DocumentedOperation, world: OperationWorld, mode: Mode): fc.Arbitrary<PathChoice> {
  const names = [...operation.template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  const perName = names.map((name) => {
    const real = world.pathValues[pathKey(operation.template, name)] ?? [];
    const own = real.filter((value) => value.account !== "other");
    const foreign = real.filter((value) => value.account === "other");
    const asChoice = (value: PathValue) => ({
      segment: encodeURIComponent(value.value),
      label: `${name}: ${value.label}`,
      value: value as PathValue | undefined,
    });
    const hostile = fc
      .constantFrom(...HOSTILE_PATH_SEGMENTS)
      .map((segment) => ({ segment, label: `${name}=${JSON.stringify(segment.slice(0, 20))}`, value: undefined }));
    const nearly = fc
      .constantFrom(...(real.length > 0 ? real : [{ value: "x0000", label: "" }]))
      .chain((value) =>
        fc
          .constantFrom(
            `${value.value.slice(0, -4)}0000`,
            value.value.toUpperCase(),
            `${value.value}%00`,
            `${value.value}%20`,
            `%${value.value.charCodeAt(0).toString(16)}${value.value.slice(1)}`,
          )
          .map((segment) => ({ segment, label: `${name} nearly real: ${JSON.stringify(segment.slice(0, 30))}`, value: undefined })),
      );
    // fc.constantFrom refuses an empty list, even for a choice of weight 0.
    const oneOf = (values: PathValue[]) => (values.length > 0 ? fc.constantFrom(...values).map(asChoice) : fc.constant(null as never));
    return weighted(
      { weight: own.length > 0 ? 6 : 0, arbitrary: oneOf(own) },
      { weight: foreign.length > 0 ? 2 : 0, arbitrary: oneOf(foreign) },
      { weight: mode === "deep" ? 0 : 2, arbitrary: hostile },
      { weight: mode === "deep" && real.length > 0 ? 0 : 1, arbitrary: nearly },
    );
  });
  return fc.tuple(...perName).map((chosen) => {
    let at = 0;
    const path = operation.template.replaceAll(/\{[^}]+\}/g, () => chosen[at++]!.segment);
    return { path, label: chosen.map((c) => c.label).join(", "), values: chosen.map((c) => c.value), isWellFormed: chosen.every((c) => c.value !== undefined) };
  });
}

/** Query values that name nothing, from fixed lists only: a username that passes validation wakes a Durable Object. */
const HOSTILE_QUERY_VALUES = [
  ...HOSTILE_TEXT.filter((text) => !text.includes("\u0000")),
  ...BROKEN_ESCAPES,
  "u".repeat(65),
  "9".repeat(400),
  "-5",
  "101",
  "1.5",
  "2026-02-30",
  "2100-12-31T23:59:59Z",
];

function queryChoice(operation: DocumentedOperation, world: OperationWorld, mode: Mode): fc.Arbitrary<{ query: string; label: string }> {
  const parameters = operation.parameters.filter((p) => p.in === "query");
  if (parameters.length === 0) {
    return mode === "deep"
      ? fc.constant({ query: "", label: "" })
      : fc.constantFrom(
          { query: "", label: "" },
          { query: "", label: "" },
          { query: "?x=<script>", label: "unknown query" },
          { query: "?%ZZ", label: "broken query" },
        );
  }
  const fields = parameters.map((parameter) => {
    const valid = validValue(parameter.name, parameter.schema, "query", world, components).map((value) => ({
      value: value === undefined ? undefined : String(value),
      defect: undefined as string | undefined,
    }));
    const hostile = fc
      .constantFrom(...HOSTILE_QUERY_VALUES)
      .map((value) => ({ value: value as string | undefined, defect: `${parameter.name}=${JSON.stringify(value.slice(0, 20))}` as string | undefined }));
    const absent = fc.constant({ value: undefined as string | undefined, defect: parameter.required ? `no ${parameter.name}` : undefined });
    return weighted(
      { weight: 5, arbitrary: valid },
      { weight: parameter.required && mode === "deep" ? 0 : 2, arbitrary: absent },
      { weight: mode === "deep" ? 0 : 2, arbitrary: hostile },
    );
  });
  return fc.tuple(...fields).chain((chosen) => {
    const values = Object.fromEntries(parameters.map((p, i) => [p.name, chosen[i]!.value]));
    const defects = chosen.map((c) => c.defect).filter(Boolean);
    return queryString(values, mode).map(({ query, label }) => ({ query: query === "" ? "" : `?${query}`, label: [...defects, label].join(", ") }));
  });
}

// ---------------------------------------------------------------------------------------------
// Bodies

interface BodyChoice {
  text?: string | Uint8Array;
  label: string;
  streamed?: boolean;
  contentType?: string;
  /** What the contract answers for this body from a caller who gets to it: 413 or 400. */
  refusedWith?: 400 | 413;
}

function bodyChoice(operation: DocumentedOperation, world: OperationWorld, mode: Mode): fc.Arbitrary<BodyChoice> {
  const type = mode === "deep" ? fc.constant<string | undefined>("application/json") : contentType;
  if (!operation.body) {
    if (operation.method === "GET" || operation.method === "HEAD" || mode === "deep") return fc.constant({ label: "" });
    return weighted<BodyChoice>(
      { weight: 6, arbitrary: fc.constant({ label: "" }) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom("{}", "{ not json", "[]", "x".repeat(70 * 1024)), type)
          .map(([text, contentType]) => ({ text, contentType, label: `body ${JSON.stringify(text.slice(0, 12))}` })),
      },
    );
  }
  const fields = validValue("", operation.body, "body", world, components).chain((json) => {
    if (json === null || typeof json !== "object" || Array.isArray(json)) return fc.constant({ json: { value: json }, label: "valid value" });
    const count = mode === "deep" ? fc.constant(0) : fc.constantFrom(0, 1, 1, 1, 2);
    return count.chain((n) => mutated(json as Record<string, unknown>, n));
  });
  const fromSchema = fc.tuple(bodyFrom(fields, mode), type).map(
    ([body, contentType]): BodyChoice => ({
      text: body.text,
      label: body.label,
      streamed: body.streamed,
      contentType,
      // The size is checked first, whatever the body holds (a broken one over 64 KiB too).
      refusedWith: body.oversized || byteLength(body.text) > MAX_BODY_BYTES ? 413 : body.tooDeep || body.isNotAnObject ? 400 : undefined,
    }),
  );
  if (mode === "deep") return fromSchema;
  const anyJson = fc.tuple(fc.jsonValue({ maxDepth: 4 }), type).map(([value, contentType]): BodyChoice => {
    const isObject = value !== null && typeof value === "object" && !Array.isArray(value);
    const text = JSON.stringify(value);
    return { text, label: `any JSON: ${text.slice(0, 40)}`, contentType, refusedWith: byteLength(text) > MAX_BODY_BYTES ? 413 : isObject ? undefined : 400 };
  });
  return weighted<BodyChoice>(
    { weight: 8, arbitrary: fromSchema },
    { weight: 2, arbitrary: anyJson },
    { weight: 1, arbitrary: fc.constant({ label: "no body" }) },
  );
}

function byteLength(text: string | Uint8Array): number {
  return typeof text === "string" ? new TextEncoder().encode(text).byteLength : text.byteLength;
}

function keyFor(method: string, mode: Mode): fc.Arbitrary<KeyChoice> {
  if (method === "POST") return keyChoice(mode);
  if (method === "GET" || mode === "deep") return fc.constant({ kind: "none" });
  // PUT, PATCH and DELETE are idempotent by nature and accept a key without requiring one.
  return weighted<KeyChoice>(
    { weight: 4, arbitrary: fc.constant({ kind: "none" }) },
    { weight: 2, arbitrary: fc.constant({ kind: "fresh" }) },
    { weight: 1, arbitrary: keyChoice("chaos") },
  );
}

// ---------------------------------------------------------------------------------------------
// Requests

function documentedMethodRequest(operation: DocumentedOperation, world: OperationWorld, mode: Mode): fc.Arbitrary<OperationRequest> {
  return fc
    .tuple(
      callers(operation, world, mode),
      pathChoice(operation, world, mode),
      queryChoice(operation, world, mode),
      bodyChoice(operation, world, mode),
      keyFor(operation.method, mode),
      mode === "deep" ? fc.constant({}) : extraHeaders,
    )
    .map(([caller, path, query, body, key, extra]) => {
      const headers: Record<string, string> = { ...extra };
      if (caller.header !== undefined) headers.authorization = caller.header;
      if (body.contentType !== undefined && body.text !== undefined) headers["content-type"] = body.contentType;
      const unseen = mustBeUnauthorized(operation, caller) ? undefined : unseenBy(caller, path.values);
      const bodyDecides = passesAuthentication(operation, caller) && path.isWellFormed && body.refusedWith !== undefined && operation.body !== undefined;
      return {
        endpoint: operation.name,
        label: [mode === "deep" ? "deep" : "", caller.label, path.label, query.label, body.label, keyLabel(key)].filter(Boolean).join("; "),
        method: operation.method,
        path: `${path.path}${query.query}`,
        headers,
        key,
        body: body.text,
        streamed: body.streamed,
        expectStatus: mustBeUnauthorized(operation, caller) ? [401] : bodyDecides ? [body.refusedWith!] : undefined,
        unseen,
        sendsLast: isDestructive(operation),
      };
    });
}

/** DELETE, and POST …/revoke: they take a seeded thing away from the requests after them. */
function isDestructive(operation: DocumentedOperation): boolean {
  return operation.method === "DELETE" || operation.template.endsWith("/revoke");
}

/** A method the path does not have, with a token that gets past authentication: 404 NOT_FOUND. */
function undocumentedMethodRequest(
  operation: DocumentedOperation,
  world: OperationWorld,
  documented: readonly string[],
): fc.Arbitrary<OperationRequest> | null {
  const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((method) => !documented.includes(method));
  if (methods.length === 0) return null;
  return fc.tuple(fc.constantFrom(...methods), pathChoice(operation, world, "deep")).map(([method, path]) => ({
    endpoint: operation.name,
    label: `undocumented method ${method}; ${path.label}`,
    method,
    path: path.path,
    headers: { authorization: `Bearer ${world.ownToken}`, ...(method === "GET" ? {} : { "content-type": "application/json" }) },
    key: method === "POST" ? { kind: "fresh" } : { kind: "none" },
    body: method === "GET" ? undefined : "{}",
    expectStatus: [404],
  }));
}

/** Requests to one operation: three in four "chaos", one in four "deep" (see Mode), a few with a method the path lacks. */
export function requestsToOperation(
  operation: DocumentedOperation,
  world: OperationWorld,
  all: readonly DocumentedOperation[],
): fc.Arbitrary<OperationRequest> {
  const documented = all.filter((other) => other.template === operation.template).map((other) => other.method);
  const undocumented = undocumentedMethodRequest(operation, world, documented);
  return weighted(
    { weight: 18, arbitrary: documentedMethodRequest(operation, world, "chaos") },
    { weight: 6, arbitrary: documentedMethodRequest(operation, world, "deep") },
    { weight: undocumented ? 1 : 0, arbitrary: undocumented ?? fc.constant(null as never) },
  );
}

/** Sent on every run whatever the seed: one request for each rule of visibility and of attendees' rights. */
export function namedOperationRequests(world: OperationWorld): OperationRequest[] {
  const [own, narrowed] = world.tokens;
  const other = world.tokens.find((token) => token.account === "other")!;
  const value = (key: string, label: string) => world.pathValues[key]!.find((v) => v.label === label)!.value;
  const started = world.manageTokens.find((m) => m.hasStarted)!;
  const request = (
    name: string,
    label: string,
    path: string,
    token: string,
    body: string | undefined,
    expectStatus: number[],
    extra: Partial<OperationRequest> = {},
  ): OperationRequest => ({
    endpoint: name,
    label: `named: ${label}`,
    method: name.split(" ")[0]!,
    path,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    key: name.startsWith("POST") ? { kind: "fresh" } : { kind: "none" },
    body,
    expectStatus,
    ...extra,
  });
  const spare = value("tokens/{id}", "own spare token");
  const host1 = value("hosts/{username}", "own host 1");
  const host2 = value("hosts/{username}", "own host 2");
  return [
    request("POST /api/tokens/{id}/revoke", "another account's token revokes ours", `/api/tokens/${spare}/revoke`, other.secret, "{}", [404], {
      unseen: "own spare token",
      sendsLast: true,
    }),
    request("DELETE /api/hosts/{username}", "another account's token deletes our host", `/api/hosts/${host1}`, other.secret, undefined, [404], {
      unseen: "own host 1",
      sendsLast: true,
    }),
    request(
      "PATCH /api/hosts/{username}",
      "a token narrowed to host 1 renames host 2",
      `/api/hosts/${host2}`,
      narrowed!.secret,
      JSON.stringify({ name: "Taken over" }),
      [404],
      { unseen: "own host 2" },
    ),
    request(
      "POST /api/bookings/{id}/cancel",
      "an attendee cancels a booking that has started",
      `/api/bookings/${started.bookingId}/cancel`,
      started.secret,
      "{}",
      [409],
    ),
    request(
      "POST /api/bookings/{id}/reschedule",
      "an attendee moves a booking that has started",
      `/api/bookings/${started.bookingId}/reschedule`,
      started.secret,
      JSON.stringify({ newSlot: { start: world.slots[0], end: new Date(Date.parse(world.slots[0]!) + 30 * 60_000).toISOString().replace(".000Z", "Z") } }),
      [409],
    ),
    request(
      "PATCH /api/webhook-endpoints/{id}",
      "malformed JSON",
      `/api/webhook-endpoints/${value("webhook-endpoints/{id}", "own endpoint")}`,
      own!.secret,
      "{ not json",
      [400],
    ),
    request(
      "POST /api/tokens",
      "a token narrowed to a host with account-wide scopes",
      "/api/tokens",
      own!.secret,
      JSON.stringify({ name: "x", scopes: ["tokens:write"], host: host1 }),
      [400],
    ),
  ];
}
