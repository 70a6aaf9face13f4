/**
 * Who may receive webhooks (design-management.md "Limits and abuse"): `https://` to a public host
 * name, on create, on PATCH and again before each send. Every notation of an IP address, the local
 * names and the deployment's own host are refused with 400 naming `url`; the forms are the ones an
 * attacker would try, parsed by workerd's own URL (which these tests run in).
 */
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { webhookEndpoints } from "../db/schema";
import { SCOPES } from "../domain/scopes";
import { call, db, post, seedAccount, seedToken } from "../test/fixtures";
import { attemptsOf, LATER, receiver, runDeliveries, seedDelivery, seedEndpoint } from "../test/webhook-fixtures";
import type { CreatedWebhookEndpointResource } from "./endpoint-store";
import { receiverRules, receiverUrlRefusal } from "./receiver-url";

/** What workerd's URL makes of each, and why it is refused. */
const REFUSED: [url: string, why: RegExp][] = [
  ["https://127.0.0.1/hook", /IP address/],
  ["https://2130706433/hook", /IP address/], // decimal
  ["https://0x7f.1/hook", /IP address/], // hex, short
  ["https://0x7f000001/hook", /IP address/],
  ["https://0177.0.0.1/hook", /IP address/], // octal
  ["https://017700000001/hook", /IP address/],
  ["https://127.1/hook", /IP address/], // short form
  ["https://127。0。0。1/hook", /IP address/], // ideographic full stops
  ["https://%31%32%37.0.0.1/hook", /IP address/], // percent-encoded
  ["https://0/hook", /IP address/], // 0.0.0.0
  ["https://10.0.0.8/hook", /IP address/],
  ["https://169.254.169.254/latest/meta-data", /IP address/], // a cloud's metadata service
  ["https://8.8.8.8/hook", /IP address/], // public, but a literal all the same
  ["https://127.0.0.1./hook", /IP address/],
  ["https://[::1]/hook", /IP address/],
  ["https://[0:0:0:0:0:0:0:1]/hook", /IP address/],
  ["https://[::ffff:127.0.0.1]/hook", /IP address/], // IPv4-mapped
  ["https://[::ffff:7f00:1]/hook", /IP address/],
  ["https://[::127.0.0.1]/hook", /IP address/],
  ["https://[fd00::1]/hook", /IP address/],
  ["https://[2606:4700::1111]/hook", /IP address/],
  ["https://localhost/hook", /local one/],
  ["https://LOCALHOST./hook", /local one/],
  ["https://%6c%6fcalhost/hook", /local one/],
  ["https://ⓛocalhost/hook", /local one/],
  ["https://hooks.localhost/hook", /local one/],
  ["https://printer.local/hook", /local one/],
  ["https://printer.LOCAL./hook", /local one/],
  ["https://metadata.google.internal/computeMetadata/v1/", /local one/],
  ["https://nas.home.arpa/hook", /local one/],
  ["https://intranet/hook", /single label/],
  ["https://intranet./hook", /single label/],
  ["https://bookora.test/api/health", /own host/], // the request's own host
  ["https://BOOKORA.test./hook", /own host/],
  ["https://book.example.com/hook", /own host/], // PUBLIC_URL's host
  ["https://book.example.com:8443/hook", /own host/],
  ["http://hooks.example.com/hook", /must be https:\/\//],
];

const ALLOWED = [
  "https://hooks.example.com/bookora",
  "https://hooks.example.com./bookora",
  "https://xn--bcher-kva.example/hook",
  "https://a.b.c.example.org:8443/x?y=1",
];

const DEPLOYED = { WEBHOOKS_ALLOW_HTTP: "off", PUBLIC_URL: "https://book.example.com/" };

async function adminToken() {
  return seedToken(await seedAccount(), [...SCOPES]);
}

function patch(id: string, body: object, token: string, bindings?: Partial<Env>): Promise<Response> {
  return call(`/api/webhook-endpoints/${id}`, {
    method: "PATCH",
    body: JSON.stringify(body),
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    bindings,
  });
}

describe("the receiver URL rule, as workerd parses", () => {
  it.each(REFUSED)("refuses %s", (url, why) => {
    expect(receiverUrlRefusal(url, receiverRules(DEPLOYED, "https://bookora.test/api/webhook-endpoints"))).toMatch(why);
  });

  it.each(ALLOWED)("allows %s", (url) => {
    expect(receiverUrlRefusal(url, receiverRules(DEPLOYED, "https://bookora.test/api/webhook-endpoints"))).toBeNull();
  });

  it("with WEBHOOKS_ALLOW_HTTP=on, allows http:// and loopback on any port but the Worker's own, and nothing else private", () => {
    const local = receiverRules({ WEBHOOKS_ALLOW_HTTP: "on" }, "http://127.0.0.1:8788/api/webhook-endpoints");
    for (const url of [
      "http://127.0.0.1:9000/hook",
      "http://127.0.0.2:9000/hook",
      "http://localhost:9000/hook",
      "http://[::1]:9000/hook",
      "http://hooks.example.com/hook",
      "https://hooks.example.com/hook",
    ]) {
      expect(receiverUrlRefusal(url, local), url).toBeNull();
    }
    expect(receiverUrlRefusal("http://127.0.0.1:8788/api/health", local)).toMatch(/own address/);
    for (const url of ["http://10.0.0.8/hook", "http://169.254.169.254/", "http://[::ffff:7f00:1]/", "http://printer.local/", "http://intranet/"]) {
      expect(receiverUrlRefusal(url, local), url).not.toBeNull();
    }
  });
});

describe("the API", () => {
  it("refuses every form on create and on PATCH with 400 INVALID_REQUEST naming url, and stores none", async () => {
    const token = await adminToken();
    const kept = (await (await post("/api/webhook-endpoints", { url: ALLOWED[0] }, { token, bindings: DEPLOYED })).json()) as CreatedWebhookEndpointResource;
    for (const [url] of REFUSED) {
      for (const response of [await post("/api/webhook-endpoints", { url }, { token, bindings: DEPLOYED }), await patch(kept.id, { url }, token, DEPLOYED)]) {
        const { error } = (await response.json()) as { error: { code: string; message: string; details: { field: string; issues: { path: string }[] } } };
        expect([response.status, error], url).toMatchObject([
          400,
          { code: "INVALID_REQUEST", message: expect.stringMatching(/^url: /), details: { field: "url", issues: [{ path: "url" }] } },
        ]);
      }
    }
    const rows = await db.select({ url: webhookEndpoints.url }).from(webhookEndpoints).where(eq(webhookEndpoints.id, kept.id));
    expect(rows).toEqual([{ url: ALLOWED[0] }]);
  });

  it("accepts a loopback receiver where WEBHOOKS_ALLOW_HTTP=on (npm start, e2e, the bench)", async () => {
    const token = await adminToken();
    const response = await post("/api/webhook-endpoints", { url: "http://127.0.0.1:9000/hook" }, { token, bindings: { WEBHOOKS_ALLOW_HTTP: "on" } });
    expect(response.status).toBe(201);
  });
});

describe("at send time", () => {
  it("fault: a url changed in D1 to a refused one (or written before the rule) is not sent to: the attempt logs why, and fetch is never called for it", async () => {
    const rx = receiver();
    const endpoint = await seedEndpoint(await seedAccount(), rx.url);
    await db.update(webhookEndpoints).set({ url: "https://169.254.169.254/latest/meta-data" }).where(eq(webhookEndpoints.id, endpoint.id));
    await seedDelivery(endpoint.id, { status: "pending", createdAt: LATER, nextAttemptAt: LATER });

    await runDeliveries(endpoint.id);

    const fetched = vi.mocked(globalThis.fetch).mock.calls.map(([input]) => new Request(input).url);
    expect(fetched.filter((url) => url.includes("169.254"))).toEqual([]);
    const [attempt] = await attemptsOf(endpoint.id);
    expect(attempt).toMatchObject({
      statusCode: null,
      response: null,
      error: expect.stringMatching(/^not sent: the endpoint's url must have a host name, not an IP address/),
    });
  });
});
