/**
 * The fake Resend API on one loopback port, for the e2e suite and the local demo: the API at
 * `POST /emails`, a JSON control API under /control, and the inbox pages at / (what Bookora sent,
 * each message readable). Node only (node:http); the Worker never imports this file.
 *
 *   npx tsx fakes/mail/fake-mail-server.ts --port 8791
 *
 * prints the variables to put in .dev.vars so `npm start` sends through it.
 *
 * Control API (JSON):
 *   POST   /control/reset      no messages, idempotency keys, faults or counts
 *   GET    /control/messages   { data: [messages, oldest first, attachments decoded] }
 *   POST   /control/fault      { fault, times?, retryAfter?, status?, delayMs? } (fault: one of MAIL_FAULTS)
 *   DELETE /control/fault      clears the armed fault
 *   GET    /control/state      { calls, messages, faults }
 *
 * Pages: GET / (the inbox), GET /messages/:id, GET /messages/:id/attachments/:index (a download).
 */
import { pathToFileURL } from "node:url";
import type { FaultSpec } from "../calendars/fake-faults";
import { emptyAnswer, isRecord, jsonAnswer } from "../calendars/fake-http";
import { listenForFetch, portFromArguments } from "../node-http";
import { attachmentDownload, inboxPage, messagePage, notFoundPage } from "./fake-inbox-pages";
import { receivedEmailJson } from "./fake-received-email";
import { FakeResend } from "./fake-resend";

export interface FakeMailServer {
  /** http://127.0.0.1:<port> */
  url: string;
  resend: FakeResend;
  /** The variables that point Bookora at this server, as they go in .dev.vars. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface FakeMailServerOptions {
  host?: string;
  /** How long a "hang" lasts when the caller never hangs up (30 s by default). */
  hangLimitMs?: number;
}

/** Starts the fake on `port` (0: any free port) and answers once it listens. */
export async function startFakeMailServer(port = 8791, options: FakeMailServerOptions = {}): Promise<FakeMailServer> {
  const {
    url,
    fakes: resend,
    close,
  } = await listenForFetch(port, options.host ?? "127.0.0.1", (url) => new FakeResend({ baseUrl: url, hangLimitMs: options.hangLimitMs }), route);
  return { url, resend, env: fakeMailEnv(url, resend.apiKey), close };
}

/** The variables that send Bookora's e-mail through the fake at `origin`, as they go in .dev.vars. */
export function fakeMailEnv(origin: string, apiKey = new FakeResend().apiKey): Record<string, string> {
  return {
    EMAIL_PROVIDER: "resend",
    RESEND_API_URL: origin.replace(/\/+$/, ""),
    RESEND_API_KEY: apiKey,
    EMAIL_FROM: "Bookora <bookings@example.com>",
  };
}

async function route(request: Request, resend: FakeResend): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (path === "/emails" || path === "/emails/") return resend.fetch(request);
  if (path.startsWith("/control/")) {
    try {
      return await control(request, resend);
    } catch (error) {
      return jsonAnswer({ error: error instanceof Error ? error.message : "Bad request" }, 400);
    }
  }
  if (request.method !== "GET") return jsonAnswer({ error: "Not found: the API is POST /emails, the control API under /control" }, 404);
  if (path === "/") return inboxPage(resend.messages(), new URL(request.url).origin);
  const [, messages, id, attachments, index] = path.split("/");
  const email = messages === "messages" && id !== undefined ? resend.message(decodeURIComponent(id)) : null;
  if (email === null) return notFoundPage();
  if (attachments === undefined) return messagePage(email);
  if (attachments === "attachments" && index !== undefined && /^\d+$/.test(index)) return attachmentDownload(email, Number(index)) ?? notFoundPage();
  return notFoundPage();
}

async function control(request: Request, resend: FakeResend): Promise<Response> {
  const action = new URL(request.url).pathname.slice("/control/".length);
  switch (`${request.method} ${action}`) {
    case "POST reset":
      resend.reset();
      return emptyAnswer();
    case "GET messages":
      return jsonAnswer({ data: resend.messages().map(receivedEmailJson) });
    case "POST fault": {
      const body: unknown = await request.json().catch(() => null);
      if (!isRecord(body) || typeof body.fault !== "string") throw new Error("Send { fault, times?, retryAfter?, status?, delayMs? }");
      // setFault checks the fault's name; a typo is a 400 naming the valid ones.
      resend.setFault(body as unknown as FaultSpec);
      return emptyAnswer();
    }
    case "DELETE fault":
      resend.clearFaults();
      return emptyAnswer();
    case "GET state":
      return jsonAnswer({ calls: resend.callCount(), messages: resend.messages().length, faults: resend.faults.list() });
    default:
      return jsonAnswer({ error: `No control route ${request.method} ${new URL(request.url).pathname}` }, 404);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startFakeMailServer(portFromArguments(process.argv, 8791));
  console.log(`Fake Resend API on ${server.url} (the inbox at ${server.url}/).`);
  console.log("Put these in .dev.vars, then run npm start:\n");
  for (const [name, value] of Object.entries(server.env)) console.log(`${name}=${value}`);
}
