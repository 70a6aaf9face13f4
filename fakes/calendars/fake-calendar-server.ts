/**
 * Both fake providers on one loopback port, for the e2e suite and the local demo: Google under
 * /google, Microsoft under /microsoft, a JSON control API under /control, and at / a page listing
 * each fake's calendars and events (so whoever runs the demo sees the booking's event appear).
 * Node only (node:http); the Worker never imports this file.
 *
 *   npx tsx fakes/calendars/fake-calendar-server.ts --port 8790
 *
 * prints the variables to put in .dev.vars so `npm start` talks to it.
 *
 * Control API (JSON; times as ISO strings or epoch ms; :provider is google or microsoft):
 *   POST   /control/reset                      both fakes back to a fresh account
 *   POST   /control/:provider/busy             { calendarId?, start, end, showAs? } → 201 the event
 *   POST   /control/:provider/fault            { endpoint, fault, times?, retryAfter?, status?, calendarIds?, reason? }
 *   DELETE /control/:provider/fault?endpoint=  clears one endpoint's fault, or all
 *   GET    /control/:provider/events           ?calendarId=&includeDeleted=1 → { data: [events] }
 *   GET    /control/:provider/state            account, calendars, call counts, armed faults
 *   POST   /control/:provider/settings         { autoApprove }
 */
import { pathToFileURL } from "node:url";
import { listenForFetch, portFromArguments } from "../node-http";
import { type FakeEvent, SHOW_AS_VALUES, type ShowAs } from "./fake-calendar-store";
import type { FaultSpec } from "./fake-faults";
import { FakeGoogle } from "./fake-google";
import { emptyAnswer, escapeHtml, htmlAnswer, isRecord, jsonAnswer } from "./fake-http";
import { FakeMicrosoft } from "./fake-microsoft";
import type { FakeProvider } from "./fake-provider";

export interface FakeCalendarServer {
  /** http://127.0.0.1:<port> */
  url: string;
  google: FakeGoogle;
  microsoft: FakeMicrosoft;
  /** The variables that point Bookora at this server, as they go in .dev.vars. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface FakeCalendarServerOptions {
  host?: string;
  /** The consent pages redirect at once, as if Allow had been clicked. */
  autoApprove?: boolean;
}

/** Starts both fakes on `port` (0: any free port) and answers once it listens. */
export async function startFakeCalendarServer(port = 8790, options: FakeCalendarServerOptions = {}): Promise<FakeCalendarServer> {
  const { url, fakes, close } = await listenForFetch(
    port,
    options.host ?? "127.0.0.1",
    (url) => ({
      google: new FakeGoogle({ baseUrl: `${url}/google`, autoApprove: options.autoApprove }),
      microsoft: new FakeMicrosoft({ baseUrl: `${url}/microsoft`, autoApprove: options.autoApprove }),
    }),
    route,
  );
  return { url, ...fakes, env: fakeCalendarEnv(url), close };
}

/**
 * The variables that point Bookora at the fakes this server serves at `origin` (its URL), as they
 * go in .dev.vars or `wrangler dev --var`. Known before the server starts: the fakes' client ids and
 * secrets are fixed.
 */
export function fakeCalendarEnv(origin: string): Record<string, string> {
  const base = origin.replace(/\/+$/, "");
  const google = new FakeGoogle({ baseUrl: `${base}/google` });
  const microsoft = new FakeMicrosoft({ baseUrl: `${base}/microsoft` });
  return {
    GOOGLE_CLIENT_ID: google.clientId,
    GOOGLE_CLIENT_SECRET: google.clientSecret,
    GOOGLE_AUTH_URL: google.urls.authUrl,
    GOOGLE_TOKEN_URL: google.urls.tokenUrl,
    GOOGLE_CALENDAR_API: google.urls.apiUrl,
    GOOGLE_REVOKE_URL: google.urls.revokeUrl,
    MICROSOFT_CLIENT_ID: microsoft.clientId,
    MICROSOFT_CLIENT_SECRET: microsoft.clientSecret,
    MICROSOFT_AUTH_URL: microsoft.urls.authUrl,
    MICROSOFT_TOKEN_URL: microsoft.urls.tokenUrl,
    MICROSOFT_GRAPH_API: microsoft.urls.apiUrl,
  };
}

async function route(request: Request, fakes: { google: FakeGoogle; microsoft: FakeMicrosoft }): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (path.startsWith("/google/")) return fakes.google.fetch(request);
  if (path.startsWith("/microsoft/")) return fakes.microsoft.fetch(request);
  if (path.startsWith("/control/")) {
    try {
      return await control(request, fakes);
    } catch (error) {
      return jsonAnswer({ error: error instanceof Error ? error.message : "Bad request" }, 400);
    }
  }
  if (path === "/" && request.method === "GET") return htmlAnswer(listingPage(fakes, new URL(request.url).origin));
  return jsonAnswer({ error: "Not found: the fakes live under /google, /microsoft and /control" }, 404);
}

