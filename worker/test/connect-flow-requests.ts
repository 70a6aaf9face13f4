/**
 * Generators of hostile requests to the HTML routes of the calendar connect flow, which the OpenAPI
 * document leaves out (design-calendars.md "Connecting"): the connect page `GET /oauth/connect?state=…`,
 * its Continue `POST /oauth/connect` (a form POST, accepted only from our own page: it checks
 * `Origin` and `Sec-Fetch-Site`), and the provider's way back `GET /oauth/callback/:provider?code&state`.
 * States are real ones of the seeded world (operation-world.ts), another account's, or nothing.
 *
 * The test holds every answer to: never a 5xx, a 4xx is an HTML page, and a refused request writes
 * nothing, except that the callback uses up a real state whatever its outcome (marked, and sent
 * last, so the other requests meet the states unused). A Continue not sent from our page must be
 * refused and set no cookie; a callback without a real state is 400.
 */
import fc from "fast-check";
import { BROKEN_ESCAPES, extraHeaders, HOSTILE_TEXT, weighted } from "./malformed-requests";
import type { OperationRequest } from "./operation-requests";
import type { OperationWorld } from "./operation-world";

export const CONNECT_FLOW_ROUTES = ["GET /oauth/connect", "POST /oauth/connect", "GET /oauth/callback/{provider}"] as const;
export type ConnectFlowRoute = (typeof CONNECT_FLOW_ROUTES)[number];

export interface PageRequest extends OperationRequest {
  /** A Continue from anywhere but our page: refused, and no cookie set. */
  isNotFromOurPage?: boolean;
}

/** The app's own origin in tests (fixtures.ts sends every request to https://bookora.test). */
const OWN_ORIGIN = "https://bookora.test";

/** States that open nothing: hostile, broken, over the 100 characters a state may have, or nearly real. */
function unknownState(world: OperationWorld): fc.Arbitrary<{ value: string; label: string }> {
  const nearly = fc
    .constantFrom(...world.states)
    .chain(({ state }) =>
      fc
        .constantFrom(`${state.slice(0, -1)}${state.endsWith("A") ? "B" : "A"}`, state.toUpperCase(), `${state} `, `${state}${"x".repeat(100)}`)
        .map((value) => ({ value, label: "nearly a real state" })),
    );
  const hostile = fc
    .constantFrom(...HOSTILE_TEXT, ...BROKEN_ESCAPES, "st_", "s".repeat(100), "s".repeat(101), "x".repeat(5_000))
    .map((value) => ({ value, label: `state ${JSON.stringify(value.slice(0, 20))}` }));
  return fc.oneof(nearly, hostile);
}

function realState(world: OperationWorld) {
  return fc.constantFrom(...world.states).map((state) => ({ ...state, value: state.state }));
}

/** `name=value`, encoded or raw (broken escapes and all), or the name twice. */
function queryPart(name: string, value: string, how: "encoded" | "raw" | "twice"): string {
  if (how === "raw") return `${name}=${value.replaceAll("#", "%23")}`;
  const encoded = new URLSearchParams({ [name]: value }).toString();
  return how === "twice" ? `${encoded}&${name}=other` : encoded;
}

const queryShape = fc.constantFrom<"encoded" | "raw" | "twice">("encoded", "encoded", "encoded", "raw", "twice");

function connectPageRequest(world: OperationWorld): fc.Arbitrary<PageRequest> {
  const state = weighted(
    { weight: 3, arbitrary: realState(world).map((s) => ({ value: s.value as string | undefined, label: s.label })) },
    { weight: 4, arbitrary: unknownState(world).map((s) => ({ value: s.value as string | undefined, label: s.label })) },
    { weight: 1, arbitrary: fc.constant({ value: undefined as string | undefined, label: "no state" }) },
  );
  const method = fc.oneof({ weight: 12, arbitrary: fc.constant("GET") }, { weight: 1, arbitrary: fc.constantFrom("HEAD", "PUT", "DELETE") });
  return fc.tuple(state, queryShape, method, extraHeaders).map(([chosen, how, verb, extra]) => ({
    endpoint: "GET /oauth/connect",
    label: `${verb} ${chosen.label}, ${how}`,
    method: verb,
    path: `/oauth/connect${chosen.value === undefined ? "" : `?${queryPart("state", chosen.value, how)}`}`,
    headers: extra,
    key: { kind: "none" },
  }));
}