async function control(request: Request, fakes: { google: FakeGoogle; microsoft: FakeMicrosoft }): Promise<Response> {
  const url = new URL(request.url);
  const [, , name, action] = url.pathname.split("/");
  if (name === "reset" && request.method === "POST") {
    fakes.google.reset();
    fakes.microsoft.reset();
    return emptyAnswer();
  }
  const fake: FakeProvider | undefined = name === "google" ? fakes.google : name === "microsoft" ? fakes.microsoft : undefined;
  if (fake === undefined) return jsonAnswer({ error: "The provider is google or microsoft" }, 404);
  const body = request.method === "POST" ? await request.json().catch(() => null) : null;
  const fields = isRecord(body) ? body : {};
  switch (`${request.method} ${action}`) {
    case "POST busy": {
      const showAs = (fields.showAs ?? "busy") as ShowAs;
      if (!SHOW_AS_VALUES.includes(showAs)) throw new Error(`showAs is one of ${SHOW_AS_VALUES.join(", ")}`);
      const event = fake.addBusy(
        typeof fields.calendarId === "string" ? fields.calendarId : undefined,
        instant(fields.start, "start"),
        instant(fields.end, "end"),
        showAs,
      );
      return jsonAnswer(eventJson(event), 201);
    }
    case "POST fault": {
      const { endpoint, ...spec } = fields;
      if (typeof endpoint !== "string" || typeof spec.fault !== "string") throw new Error("Send { endpoint, fault, times? ... }");
      // The board checks the endpoint and fault names; a typo is a 400 naming the valid ones.
      fake.setFault(endpoint, spec as unknown as FaultSpec);
      return emptyAnswer();
    }
    case "DELETE fault":
      fake.clearFaults(url.searchParams.get("endpoint") ?? undefined);
      return emptyAnswer();
    case "GET events": {
      const events = fake.events(url.searchParams.get("calendarId") ?? undefined, { includeDeleted: url.searchParams.get("includeDeleted") === "1" });
      return jsonAnswer({ data: events.map(eventJson) });
    }
    case "GET state":
      return jsonAnswer({
        accountEmail: fake.accountEmail,
        autoApprove: fake.autoApprove,
        calendars: fake.calendars(),
        calls: fake.calls(),
        faults: fake.faults.list(),
      });
    case "POST settings":
      if (typeof fields.autoApprove === "boolean") fake.autoApprove = fields.autoApprove;
      return emptyAnswer();
    default:
      return jsonAnswer({ error: `No control route ${request.method} ${url.pathname}` }, 404);
  }
}

function instant(value: unknown, field: string): number {
  const ms = typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new Error(`${field} must be an ISO time or epoch ms`);
  return ms;
}

function eventJson(event: FakeEvent) {
  return { ...event, start: new Date(event.startMs).toISOString(), end: new Date(event.endMs).toISOString() };
}

function listingPage(fakes: { google: FakeGoogle; microsoft: FakeMicrosoft }, origin: string): string {
  const section = (title: string, fake: FakeProvider) => {
    const calendars = fake
      .calendars()
      .map((calendar) => {
        const rows = fake
          .events(calendar.id, { includeDeleted: true })
          .map(
            (event) =>
              `<tr${event.deleted ? ' class="deleted"' : ""}><td>${new Date(event.startMs).toISOString()}</td><td>${new Date(event.endMs).toISOString()}</td>` +
              `<td>${escapeHtml(event.title)}</td><td>${escapeHtml(event.showAs)}</td><td>${escapeHtml(event.bookingId ?? "")}</td><td>${event.deleted ? "deleted" : ""}</td></tr>`,
          )
          .join("");
        const table =
          rows === ""
            ? "<p>No events.</p>"
            : `<table><tr><th>Start (UTC)</th><th>End (UTC)</th><th>Title</th><th>Shows as</th><th>Booking</th><th></th></tr>${rows}</table>`;
        return `<h3>${escapeHtml(calendar.name)}${calendar.primary ? " (primary)" : ""} <small>${escapeHtml(calendar.id)}</small></h3>${table}`;
      })
      .join("");
    return `<section><h2>${title}: ${escapeHtml(fake.accountEmail)}</h2>${calendars}</section>`;
  };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>Fake calendars</title><style>body{font:15px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}.deleted{color:#999;text-decoration:line-through}small{color:#666}</style></head>
<body><h1>Fake calendars</h1><p>Refreshes every 5 seconds. Add a busy block:
<code>curl -X POST ${escapeHtml(origin)}/control/google/busy -d '{"start":"2026-03-02T09:00:00Z","end":"2026-03-02T10:00:00Z"}'</code></p>
${section("Google", fakes.google)}${section("Microsoft", fakes.microsoft)}</body></html>`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startFakeCalendarServer(portFromArguments(process.argv, 8790), { autoApprove: process.argv.includes("--auto-approve") });
  console.log(`Fake Google and Microsoft calendars on ${server.url} (events listed at ${server.url}/).`);
  console.log("Put these in .dev.vars, then run npm start:\n");
  for (const [name, value] of Object.entries(server.env)) console.log(`${name}=${value}`);
  // Any 32 random bytes will do for local use; this one was made just now.
  console.log(`CALENDAR_TOKEN_KEY=${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`);
}