/** How a Continue's body is framed: our form, another framing of the same state, or not a form at all. */
const FORMS = ["urlencoded", "multipart", "json", "text", "no content-type", "broken multipart", "multipart without boundary", "oversized", "binary"] as const;

function continueBody(form: (typeof FORMS)[number], state: string | undefined): { body?: string | Uint8Array; contentType?: string } {
  const fields: Record<string, string> = state === undefined ? {} : { state };
  switch (form) {
    case "urlencoded":
      return { body: new URLSearchParams(fields).toString(), contentType: "application/x-www-form-urlencoded" };
    case "multipart": {
      const parts = Object.entries(fields).map(([name, value]) => `--fz\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
      return { body: `${parts.join("")}--fz--\r\n`, contentType: "multipart/form-data; boundary=fz" };
    }
    case "json":
      return { body: JSON.stringify(fields), contentType: "application/json" };
    case "text":
      return { body: `state=${state ?? ""}`, contentType: "text/plain" };
    case "no content-type":
      return { body: new URLSearchParams(fields).toString() };
    case "broken multipart":
      return { body: "garbage", contentType: "multipart/form-data; boundary=x" };
    case "multipart without boundary":
      return { body: `--x\r\nContent-Disposition: form-data; name="state"\r\n\r\n${state ?? ""}\r\n--x--`, contentType: "multipart/form-data" };
    case "oversized":
      return { body: `${new URLSearchParams(fields).toString()}&pad=${"x".repeat(70 * 1024)}`, contentType: "application/x-www-form-urlencoded" };
    case "binary":
      return { body: new Uint8Array([0xff, 0xfe, 0x00, 0x73, 0x3d, 0xc0, 0xaf]), contentType: "application/x-www-form-urlencoded" };
  }
}

function continueRequest(world: OperationWorld): fc.Arbitrary<PageRequest> {
  const origin = weighted(
    { weight: 6, arbitrary: fc.constant<string | undefined>(OWN_ORIGIN) },
    { weight: 1, arbitrary: fc.constant<string | undefined>(undefined) },
    {
      weight: 2,
      arbitrary: fc.constantFrom<string | undefined>(
        "https://evil.example",
        "null",
        "https://bookora.test.evil.example",
        "http://bookora.test",
        "https://BOOKORA.test",
        "",
        "https://bookora.test/",
      ),
    },
  );
  const site = weighted(
    { weight: 4, arbitrary: fc.constant<string | undefined>(undefined) },
    { weight: 3, arbitrary: fc.constant<string | undefined>("same-origin") },
    { weight: 1, arbitrary: fc.constantFrom<string | undefined>("cross-site", "same-site", "none", "") },
  );
  const state = weighted(
    { weight: 4, arbitrary: realState(world).map((s) => ({ value: s.value as string | undefined, label: s.label })) },
    { weight: 3, arbitrary: unknownState(world).map((s) => ({ value: s.value as string | undefined, label: s.label })) },
    { weight: 1, arbitrary: fc.constant({ value: undefined as string | undefined, label: "no state" }) },
  );
  const form = fc.oneof({ weight: 8, arbitrary: fc.constant<(typeof FORMS)[number]>("urlencoded") }, { weight: 6, arbitrary: fc.constantFrom(...FORMS) });
  return fc.tuple(origin, site, state, form, extraHeaders).map(([from, fetchSite, chosen, framing, extra]) => {
    const { body, contentType } = continueBody(framing, chosen.value);
    const headers: Record<string, string> = { ...extra };
    delete headers.origin;
    if (from !== undefined) headers.origin = from;
    if (fetchSite !== undefined) headers["sec-fetch-site"] = fetchSite;
    if (contentType !== undefined) headers["content-type"] = contentType;
    const isNotFromOurPage = from !== OWN_ORIGIN || (fetchSite !== undefined && fetchSite !== "same-origin");
    return {
      endpoint: "POST /oauth/connect",
      label: `Origin ${from ?? "none"}, Sec-Fetch-Site ${fetchSite ?? "none"}, ${chosen.label}, ${framing}`,
      method: "POST",
      path: "/oauth/connect",
      headers,
      key: { kind: "none" },
      body,
      isNotFromOurPage,
    };
  });
}

function callbackRequest(world: OperationWorld): fc.Arbitrary<PageRequest> {
  const provider = weighted(
    { weight: 6, arbitrary: fc.constantFrom("google", "microsoft") },
    { weight: 1, arbitrary: fc.constantFrom("Google", "apple", "%ZZ", "..", "%00", "<script>", "google%20", "x".repeat(2_000)) },
  );
  const state = weighted(
    {
      weight: 1,
      arbitrary: realState(world).map((s) => ({ value: s.value as string | undefined, label: s.label, real: s as { provider: string } | undefined })),
    },
    { weight: 6, arbitrary: unknownState(world).map((s) => ({ value: s.value as string | undefined, label: s.label, real: undefined })) },
    { weight: 1, arbitrary: fc.constant({ value: undefined as string | undefined, label: "no state", real: undefined }) },
  );
  const code = fc.oneof(fc.constantFrom<string | undefined>(undefined, "", "fake-code", "<script>", "c".repeat(5_000)), fc.string({ maxLength: 30 }));
  const refusal = fc.constantFrom<string | undefined>(undefined, undefined, undefined, "access_denied", "server_error", "<script>");
  const cookie = fc.constantFrom<string | undefined>(
    undefined,
    undefined,
    "__Secure-bookora_oauth_cal_x=forged",
    "bookora_oauth_x=1; __Secure-bookora_oauth_y=2",
    "a".repeat(4_000),
  );
  return fc.tuple(provider, state, code, refusal, cookie, queryShape).map(([name, chosen, authCode, error, cookies, how]) => {
    const query = [
      authCode === undefined ? null : queryPart("code", authCode, how === "twice" ? "encoded" : how),
      chosen.value === undefined ? null : queryPart("state", chosen.value, how),
      error === undefined ? null : queryPart("error", error, "encoded"),
    ].filter(Boolean);
    // A real state at its own provider is used up by the callback, whatever its outcome (oauth-callback.ts).
    const usesUpState = chosen.real !== undefined && chosen.real.provider === name;
    return {
      endpoint: "GET /oauth/callback/{provider}",
      label: `provider ${JSON.stringify(name.slice(0, 20))}, ${chosen.label}, code ${JSON.stringify(authCode?.slice(0, 20))}${error ? `, error ${error}` : ""}${cookies ? ", forged cookie" : ""}`,
      method: "GET",
      path: `/oauth/callback/${name}${query.length > 0 ? `?${query.join("&")}` : ""}`,
      headers: cookies === undefined ? {} : ({ cookie: cookies } as Record<string, string>),
      key: { kind: "none" },
      // Without a real state nothing can be completed; with one, but without the cookie our connect
      // page sets (none can be forged), the browser is not the one that pressed Continue: our 400 page
      // either way, never a redirect to the partner's returnUrl.
      expectStatus: [400],
      writesEvenIfRefused: usesUpState ? "the callback uses up a real state, whatever its outcome" : undefined,
      sendsLast: usesUpState,
    };
  });
}

export function requestsToConnectFlow(route: ConnectFlowRoute, world: OperationWorld): fc.Arbitrary<PageRequest> {
  if (route === "GET /oauth/connect") return connectPageRequest(world);
  if (route === "POST /oauth/connect") return continueRequest(world);
  return callbackRequest(world);
}

/** Sent on every run whatever the seed: the Continues that once answered 500. */
export function namedConnectFlowRequests(world: OperationWorld): PageRequest[] {
  const [state] = world.states;
  const fromOurPage = (label: string, contentType: string, body: string): PageRequest => ({
    endpoint: "POST /oauth/connect",
    label: `named: ${label}`,
    method: "POST",
    path: "/oauth/connect",
    headers: { origin: OWN_ORIGIN, "content-type": contentType },
    key: { kind: "none" },
    body,
  });
  return [
    fromOurPage("multipart that is not multipart", "multipart/form-data; boundary=x", "garbage"),
    fromOurPage("multipart without a boundary", "multipart/form-data", `state=${state!.state}`),
    fromOurPage("JSON", "application/json", JSON.stringify({ state: state!.state })),
    fromOurPage("a form over 4 KB", "application/x-www-form-urlencoded", `state=${state!.state}&pad=${"x".repeat(8 * 1024)}`),
  ];
}
